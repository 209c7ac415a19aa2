import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { entity, method, port, props, readFixture, valueObject } from './read-fixture'

describe('domain reader: ESM NodeNext, .js suffixes, path alias, tsconfig extends, re-exports', () => {
  const model = readFixture('esm-nodenext')

  it('detects ESM with .js import suffixes from the extended tsconfig and "type": "module"', () => {
    assert.equal(model.project.moduleSystem, 'esm')
    assert.equal(model.project.importSuffix, '.js')
    assert.deepEqual(model.diagnostics, [])
  })

  it('resolves the entity through a barrel re-export to its declaring file', () => {
    const p = port(model, 'OrderRepositoryPort')
    assert.equal(p.entity, 'Order')
    const order = entity(model, 'Order')
    assert.equal(order.kind, 'type-alias')
    assert.deepEqual(order.module, { file: 'src/domain/order/order.ts', exportName: 'Order', typeOnly: true })
  })

  it('reads branded ids: a Brand<> alias and an inline intersection', () => {
    const p = port(model, 'OrderRepositoryPort')
    assert.deepEqual(p.id, {
      kind: 'id',
      form: 'branded',
      name: 'OrderId',
      primitive: 'string',
      castText: 'OrderId',
      module: { file: 'src/domain/order/order.ts', exportName: 'OrderId', typeOnly: true },
    })
    const customerId = props(entity(model, 'Order')).customerId?.type
    assert.equal(customerId?.kind === 'id' && customerId.form, 'branded')
    assert.equal(customerId?.kind === 'id' && customerId.name, 'CustomerId')
    assert.equal(method(p, 'findByCustomerId').parameters[0]?.type.kind, 'id')
  })

  it('resolves a value object imported through the @domain/* path alias and flattens it', () => {
    const p = props(entity(model, 'Order'))
    assert.deepEqual(p.total?.type, { kind: 'value-object', name: 'Money' })
    const money = valueObject(model, 'Money')
    assert.equal(money.storage, 'flattened')
    assert.deepEqual(money.module, { file: 'src/domain/shared/money.ts', exportName: 'Money', typeOnly: true })
    assert.deepEqual(props(money).currency?.type, {
      kind: 'literal-union',
      base: 'string',
      values: ['EUR', 'USD'],
      alias: { name: 'Currency', module: { file: 'src/domain/shared/money.ts', exportName: 'Currency', typeOnly: true } },
    })
    assert.equal(valueObject(model, 'Address').storage, 'flattened')
    assert.equal(p.billingAddress?.optional, true)
    assert.deepEqual(p.lines?.type, { kind: 'array', element: { kind: 'value-object', name: 'OrderLine' }, readonly: false })
    assert.deepEqual(p.notes?.type, { kind: 'array', element: { kind: 'primitive', name: 'string' }, readonly: true })
  })

  it('recognises an inline { limit, offset } options parameter as pagination', () => {
    const options = method(port(model, 'OrderRepositoryPort'), 'findByCustomerId').parameters[1]
    assert.equal(options?.optional, true)
    assert.deepEqual(
      options?.pagination?.fields.map((f) => f.role),
      ['limit', 'offset'],
    )
  })
})
