import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { entity, method, port, props, readFixture, valueObject } from './read-fixture'

// The stemmlerjs style (white-label, ddd-forum): a public props bag behind getters, private constructors, static
// create() returning Result<T> (here Outcome<T>) unwrapped by its isSuccess guard and getValue(), UniqueEntityID over Identifier<string | number>,
// and a project compiled without strictNullChecks.
describe('domain reader: factories returning Result<T>, UniqueEntityID, non-strict projects', () => {
  const model = readFixture('result-factory')
  // Outcome<T>: a boolean `isSuccess` guard, then getValue(); a failure becomes the generated StoredValueError
  const outcomeUnwrap = {
    kind: 'guarded',
    guard: { kind: 'property', name: 'isSuccess' },
    success: true,
    value: { kind: 'method', name: 'getValue' },
    wrapper: 'Outcome',
  } as const

  it('rebuilds the aggregate with create(props, id), checked by isSuccess and unwrapped by getValue(), each prop read through its getter', () => {
    const product = entity(model, 'Product')
    assert.deepEqual(product.reconstruct, {
      kind: 'wrapped-factory',
      method: 'create',
      arguments: [
        { kind: 'object', properties: ['name', 'sku', 'vendorId', 'kind', 'stock', 'discontinued'].map((k) => ({ key: k, property: k })) },
        { kind: 'property', property: 'id' },
      ],
      unwrap: outcomeUnwrap,
    })
    // the props bag itself, the derived `label` and the base's `changes` are not stored
    assert.deepEqual(
      product.properties.map((p) => p.name),
      ['name', 'sku', 'vendorId', 'kind', 'stock', 'discontinued', 'id'],
    )
    assert.ok(product.properties.every((p) => p.read.kind === 'getter'))
  })

  it('takes optionality from the props in a project without strictNullChecks, but never for the identity', () => {
    const p = props(entity(model, 'Product'))
    assert.equal(p.stock?.optional, true) // `stock?: number` behind `get stock(): number`
    assert.equal(p.discontinued?.optional, false)
    assert.equal(p.id?.optional, false) // `create(props, id?: UniqueEntityID)` takes it optionally only for new ones
  })

  it('stores UniqueEntityID (Identifier<string | number>) as a string id, with a warning', () => {
    const productRepo = port(model, 'IProductRepo')
    assert.deepEqual(productRepo.id, {
      kind: 'id',
      form: 'value-object',
      name: 'UniqueEntityID',
      primitive: 'string',
      module: { file: 'src/shared/identifier.ts', exportName: 'UniqueEntityID', typeOnly: false },
    })
    assert.deepEqual(valueObject(model, 'UniqueEntityID').reconstruct, { kind: 'constructor', arguments: [{ kind: 'property', property: 'value' }] })
    const warning = model.diagnostics.find((d) => d.code === 'ambiguous-type')
    assert.equal(warning?.severity, 'warning')
    assert.match(warning?.message ?? '', /UniqueEntityID\.value: string \| number is stored as a string column/)
    assert.equal(method(productRepo, 'getProductById').parameters[0]?.type.kind, 'id')
  })

  it('unwraps value objects too, and an id wrapping UniqueEntityID is an id', () => {
    assert.deepEqual(valueObject(model, 'ProductName').reconstruct, {
      kind: 'wrapped-factory',
      method: 'create',
      arguments: [{ kind: 'object', properties: [{ key: 'value', property: 'value' }] }],
      unwrap: outcomeUnwrap,
    })
    assert.equal(valueObject(model, 'ProductName').storage, 'column')
    const vendorId = props(entity(model, 'Product')).vendorId?.type
    assert.equal(vendorId?.kind === 'id' && `${vendorId.form}:${vendorId.name}:${vendorId.primitive}`, 'value-object:VendorId:string')
  })

  it('restores a value object with createFromExisting(), not with a create() that derives a new value from another type', () => {
    const sku = valueObject(model, 'Sku')
    assert.equal(sku.reconstruct.kind === 'wrapped-factory' && sku.reconstruct.method, 'createFromExisting')
    assert.deepEqual(sku.wraps, { property: 'value', type: { kind: 'primitive', name: 'string' } })
  })

  it('reports a factory returning a union wrapper (Either) it cannot unwrap, and nothing else about that entity', () => {
    const errors = model.diagnostics.filter((d) => d.severity === 'error')
    assert.deepEqual(
      errors.map((d) => [d.code, `${d.location.file}:${d.location.line}`, d.port]),
      [['entity-not-reconstructible', 'src/catalog/order-line.ts:10', 'IOrderLineRepo']],
    )
    assert.match(errors[0]?.message ?? '', /OrderLine\.create\(\) returns Either<string, OrderLine>, not OrderLine, and no public getValue\(\)/)
    assert.match(errors[0]?.message ?? '', /the constructor of OrderLine is not public/)
  })
})
