import assert from 'node:assert/strict'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { parseDocument } from 'yaml'
import { parseJson, REPO_ROOT, runCli, uniqueName } from '../../support/services'

interface GenerateJson {
  files: Array<{ path: string; action: string }>
  exports: Array<{ name: string; path: string; kind: string; implements: string }>
  warnings: string[]
  drift?: boolean
}

describe('infra generate search (built CLI, no terminal)', () => {
  const root = path.join(REPO_ROOT, '.infra-tmp', uniqueName('e2e_search'))
  before(() => {
    mkdirSync(path.dirname(root), { recursive: true })
    cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'catalog-search'), root, { recursive: true })
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  it('--help shows the usage, the flags and examples', async () => {
    const result = await runCli(['generate', 'search', '--help'])
    assert.equal(result.code, 0, result.stderr)
    for (const text of ['--all', '--dry-run', '--check', '--json', 'generate search ProductSearch', 'search port'])
      assert.ok(result.stdout.includes(text), text)
  })

  it('no port and no --all is invalid input (4) naming the flags, without a prompt', async () => {
    const result = await runCli(['generate', 'search', '--json'], { cwd: root })
    assert.equal(result.code, 4)
    assert.equal(parseJson<{ error: { code: string } }>(result).error.code, 'MISSING_ARGUMENT')
  })

  it('an unknown port exits 4 listing the search ports', async () => {
    const result = await runCli(['generate', 'search', 'NoSuchSearch', '--json'], { cwd: root })
    assert.equal(result.code, 4)
    const error = parseJson<{ error: { code: string; hint: string } }>(result).error
    assert.equal(error.code, 'PORT_NOT_FOUND')
    assert.match(error.hint, /ProductSearch/)
  })

  it('--dry-run prints the diff and writes nothing', async () => {
    const result = await runCli(['generate', 'search', '--all', '--dry-run'], { cwd: root })
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /\+\+\+ b?\/?src\/infrastructure\/persistence\/elastic\/search\/elastic-product-search\.ts/)
    assert.match(result.stdout, /\+export class ElasticProductSearch implements ProductSearch \{/)
    assert.match(result.stderr, /deleteByStatus was generated to throw/)
    assert.equal(existsSync(path.join(root, 'infra', 'elastic', 'products.yaml')), false)
  })

  it('ProductSearch --json writes the files and reports exports and the stubbed method', async () => {
    const result = await runCli(['generate', 'search', 'ProductSearch', '--json'], { cwd: root })
    assert.equal(result.code, 0, result.stderr)
    const json = parseJson<GenerateJson>(result)
    assert.deepEqual(json.files.map((f) => `${f.action} ${f.path}`).sort(), [
      'create infra/elastic/products.yaml',
      // the composition root, and the module whose storedMember checks the enums read back
      'create src/infrastructure/index.ts',
      'create src/infrastructure/persistence/elastic/client.ts',
      'create src/infrastructure/persistence/elastic/documents/product.document.ts',
      'create src/infrastructure/persistence/elastic/indexers/product.indexer.ts',
      'create src/infrastructure/persistence/elastic/search/elastic-product-search.ts',
      'create src/infrastructure/persistence/mysql/errors.ts',
    ])
    assert.deepEqual(json.exports.map((e) => `${e.kind} ${e.name} ${e.implements}`).sort(), [
      'indexer ProductIndexer Product',
      'search ElasticProductSearch ProductSearch',
    ])
    assert.equal(json.warnings.filter((w) => /generated to throw/.test(w)).length, 1)
    const definition = parseDocument(readFileSync(path.join(root, 'infra', 'elastic', 'products.yaml'), 'utf8')).toJS() as { mappings: { dynamic: string } }
    assert.equal(definition.mappings.dynamic, 'strict')
  })

  it('--check exits 0 when up to date; the repository generator leaves the search port alone', async () => {
    const check = await runCli(['generate', 'search', '--all', '--check'], { cwd: root })
    assert.equal(check.code, 0, check.stderr)
    assert.match(check.stdout, /up to date/)
    const repository = await runCli(['generate', 'repository', 'ProductSearch', '--json'], { cwd: root })
    assert.equal(repository.code, 4)
  })
})
