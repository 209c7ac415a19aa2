import assert from 'node:assert/strict'
import path from 'node:path'
import { describe, it } from 'node:test'
import { planRepositoryGeneration } from '../../../../src/codegen/repository-service'
import { loadConfig } from '../../../../src/core/config'
import { InfraError } from '../../../../src/core/errors'
import { FIXTURES, readFixture } from './read-fixture'

// A union of unrelated classes without a tag cannot be stored: the reader says where and what to do, and the port is
// blocked (exit 4) instead of storing a JSON value nothing could rebuild.
describe('domain reader: an undiscriminated union of unrelated types in state', () => {
  it('is an ambiguous-type error at the property, with a fix', () => {
    const model = readFixture('union-state')
    const errors = model.diagnostics.filter((d) => d.severity === 'error')
    assert.deepEqual(
      errors.map((d) => [d.code, `${d.location.file}:${d.location.line}`, d.port]),
      [['ambiguous-type', 'src/parcels/parcel.ts:16', 'ParcelRepository']],
    )
    assert.match(errors[0]!.message, /^Parcel\.content: Letter \| Box is a union of unrelated types$/)
    assert.match(errors[0]!.hint, /string-literal union|JSON value object/)
  })

  it('blocks the port: exit 4 naming file:line', async () => {
    const config = await loadConfig({ cwd: path.join(FIXTURES, 'union-state'), env: {} })
    // its only port is blocked: the run stops before anything is planned for writing
    assert.throws(
      () => planRepositoryGeneration(config, { ports: [], all: true, force: false }),
      (error: unknown) =>
        error instanceof InfraError &&
        error.exitCode === 4 &&
        /^src\/parcels\/parcel\.ts:16: Parcel\.content: Letter \| Box is a union of unrelated types/.test(error.message),
    )
  })
})
