import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import ts from 'typescript'
import { readDomain } from '../../../../src/codegen/domain'
import { SUFFIXES } from './read-fixture'
import { writeSyntheticDomain } from './synthetic-domain'

// Measures, does not assert on time (tests carry no timing assertions): the figures are printed as test diagnostics.
describe('domain reader: a synthetic domain of 200 ports', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'infra-domain-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('reads 50 and 200 ports with one program each, and reports ms per port next to tsc --noEmit', (t) => {
    const figures: string[] = []
    for (const size of [50, 200]) {
      const root = path.join(dir, String(size))
      writeSyntheticDomain(root, size)
      const started = performance.now()
      const model = readDomain({ root, tsconfig: 'tsconfig.json', sourceRoot: 'src', portSuffixes: SUFFIXES })
      const readMs = performance.now() - started
      assert.equal(model.ports.length, size)
      assert.deepEqual(model.diagnostics, [])
      assert.ok(model.ports.every((p) => p.entity !== null && p.id?.kind === 'id' && p.methods.length === 8))
      assert.equal(model.valueObjects.Address?.storage, 'flattened')

      // baseline: a full type check of the same project (what `tsc --noEmit` does)
      const tscStarted = performance.now()
      const config = ts.getParsedCommandLineOfConfigFile(
        path.join(root, 'tsconfig.json'),
        {},
        { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
      )
      assert.ok(config)
      const program = ts.createProgram(config.fileNames, config.options)
      assert.deepEqual(
        ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')),
        [],
      )
      const tscMs = performance.now() - tscStarted
      figures.push(
        `${size} ports: read ${readMs.toFixed(0)} ms (${(readMs / size).toFixed(2)} ms/port), tsc --noEmit ${tscMs.toFixed(0)} ms, ratio ${(readMs / tscMs).toFixed(2)}`,
      )
    }
    for (const figure of figures) t.diagnostic(figure)
  })
})
