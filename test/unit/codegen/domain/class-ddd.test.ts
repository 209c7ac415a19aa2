import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { entity, method, port, props, readFixture, valueObject } from './read-fixture'

describe('domain reader: class-based DDD (private props, getters, factories, value-object ids, generic bases)', () => {
  const model = readFixture('class-ddd')

  it('takes ports but not generic bases (Repository<T, ID>, BaseRepository<T>)', () => {
    assert.deepEqual(
      model.ports.map((p) => [p.name, p.declarationKind]),
      [
        ['AccountRepository', 'abstract-class'],
        ['ProductRepo', 'interface'],
        ['UserRepository', 'interface'],
      ],
    )
    assert.deepEqual(model.diagnostics, [])
  })

  it('includes members inherited through Repository<User, UserId> with the type parameters substituted', () => {
    const p = port(model, 'UserRepository')
    assert.deepEqual(
      p.methods.map((m) => [m.name, m.inheritedFrom ?? null]),
      [
        ['findByEmail', null],
        ['findByRoleOrderByNameAsc', null],
        ['findById', 'Repository'],
        ['findAll', 'Repository'],
        ['save', 'Repository'],
        ['delete', 'Repository'],
        ['exists', 'Repository'],
      ],
    )
    const findById = method(p, 'findById')
    assert.deepEqual(findById.parameters[0]?.type, p.id)
    assert.deepEqual(findById.returns, { kind: 'single', async: true, type: { kind: 'entity', name: 'User' }, orNull: true, orUndefined: false })
    assert.equal(findById.returnText, 'Promise<User | null>')
    assert.equal(findById.location.file, 'src/domain/core/repository.ts')
    assert.deepEqual(method(p, 'save').parameters[0]?.type, { kind: 'entity', name: 'User' })
  })

  it('rebuilds a class with private props through reconstitute(props, id), not create()', () => {
    const user = entity(model, 'User')
    assert.equal(user.kind, 'class')
    assert.deepEqual(user.reconstruct, {
      kind: 'factory',
      method: 'reconstitute',
      arguments: [
        { kind: 'object', properties: ['email', 'name', 'role', 'loginCount', 'lastLoginAt'].map((k) => ({ key: k, property: k })) },
        { kind: 'property', property: 'id' },
      ],
    })
    const p = props(user)
    // derived getters (displayName) are not stored
    assert.deepEqual(Object.keys(p).sort(), ['email', 'id', 'lastLoginAt', 'loginCount', 'name', 'role'])
    assert.deepEqual(p.name?.read, { kind: 'getter' })
    assert.equal(p.lastLoginAt?.nullable, true)
    assert.equal(user.idProperty, 'id')
  })

  it('reads value-object ids and single-value objects with their factories and readers', () => {
    const id = port(model, 'UserRepository').id
    assert.deepEqual(id, {
      kind: 'id',
      form: 'value-object',
      name: 'UserId',
      primitive: 'string',
      module: { file: 'src/domain/user/user-id.ts', exportName: 'UserId', typeOnly: false },
    })
    const userId = valueObject(model, 'UserId')
    assert.equal(userId.storage, 'column')
    assert.deepEqual(userId.reconstruct, { kind: 'factory', method: 'create', arguments: [{ kind: 'property', property: 'value' }] })
    assert.deepEqual(props(userId).value?.read, { kind: 'getter' })
    const email = valueObject(model, 'Email')
    assert.deepEqual(email.wraps, { property: 'value', type: { kind: 'primitive', name: 'string' } })
    assert.deepEqual(props(email).value?.read, { kind: 'method', name: 'toString' })
    assert.deepEqual(email.reconstruct, { kind: 'factory', method: 'of', arguments: [{ kind: 'property', property: 'value' }] })
    assert.deepEqual(method(port(model, 'UserRepository'), 'findByEmail').parameters[0]?.type, { kind: 'value-object', name: 'Email' })
  })

  it('reads an abstract-class port: only abstract members, inherited ones included', () => {
    const p = port(model, 'AccountRepository')
    assert.deepEqual(
      p.methods.map((m) => [m.name, m.inheritedFrom ?? null]),
      [
        ['findById', null],
        ['findByStatus', null],
        ['countByStatus', null],
        ['save', 'BaseRepository'],
      ],
    )
    assert.deepEqual(p.module.typeOnly, false)
    assert.deepEqual(p.id, {
      kind: 'id',
      form: 'value-object',
      name: 'AccountId',
      primitive: 'number',
      module: { file: 'src/domain/account/account.ts', exportName: 'AccountId', typeOnly: false },
    })
  })

  it('rebuilds constructor-parameter-property classes positionally', () => {
    const account = entity(model, 'Account')
    assert.deepEqual(account.reconstruct, {
      kind: 'constructor',
      arguments: ['id', 'owner', 'balance', 'status', 'openedAt'].map((property) => ({ kind: 'property', property })),
    })
    assert.deepEqual(props(account).status?.type, { kind: 'enum', name: 'AccountStatus' })
    assert.deepEqual(props(account).balance?.read, { kind: 'field' })
  })

  it('rebuilds a public-field class with a no-argument constructor by assignment', () => {
    const product = entity(model, 'Product')
    assert.deepEqual(product.reconstruct, { kind: 'assign' })
    assert.deepEqual(props(product).dimensions?.type, { kind: 'value-object', name: 'Dimensions' })
    assert.equal(props(product).dimensions?.optional, true)
    assert.equal(valueObject(model, 'Dimensions').storage, 'flattened')
    assert.deepEqual(port(model, 'ProductRepo').id, { kind: 'id', form: 'primitive', name: 'number', primitive: 'number' })
  })
})
