import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { LiveState } from '../../../src/queue/live-state'
import { parseTopology } from '../../../src/queue/load-topology'
import { planTopology, type PlanItem } from '../../../src/queue/planner'

const topology = parseTopology({
  file: 'topology.yaml',
  defaultVhost: 'app',
  text: [
    'exchanges:',
    '  - { name: events, type: topic }',
    'queues:',
    '  - { name: orders, messageTtl: 60s }',
    '  - { name: audit }',
    'bindings:',
    '  - { exchange: events, queue: orders, routingKey: "order.#" }',
    'policies:',
    '  - { name: cap, pattern: "^audit$", applyTo: queues, definition: { max-length: 10 } }',
    '',
  ].join('\n'),
})

function live(overrides: Partial<LiveState> = {}): LiveState {
  return {
    source: 'management',
    vhosts: ['app'],
    exchanges: [{ vhost: 'app', name: 'events', attributes: { type: 'topic', durable: true, autoDelete: false, internal: false, arguments: {} } }],
    queues: [
      {
        vhost: 'app',
        name: 'orders',
        attributes: { queueType: 'classic', durable: true, autoDelete: false, exclusive: false, arguments: { 'x-message-ttl': 60000 } },
        messages: 0,
        consumers: 0,
      },
      {
        vhost: 'app',
        name: 'audit',
        attributes: { queueType: 'classic', durable: true, autoDelete: false, exclusive: false, arguments: {} },
        messages: 0,
        consumers: 0,
      },
    ],
    bindings: [{ vhost: 'app', source: 'events', destination: 'orders', destinationType: 'queue', routingKey: 'order.#', arguments: {} }],
    policies: [{ vhost: 'app', name: 'cap', pattern: '^audit$', applyTo: 'queues', priority: 0, definition: { 'max-length': 10 } }],
    ...overrides,
  }
}

const summary = (items: PlanItem[]) => items.map((i) => `${i.action} ${i.kind} ${i.name}`)

