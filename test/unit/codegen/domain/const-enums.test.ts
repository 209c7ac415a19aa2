import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { entity, method, port, props, readFixture } from './read-fixture'

// ESM NodeNext, entities as interfaces, enums as `as const` objects, unique-symbol brands, ReadonlyArray, Record,
// a Maybe<T> = T | null alias, and a neverthrow-like result wrapper.
describe('domain reader: const-object enums, brands, readonly collections', () => {
  const model = readFixture('const-enums')

  it('reads `as const` enums as literal unions named by their type alias', () => {
    const p = props(entity(model, 'Shipment'))
    assert.deepEqual(p.state?.type, {
      kind: 'literal-union',
      base: 'string',
      values: ['pending', 'in_transit', 'delivered'],
      alias: { name: 'ShipmentState', module: { file: 'src/support/kinds.ts', exportName: 'ShipmentState', typeOnly: true } },
    })
    assert.deepEqual(p.speed?.type.kind === 'literal-union' && p.speed.type.values, [1, 2])
  })

  it('reads a unique-symbol brand as a branded id, and readonly collections and records', () => {
    assert.deepEqual(port(model, 'ShipmentRepository').id, {
      kind: 'id',
      form: 'branded',
      name: 'ShipmentId',
      primitive: 'string',
      castText: 'ShipmentId',
      module: { file: 'src/support/kinds.ts', exportName: 'ShipmentId', typeOnly: true },
    })
    const p = props(entity(model, 'Shipment'))
    assert.deepEqual(p.parcels?.type, { kind: 'array', element: { kind: 'primitive', name: 'string' }, readonly: true })
    assert.deepEqual(p.scans?.type, { kind: 'array', element: { kind: 'primitive', name: 'Date' }, readonly: true })
    assert.deepEqual(p.customs?.type, { kind: 'json', text: 'Record<string, string>' })
    assert.deepEqual([p.deliveredAt?.nullable, p.carrier?.optional], [true, true])
    assert.equal(model.project.importSuffix, '.js')
  })

  it('maps Promise<Maybe<T>> and readonly lists, and reads the result wrapper by its shape, with no way to build it', () => {
    const repo = port(model, 'ShipmentRepository')
    const found = method(repo, 'findById').returns
    assert.equal(found.kind === 'single' && found.orNull, true)
    assert.equal(method(repo, 'findByState').returns.kind, 'list')
    assert.deepEqual(model.diagnostics, [])
    // an interface with a guard and a value: a Result, but nothing declared builds one (the generator stubs the method)
    const tried = method(repo, 'tryFindById').returns
    assert.equal(tried.kind, 'result')
    assert.equal(tried.kind === 'result' && tried.value.kind === 'single' && tried.value.type.kind, 'entity')
    assert.equal(tried.kind === 'result' && tried.wrapper.success, undefined)
  })
})
