import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { entity, method, port, props, readFixture } from './read-fixture'

describe('domain reader: unsupported constructs are diagnostics naming file:line and the fix', () => {
  const model = readFixture('unsupported')
  const at = (code: string, line: number) => model.diagnostics.find((d) => d.code === code && d.location.line === line)

  it('reports an unknown Option<T> wrapper on a property', () => {
    const d = at('unsupported-wrapper', 5)
    assert.ok(d, JSON.stringify(model.diagnostics, null, 2))
    assert.equal(d.severity, 'error')
    assert.equal(d.location.file, 'src/domain/customer.ts')
    assert.match(d.message, /Customer\.nickname: Option<string>/)
    assert.match(d.hint, /T \| null/)
    assert.deepEqual(props(entity(model, 'Customer')).nickname?.type.kind, 'unsupported')
  })

  it('reports Option<T> and Either<L, R> results of port methods as warnings (only that method is affected)', () => {
    const p = port(model, 'CustomerRepository')
    assert.equal(at('unsupported-wrapper', 21)?.severity, 'warning')
    assert.equal(method(p, 'findByEmail').returns.kind, 'unsupported')
    assert.equal(method(p, 'save').returns.kind, 'unsupported')
    assert.match(at('unsupported-wrapper', 21)?.message ?? '', /CustomerRepository\.findByEmail\(\): Option<Customer>/)
    assert.match(at('unsupported-wrapper', 22)?.message ?? '', /Either<Error, void>/)
    assert.equal(at('unsupported-wrapper', 22)?.port, 'CustomerRepository')
  })

  it('reports Map and unrelated unions', () => {
    assert.match(at('unsupported-type', 6)?.message ?? '', /Customer\.labels: Map<string, string>/)
    assert.match(at('ambiguous-type', 7)?.message ?? '', /Customer\.code: string \| number/)
  })

  it('reports a class it cannot rebuild, and why', () => {
    const d = at('entity-not-reconstructible', 11)
    assert.ok(d)
    assert.match(d.message, /cannot rebuild Invoice.*constructor of Invoice is not public/)
    assert.match(d.hint, /static reconstitute/)
    assert.deepEqual(entity(model, 'Invoice').reconstruct, { kind: 'none' })
  })

  it('reports nothing it did not find: one diagnostic per construct', () => {
    assert.deepEqual(model.diagnostics.map((d) => `${d.code}@${d.location.line}`).sort(), [
      'ambiguous-type@7',
      'entity-not-reconstructible@11',
      'unsupported-type@6',
      'unsupported-wrapper@21',
      'unsupported-wrapper@22',
      'unsupported-wrapper@5',
    ])
  })
})
