import assert from 'node:assert/strict'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { BUILTIN_TEMPLATES_DIR } from '../../../src/codegen/render'
import { planRepositoryGeneration } from '../../../src/codegen/repository-service'
import { loadConfig } from '../../../src/core/config'
import { ExitCode, InfraError } from '../../../src/core/errors'
import { REPO_ROOT, uniqueName } from '../../support/services'

// the pipeline's verify step: generated files are type-checked in memory against the user's program before any write
describe('generation pipeline: verify step', () => {
  let root: string
  before(() => {
    root = path.join(REPO_ROOT, '.infra-tmp', uniqueName('verify'))
    mkdirSync(path.dirname(root), { recursive: true })
    cpSync(path.join(REPO_ROOT, 'examples', 'shop-cjs'), root, { recursive: true, filter: (file) => !/node_modules|[/\\]dist([/\\]|$)/.test(file) })
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  it('passes the examples as they are generated', async () => {
    const config = await loadConfig({ cwd: root, env: {} })
    const run = planRepositoryGeneration(config, { ports: [], all: true, force: false })
    assert.ok(run.plan.apply.length >= 12)
  })

  it('an override that renders code which does not compile is invalid input (exit 4) naming the file and line; nothing is planned', async () => {
    const override = path.join(root, 'infra', 'templates', 'persistence', 'mysql', 'mapper.ts.hbs')
    mkdirSync(path.dirname(override), { recursive: true })
    const builtin = readFileSync(path.join(BUILTIN_TEMPLATES_DIR, 'persistence', 'mysql', 'mapper.ts.hbs'), 'utf8')
    writeFileSync(override, `${builtin}\nexport const broken: number = 'not a number'\n`)
    try {
      const config = await loadConfig({ cwd: root, env: {} })
      assert.throws(
        () => planRepositoryGeneration(config, { ports: ['UserRepository'], all: false, force: false }),
        (error: unknown) => {
          assert.ok(error instanceof InfraError)
          assert.equal(error.code, 'GENERATED_CODE_DOES_NOT_COMPILE')
          assert.equal(error.exitCode, ExitCode.InvalidInput)
          assert.match(error.message, /src\/infrastructure\/persistence\/mysql\/mappers\/user\.mapper\.ts:\d+:\d+: TS2322/)
          assert.match(error.hint ?? '', /user\.mapper\.ts was rendered from your templates/)
          return true
        },
      )
      assert.equal(existsSync(path.join(root, 'src', 'infrastructure')), false)
    } finally {
      rmSync(path.join(root, 'infra', 'templates'), { recursive: true, force: true })
    }
  })
})
