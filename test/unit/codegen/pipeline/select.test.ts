import assert from 'node:assert/strict'
import path from 'node:path'
import { describe, it } from 'node:test'
import { readDomain } from '../../../../src/codegen/domain'
import { GENERATORS, selectFromModel } from '../../../../src/codegen/pipeline'
import { InvalidInputError } from '../../../../src/core/errors'
import { REPO_ROOT } from '../../../support/services'

const model = readDomain({
  root: path.join(REPO_ROOT, 'examples', 'shop-cjs'),
  tsconfig: 'tsconfig.json',
  sourceRoot: 'src',
  portSuffixes: ['Repository', 'RepositoryPort', 'Repo', 'RepoPort'],
})
const rule = GENERATORS.repository.selects

describe('generation pipeline: selection and registry', () => {
  it('--all selects every port of the generator roles, and the entities they store', () => {
    const selection = selectFromModel(model, rule, { ports: [], all: true })
    assert.deepEqual(
      selection.ports.map((p) => p.name),
      ['OrderRepository', 'ProductRepositoryPort', 'UserRepository'],
    )
    assert.deepEqual(
      selection.entities.map((e) => e.name),
      ['Order', 'Product', 'User'],
    )
  })

  it('named ports keep model order; an unknown name is PORT_NOT_FOUND listing the known ones', () => {
    assert.deepEqual(
      selectFromModel(model, rule, { ports: ['UserRepository', 'OrderRepository'], all: false }).ports.map((p) => p.name),
      ['OrderRepository', 'UserRepository'],
    )
    assert.throws(
      () => selectFromModel(model, rule, { ports: ['NopeRepository'], all: false }),
      (error: unknown) =>
        error instanceof InvalidInputError &&
        error.code === 'PORT_NOT_FOUND' &&
        /Known ports: OrderRepository, ProductRepositoryPort, UserRepository/.test(error.hint ?? ''),
    )
  })

  it('the repository generator owns exactly the shapes of its files (for orphan reports)', () => {
    const context = { infrastructureDir: 'src/infrastructure', migrationsDir: 'infra/migrations', existingMigration: () => undefined, now: new Date() }
    const owns = (file: string) => GENERATORS.repository.owns(file, context)
    assert.equal(owns('src/infrastructure/repository/mysql-user-repository.ts'), true)
    assert.equal(owns('src/infrastructure/persistence/mysql/models/user.model.ts'), true)
    assert.equal(owns('src/infrastructure/persistence/mysql/mappers/user.mapper.ts'), true)
    assert.equal(owns('src/infrastructure/repository/.gitkeep'), false)
    assert.equal(owns('src/infrastructure/persistence/mysql/connection.ts'), false)
  })
})
