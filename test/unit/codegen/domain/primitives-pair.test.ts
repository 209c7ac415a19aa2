import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { entity, readFixture } from './read-fixture'

// A primitives pair is recognised by its types: a no-argument method returning a plain shape and a static method
// accepting that shape, whatever their names; the shape is read through the method even where getters exist.
describe('domain reader: primitives pairs by types', () => {
  const model = readFixture('primitives-pair')

  it('takes toMemento()/revive(memento) as the pair: the columns are the shape, read through toMemento()', () => {
    const shipment = entity(model, 'Shipment')
    assert.equal(shipment.reconstruct.kind === 'factory' && shipment.reconstruct.method, 'revive')
    assert.deepEqual(
      shipment.properties.map((p) => [p.name, p.read]),
      ['id', 'status', 'weightGrams', 'destination', 'dispatchedAt'].map((name) => [name, { kind: 'snapshot', method: 'toMemento' }]),
    )
    // the derived getter is no column; the nullable date stays nullable
    assert.equal(
      shipment.properties.some((p) => p.name === 'heavy'),
      false,
    )
    assert.equal(shipment.properties.find((p) => p.name === 'dispatchedAt')?.nullable, true)
  })

  it('prefers the pair over a factory that records an event', () => {
    const note = entity(model, 'Note')
    assert.equal(note.reconstruct.kind === 'factory' && note.reconstruct.method, 'fromPrimitives')
  })
})
