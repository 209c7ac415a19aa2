import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { entity, method, port, props, readFixture, valueObject } from './read-fixture'

// The style of domain-driven-hexagon: state in a protected props object read back through getPropsCopy(), a public
// base constructor taking { id, props, createdAt, updatedAt }, a Paginated<T> class, Option<T> results, path aliases.
describe('domain reader: hexagonal style with a props snapshot and a page class', () => {
  const model = readFixture('hexagon')

  it('finds the port through @libs/* and @modules/* aliases and a barrel', () => {
    assert.deepEqual(
      model.ports.map((p) => [p.name, p.entity]),
      [['UserRepositoryPort', 'UserEntity']],
    )
    assert.equal(port(model, 'UserRepositoryPort').module.file, 'src/modules/user/database/user.repository.port.ts')
  })

  it('rebuilds the entity with the inherited constructor and a nested props object', () => {
    const user = entity(model, 'UserEntity')
    assert.deepEqual(user.reconstruct, {
      kind: 'constructor',
      arguments: [
        {
          kind: 'object',
          properties: ['id', 'createdAt', 'updatedAt'].map((k) => ({ key: k, property: k })),
          nested: [{ key: 'props', argument: { kind: 'object', properties: ['role', 'email', 'address'].map((k) => ({ key: k, property: k })) } }],
        },
      ],
    })
    const p = props(user)
    assert.deepEqual(p.email?.read, { kind: 'snapshot', method: 'getPropsCopy' })
    assert.deepEqual(p.role?.read, { kind: 'getter' })
    // typed by the getter (always a Date), not by the constructor's optional parameter
    assert.deepEqual([p.createdAt?.type, p.createdAt?.optional], [{ kind: 'primitive', name: 'Date' }, false])
    assert.equal(valueObject(model, 'Address').storage, 'flattened')
  })

  it('builds a Paginated<T> class page with new Paginated({ ... })', () => {
    const returns = method(port(model, 'UserRepositoryPort'), 'findAllPaginated').returns
    assert.equal(returns.kind === 'page' && returns.construct, 'new-with-props')
    assert.equal(returns.kind === 'page' && returns.name, 'Paginated')
  })

  it('warns about Option<T> results and generic members, naming their line in the base', () => {
    assert.deepEqual(
      model.diagnostics.map((d) => [d.severity, d.code, `${d.location.file}:${d.location.line}`]),
      [
        ['warning', 'unsupported-wrapper', 'src/libs/ddd/repository.port.ts:27'],
        ['warning', 'unsupported-type', 'src/libs/ddd/repository.port.ts:31'],
        ['warning', 'unsupported-type', 'src/libs/ddd/repository.port.ts:31'],
      ],
    )
    assert.equal(method(port(model, 'UserRepositoryPort'), 'findOneById').returns.kind, 'unsupported')
  })
})