describe('planTopology', () => {
  it('everything missing is created, the vhost included', () => {
    const plan = planTopology(topology, { source: 'management', vhosts: [], exchanges: [], queues: [], bindings: [], policies: [] })
    assert.deepEqual(summary(plan.items), [
      'create vhost app',
      'create exchange events',
      'create queue orders',
      'create queue audit',
      'create binding events -> queue:orders [order.#]',
      'create policy cap',
    ])
  })

  it('what matches is unchanged', () => {
    const plan = planTopology(topology, live())
    assert.equal(plan.counts.unchanged, plan.items.length)
  })

  it('a changed argument is a conflict with both values and a way to migrate; --recreate turns an empty one into recreate and rebinds', () => {
    const state = live()
    state.queues[0]!.attributes!.arguments = { 'x-message-ttl': 30000 }
    const conflict = planTopology(topology, state).items.find((i) => i.name === 'orders')!
    assert.equal(conflict.action, 'conflict')
    assert.deepEqual(conflict.differences, [{ field: 'x-message-ttl', live: 30000, desired: 60000 }])
    assert.match(conflict.hint!, /--recreate/)
    assert.match(conflict.hint!, /policy/)
    const recreate = planTopology(topology, state, { recreate: true })
    assert.equal(recreate.items.find((i) => i.name === 'orders')!.action, 'recreate')
    assert.equal(recreate.items.find((i) => i.kind === 'binding')!.action, 'create', 'deleting the queue drops its bindings')
  })

  it('--recreate keeps a queue holding messages a conflict unless --force', () => {
    const state = live()
    state.queues[0]!.attributes!.arguments = {}
    state.queues[0]!.messages = 7
    const refused = planTopology(topology, state, { recreate: true }).items.find((i) => i.name === 'orders')!
    assert.equal(refused.action, 'conflict')
    assert.match(refused.hint!, /7 message\(s\)/)
    assert.equal(planTopology(topology, state, { recreate: true, force: true }).items.find((i) => i.name === 'orders')!.action, 'recreate')
  })

  it('--recreate of a conflicting exchange rebinds its bindings; refused while it would lose a binding or dead letters, unless --force', () => {
    const state = live()
    state.exchanges[0]!.attributes!.type = 'direct'
    const recreate = planTopology(topology, state, { recreate: true })
    assert.equal(recreate.items.find((i) => i.name === 'events')!.action, 'recreate')
    assert.equal(recreate.items.find((i) => i.kind === 'binding')!.action, 'create', 'deleting the exchange drops its bindings')

    const lossy = live()
    lossy.exchanges[0]!.attributes!.type = 'direct'
    lossy.bindings!.push({ vhost: 'app', source: 'events', destination: 'audit', destinationType: 'queue', routingKey: 'by-hand', arguments: {} })
    lossy.queues[1]!.attributes!.arguments = { 'x-dead-letter-exchange': 'events' }
    const refused = planTopology(topology, lossy, { recreate: true }).items.find((i) => i.name === 'events')!
    assert.equal(refused.action, 'conflict')
    assert.match(refused.hint!, /1 binding\(s\) not in the file would be lost \(events -> queue:audit \[by-hand\]\)/)
    assert.match(refused.hint!, /queue\(s\) audit dead-letter into it/)
    assert.equal(planTopology(topology, lossy, { recreate: true, force: true }).items.find((i) => i.name === 'events')!.action, 'recreate')
    const passive = planTopology(topology, { ...state, bindings: null }, { recreate: true }).items.find((i) => i.name === 'events')!
    assert.equal(passive.action, 'conflict', 'without the management API its bindings cannot be checked')
  })

  it('a changed policy is updated in place', () => {
    const state = live()
    state.policies![0]!.definition = { 'max-length': 99 }
    assert.equal(planTopology(topology, state).items.find((i) => i.kind === 'policy')!.action, 'update')
  })

  it('entities not in the file are listed; --prune deletes only the empty and unused ones; built-ins and exclusive queues are ignored', () => {
    const state = live()
    state.exchanges.push(
      { vhost: 'app', name: 'amq.topic' },
      { vhost: 'app', name: 'old', attributes: { type: 'fanout', durable: true, autoDelete: false, internal: false, arguments: {} } },
    )
    state.queues.push(
      {
        vhost: 'app',
        name: 'stale',
        attributes: { queueType: 'classic', durable: true, autoDelete: false, exclusive: false, arguments: {} },
        messages: 0,
        consumers: 0,
      },
      {
        vhost: 'app',
        name: 'busy',
        attributes: { queueType: 'classic', durable: true, autoDelete: false, exclusive: false, arguments: {} },
        messages: 3,
        consumers: 0,
      },
      { vhost: 'app', name: 'amq.gen-1', attributes: { queueType: 'classic', durable: false, autoDelete: true, exclusive: true, arguments: {} } },
    )
    state.bindings!.push(
      { vhost: 'app', source: '', destination: 'stale', destinationType: 'queue', routingKey: 'stale', arguments: {} },
      { vhost: 'app', source: 'old', destination: 'busy', destinationType: 'queue', routingKey: '', arguments: {} },
    )
    assert.deepEqual(summary(planTopology(topology, state).items.filter((i) => i.action === 'not-in-file')), [
      'not-in-file binding old -> queue:busy []',
      'not-in-file queue stale',
      'not-in-file queue busy',
      'not-in-file exchange old',
    ])
    const pruned = planTopology(topology, state, { prune: true }).items.filter((i) => i.action === 'delete' || i.action === 'not-in-file')
    assert.deepEqual(summary(pruned), ['delete binding old -> queue:busy []', 'delete queue stale', 'not-in-file queue busy', 'delete exchange old'])
  })

  it('a binding end declared neither in the file nor live is a missing reference', () => {
    const t = parseTopology({
      file: 't.yaml',
      defaultVhost: 'app',
      text: 'exchanges:\n  - { name: events, type: topic }\nbindings:\n  - { exchange: events, queue: ghost }\n  - { exchange: events, queue: orders }\n',
    })
    const plan = planTopology(t, live())
    assert.deepEqual(
      plan.missingReferences.map((r) => r.name),
      ['ghost'],
    )
  })

  it('passive live state: bindings and policies are unverified, nothing is listed as not in the file', () => {
    const plan = planTopology(topology, {
      source: 'passive',
      vhosts: ['app'],
      exchanges: [{ vhost: 'app', name: 'events' }],
      queues: [{ vhost: 'app', name: 'orders', inequivalent: [{ field: 'x-message-ttl', live: '1', desired: '2' }] }],
      bindings: null,
      policies: null,
    })
    assert.deepEqual(summary(plan.items), [
      'unchanged vhost app',
      'unchanged exchange events',
      'conflict queue orders',
      'create queue audit',
      'unverified binding events -> queue:orders [order.#]',
      'unverified policy cap',
    ])
  })
})
