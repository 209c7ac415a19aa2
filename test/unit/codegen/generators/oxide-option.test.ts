import assert from 'node:assert/strict'
import path from 'node:path'
import { describe, it } from 'node:test'
import { readDomain } from '../../../../src/codegen/domain'
import { generateRepositories } from '../../../../src/codegen/generators/repository-generator'
import type { GenerateOptions } from '../../../../src/codegen/generators/types'
import type { DomainModel } from '../../../../src/codegen/model'
import { REPO_ROOT } from '../../../support/services'

const model = readDomain({
  root: path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'oxide-option'),
  tsconfig: 'tsconfig.json',
  sourceRoot: 'src',
  portSuffixes: ['RepositoryPort'],
})
const options: GenerateOptions = {
  infrastructureDir: 'src/infrastructure',
  migrationsDir: 'infra/migrations',
  existingMigration: () => undefined,
  now: new Date('2026-01-02T03:04:05Z'),
}

interface RepositoryData {
  imports: string[]
  methods: Array<{ name: string; returnType: string; body: string[]; notImplemented?: string }>
}

function repository(from: DomainModel, file: string): RepositoryData {
  const artifact = generateRepositories(from, from.ports, options).artifacts.find((a) => a.path.endsWith(file))
  assert.ok(artifact, file)
  return artifact.data as unknown as RepositoryData
}

describe('generateRepositories: oxide.ts Option<T> finders', () => {
  it('returns Some(entity) or None and imports them (and the Option type) from oxide.ts', () => {
    const data = repository(model, 'mysql-user-repository.ts')
    const byName = new Map(data.methods.map((m) => [m.name, m]))
    assert.deepEqual(byName.get('findOneById')?.body, [
      'const row = await this.model.findOne({ where: { id } })',
      'return row ? Some(this.#loaded(row.get({ plain: true }))) : None',
    ])
    assert.deepEqual(byName.get('findOneByEmail')?.body, [
      'const row = await this.model.findOne({ where: { email } })',
      'return row ? Some(this.#loaded(row.get({ plain: true }))) : None',
    ])
    assert.equal(byName.get('findOneById')?.returnType, 'Promise<Option<User>>')
    assert.equal(data.methods.filter((m) => m.notImplemented).length, 0)
    assert.deepEqual(
      data.imports.filter((line) => /oxide/.test(line)),
      ["import { None, type Option, Some } from 'oxide.ts'"],
    )
  })

  it('imports nothing from oxide.ts for a port whose Option is its own, and stubs that finder', () => {
    const data = repository(model, 'mysql-note-repository.ts')
    assert.deepEqual(
      data.imports.filter((line) => /oxide|Option/.test(line)),
      [],
    )
    assert.match(data.methods.find((m) => m.name === 'findOneById')?.notImplemented ?? '', /returns Promise<Option<Note>>/)
  })

  it('keeps the package specifier bare in an ESM project, where relative imports take .js', () => {
    const esm: DomainModel = { ...model, project: { ...model.project, moduleSystem: 'esm', importSuffix: '.js' } }
    const imports = repository(esm, 'mysql-user-repository.ts').imports
    assert.ok(imports.includes("import { None, type Option, Some } from 'oxide.ts'"), imports.join('\n'))
    assert.ok(imports.filter((line) => / from '\./.test(line)).every((line) => /\.js'$/.test(line)))
  })
})
