import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { entity, method, port, props, readFixture } from './read-fixture'

describe('domain reader: plain interfaces, CommonJS', () => {
  const model = readFixture('plain-cjs')

  it('finds the interface port and skips the implementation class', () => {
    assert.deepEqual(
      model.ports.map((p) => p.name),
      ['UserRepository'],
    )
    assert.deepEqual(model.diagnostics, [])
    assert.equal(model.project.moduleSystem, 'commonjs')
    assert.equal(model.project.importSuffix, '')
    const p = port(model, 'UserRepository')
    assert.equal(p.declarationKind, 'interface')
    assert.deepEqual(p.module, { file: 'src/domain/user-repository.ts', exportName: 'UserRepository', typeOnly: true })
    assert.deepEqual(p.location, { file: 'src/domain/user-repository.ts', line: 5, column: 1 })
    assert.equal(p.entity, 'User')
    assert.deepEqual(p.id, { kind: 'id', form: 'primitive', name: 'string', primitive: 'string' })
  })

  it('maps every supported property type', () => {
    const user = entity(model, 'User')
    assert.equal(user.kind, 'interface')
    assert.equal(user.idProperty, 'id')
    assert.deepEqual(user.reconstruct, { kind: 'object-literal' })
    const p = props(user)
    assert.deepEqual(p.email?.type, { kind: 'primitive', name: 'string' })
    assert.deepEqual([p.age?.type, p.age?.optional, p.age?.nullable], [{ kind: 'primitive', name: 'number' }, true, false])
    assert.deepEqual(p.active?.type, { kind: 'primitive', name: 'boolean' })
    assert.deepEqual(p.createdAt?.type, { kind: 'primitive', name: 'Date' })
    assert.deepEqual(p.balance?.type, { kind: 'primitive', name: 'bigint' })
    assert.deepEqual(p.role?.type, { kind: 'enum', name: 'Role' })
    assert.deepEqual(p.status?.type.kind === 'literal-union' && p.status.type.values, ['active', 'banned', 'pending'])
    assert.deepEqual(p.tags?.type, { kind: 'array', element: { kind: 'primitive', name: 'string' }, readonly: false })
    assert.deepEqual([p.nickname?.type, p.nickname?.nullable, p.nickname?.optional], [{ kind: 'primitive', name: 'string' }, true, false])
    // Nullable<T> = T | null
    assert.deepEqual([p.deletedAt?.type, p.deletedAt?.nullable], [{ kind: 'primitive', name: 'Date' }, true])
    assert.deepEqual(p.settings?.type, { kind: 'json', text: 'Record<string, string>' })
    assert.deepEqual(p.email?.read, { kind: 'field' })
    assert.deepEqual(p.email?.location, { file: 'src/domain/user.ts', line: 6, column: 3 })
  })

  it('reads string and numeric enums with their values', () => {
    assert.deepEqual(model.enums.Role?.members, [
      { name: 'Admin', value: 'admin' },
      { name: 'Member', value: 'member' },
    ])
    assert.deepEqual(model.enums.Priority?.members, [
      { name: 'Low', value: 0 },
      { name: 'High', value: 10 },
    ])
    assert.deepEqual(model.enums.Role?.module, { file: 'src/domain/role.ts', exportName: 'Role', typeOnly: false })
  })

  it('classifies return shapes', () => {
    const p = port(model, 'UserRepository')
    assert.deepEqual(method(p, 'findById').returns, { kind: 'single', async: true, type: { kind: 'entity', name: 'User' }, orNull: true, orUndefined: false })
    assert.deepEqual(method(p, 'findByEmail').returns, {
      kind: 'single',
      async: true,
      type: { kind: 'entity', name: 'User' },
      orNull: false,
      orUndefined: true,
    })
    assert.deepEqual(method(p, 'findAll').returns, { kind: 'list', async: true, element: { kind: 'entity', name: 'User' } })
    assert.deepEqual(method(p, 'save').returns, { kind: 'void', async: true })
    assert.deepEqual(method(p, 'count').returns, { kind: 'scalar', async: true, type: { kind: 'primitive', name: 'number' } })
    assert.deepEqual(method(p, 'existsByEmail').returns, { kind: 'scalar', async: true, type: { kind: 'primitive', name: 'boolean' } })
    assert.equal(method(p, 'findById').returnText, 'Promise<User | null>')
  })

  it('reads a paginated result and a page request parameter', () => {
    const findByStatus = method(port(model, 'UserRepository'), 'findByStatus')
    const returns = findByStatus.returns
    assert.equal(returns.kind, 'page')
    if (returns.kind !== 'page') return
    assert.equal(returns.name, 'Page')
    assert.deepEqual(returns.element, { kind: 'entity', name: 'User' })
    assert.deepEqual(
      returns.fields.map((f) => [f.name, f.role]),
      [
        ['items', 'items'],
        ['total', 'total'],
        ['page', 'page'],
        ['pageSize', 'pageSize'],
      ],
    )
    const [status, page] = findByStatus.parameters
    assert.equal(status?.type.kind, 'literal-union')
    assert.deepEqual(
      page?.pagination?.fields.map((f) => f.role),
      ['page', 'pageSize'],
    )
  })

  it('types an id parameter by the entity id, other strings stay strings', () => {
    const p = port(model, 'UserRepository')
    assert.equal(method(p, 'deleteById').parameters[0]?.type.kind, 'id')
    assert.deepEqual(method(p, 'existsByEmail').parameters[0]?.type, { kind: 'primitive', name: 'string' })
    assert.deepEqual(method(p, 'countByActive').parameters[0]?.type, { kind: 'primitive', name: 'boolean' })
  })

  it('is plain JSON data', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(model)), model)
  })
})
