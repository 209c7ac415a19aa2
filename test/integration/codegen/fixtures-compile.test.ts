// The domain reader's fixtures (test/fixtures/domains: DDD classes, hexagonal ports with Option/Paginated, NodeNext ESM,
// type-alias ports) are domains written in other styles: the generated code must compile for each, or stop precisely.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { blockedPortsError } from '../../../src/codegen/generators/repository-generator'
import { planRepositoryGeneration } from '../../../src/codegen/repository-service'
import { commitTree } from '../../../src/codegen/tree'
import { loadConfig } from '../../../src/core/config'
import { InfraError } from '../../../src/core/errors'
import { REPO_ROOT, uniqueName } from '../../support/services'

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'domains')
const fixtures = existsSync(FIXTURES) ? readdirSync(FIXTURES).filter((name) => name !== 'unsupported') : []

/**
 * `--all`, as a user runs it: ports the domain blocks are not generated (`run.blocked`, the command then exits 4),
 * every other port is, and what is generated for them must compile too.
 */
async function generateInto(name: string): Promise<{ root: string; warnings: readonly string[]; blocked?: InfraError }> {
  const root = path.join(REPO_ROOT, '.infra-tmp', uniqueName(`fx_${name.replace(/-/g, '_')}`))
  mkdirSync(path.dirname(root), { recursive: true })
  cpSync(path.join(FIXTURES, name), root, { recursive: true })
  try {
    const config = await loadConfig({ cwd: root, env: {} })
    const run = planRepositoryGeneration(config, { ports: [], all: true, force: false })
    commitTree(run.tree, run.plan)
    const blocked = run.blocked.length > 0 ? blockedPortsError(run.blocked, run.ports.length, true) : undefined
    return { root, warnings: run.warnings, ...(blocked ? { blocked } : {}) }
  } catch (error) {
    rmSync(root, { recursive: true, force: true })
    throw error
  }
}

describe('generated repositories compile for domains in other styles', () => {
  for (const name of fixtures) {
    it(`${name}: tsc --strict accepts the generated code, or generation stops naming file:line`, async () => {
      let root: string
      try {
        const generated = await generateInto(name)
        root = generated.root
        if (generated.blocked) {
          assert.equal(generated.blocked.exitCode, 4)
          assert.match(generated.blocked.message, /^src\/[\w/.-]+\.ts:\d+: /)
        }
      } catch (error) {
        // "done" is: code that compiles, or a precise stop (exit 4, the construct and where it is)
        assert.ok(error instanceof InfraError, String(error))
        assert.equal(error.exitCode, 4)
        assert.match(error.message, /^src\/[\w/.-]+\.ts:\d+: /)
        return
      }
      try {
        // the fixtures declare no node types; sequelize's own typings need them
        const result = spawnSync(
          process.execPath,
          [path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json'), '--noEmit', '--types', 'node'],
          { encoding: 'utf8' },
        )
        assert.equal(`${result.stdout}${result.stderr}`, '')
        assert.equal(result.status, 0)
      } finally {
        rmSync(root, { recursive: true, force: true })
      }
    })
  }

  it('an unsupported domain stops with exit 4 naming every construct and its file:line', async () => {
    if (!existsSync(path.join(FIXTURES, 'unsupported'))) return
    const root = path.join(REPO_ROOT, '.infra-tmp', uniqueName('fx_unsupported'))
    cpSync(path.join(FIXTURES, 'unsupported'), root, { recursive: true })
    try {
      const config = await loadConfig({ cwd: root, env: {} })
      assert.throws(
        () => planRepositoryGeneration(config, { ports: [], all: true, force: false }),
        (error: unknown) =>
          error instanceof InfraError && error.exitCode === 4 && /src\/domain\/\w+\.ts:\d+: /.test(error.message) && /Option<string>/.test(error.message),
      )
      assert.equal(existsSync(path.join(root, 'src', 'infrastructure')), false, 'nothing was written')
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})
