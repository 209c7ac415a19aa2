import assert from 'node:assert/strict'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { loadProgram } from '../../../src/codegen/domain'
import { verifyGenerated } from '../../../src/codegen/pipeline/verify'
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

  // The model calls name their model type (findOne<UserRecord>) so that the check is cheap: it must stay as strict.
  // A built-in template's mistake is a bug of infra (exit 1); each case edits the generated repository in the tree.
  for (const { name, edit, code } of [
    {
      name: 'a column the row does not have, in an explicitly typed where',
      edit: (text: string) => text.replace(/findOne<(\w+)>\(\{ where: \{ /, 'findOne<$1>({ where: { no_such_column: 1, '),
      code: /TS2769 No overload matches this call\..*'no_such_column' does not exist in type 'WhereOptions<UserRow>'/,
    },
    {
      name: 'a model type argument that is not the model this repository holds',
      edit: (text: string) =>
        `import type { Model } from 'sequelize'\n${text.replace(/findOne<(\w+)>\(/, 'findOne<Model<{ other: number }, { other: number }>>(')}`,
      // `this` (the model) or the options do not match the named model type
      code: /TS(2684|2769)/,
    },
  ]) {
    it(`refuses ${name} as a bug of infra (exit 1), nothing written`, async () => {
      const config = await loadConfig({ cwd: root, env: {} })
      const run = planRepositoryGeneration(config, { ports: ['UserRepository'], all: false, force: false })
      const file = run.plan.apply.map((f) => f.path).find((f) => /repository\/mysql-user-repository\.ts$/.test(f))
      assert.ok(file, 'the user repository is generated')
      const before = run.tree.read(file)!
      const text = edit(before)
      assert.notEqual(text, before, 'the edit applies to the generated code')
      run.tree.write(file, text)
      const rendered = run.plan.apply.map((f) => ({ path: f.path, fromOverride: false }))
      assert.throws(
        () => verifyGenerated(loadProgram(root, config.generate.tsconfig), run.tree, rendered),
        (error: unknown) => {
          assert.ok(error instanceof InfraError)
          assert.equal(error.code, 'GENERATED_CODE_BUG')
          assert.equal(error.exitCode, ExitCode.Failed)
          assert.match(error.message, new RegExp(`${file.replace(/[.]/g, '\\.')}:\\d+:\\d+: ${code.source}`))
          return true
        },
      )
      assert.equal(existsSync(path.join(root, 'src', 'infrastructure')), false)
    })
  }
})
