import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { addExchangeToTopology } from '../../../src/queue/add-exchange'
import { parseTopology } from '../../../src/queue/load-topology'

describe('addExchangeToTopology', () => {
  it('creates a topology when there is no file yet', () => {
    const text = addExchangeToTopology(undefined, { name: 'domain-events', type: 'topic' })
    const topology = parseTopology({ text, file: 't.yaml', defaultVhost: '/' })
    assert.deepEqual(
      topology.exchanges.map((e) => [e.name, e.type]),
      [['domain-events', 'topic']],
    )
  })

  it('appends to exchanges, keeping comments and the other entries', () => {
    const before = '# our topology\nexchanges:\n  # billing\n  - { name: billing, type: direct }\nqueues:\n  - name: invoices # the work queue\n'
    const text = addExchangeToTopology(before, { name: 'domain-events', type: 'topic' })
    assert.match(text, /# our topology/)
    assert.match(text, /# billing/)
    assert.match(text, /# the work queue/)
    const topology = parseTopology({ text, file: 't.yaml', defaultVhost: '/' })
    assert.deepEqual(
      topology.exchanges.map((e) => e.name),
      ['billing', 'domain-events'],
    )
    assert.deepEqual(
      topology.queues.map((q) => q.name),
      ['invoices'],
    )
  })

  it('leaves the text as it is when the exchange is already there', () => {
    const before = 'exchanges:\n  - name: domain-events   # keep me\n    type: topic\n'
    assert.equal(addExchangeToTopology(before, { name: 'domain-events', type: 'topic' }), before)
  })

  it('adds an exchanges list to a file that has none', () => {
    const text = addExchangeToTopology('queues:\n  - name: q\n', { name: 'x', type: 'fanout' })
    assert.deepEqual(
      parseTopology({ text, file: 't.yaml', defaultVhost: '/' }).exchanges.map((e) => e.name),
      ['x'],
    )
  })
})
