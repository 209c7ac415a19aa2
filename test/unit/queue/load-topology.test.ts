import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { InvalidInputError } from '../../../src/core/errors'
import { parseTopology } from '../../../src/queue/load-topology'

const parse = (text: string, file = 'topology.yaml') => parseTopology({ text, file, defaultVhost: 'app' })

function problemsOf(text: string, file?: string): { path: string; line?: number; message: string }[] {
  try {
    parse(text, file)
  } catch (error) {
    assert.ok(error instanceof InvalidInputError)
    assert.equal(error.exitCode, 4)
    return (error.details as { problems: { path: string; line?: number; message: string }[] }).problems
  }
  assert.fail('expected the topology to be invalid')
}

describe('parseTopology', () => {
  it('normalises short-hands into broker arguments, in the default vhost', () => {
    const t = parse(
      'exchanges:\n  - { name: e, type: topic, alternateExchange: ae }\nqueues:\n  - { name: q, type: quorum, deadLetterExchange: dlx, deadLetterRoutingKey: dead, messageTtl: 30s, maxLength: 10, overflow: reject-publish, expires: 1h, arguments: { x-delivery-limit: 3 } }\n',
    )
    assert.deepEqual(t.exchanges[0]!.arguments, { 'alternate-exchange': 'ae' })
    assert.equal(t.queues[0]!.vhost, 'app')
    assert.equal(t.queues[0]!.queueType, 'quorum')
    assert.deepEqual(t.queues[0]!.arguments, {
      'x-delivery-limit': 3,
      'x-dead-letter-exchange': 'dlx',
      'x-dead-letter-routing-key': 'dead',
      'x-message-ttl': 30000,
      'x-expires': 3600000,
      'x-max-length': 10,
      'x-overflow': 'reject-publish',
    })
  })

  it('expands the retry short-hand: work queue -> delay queue with TTL -> back; a dead-letter queue', () => {
    const t = parse('queues:\n  - { name: orders, retry: { delay: 10s, attempts: 5 } }\n')
    assert.deepEqual(
      t.queues.map((q) => q.name),
      ['orders', 'orders.retry', 'orders.dead'],
    )
    assert.deepEqual(t.queues[0]!.arguments, { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'orders.retry' })
    assert.deepEqual(t.queues[1]!.arguments, { 'x-message-ttl': 10000, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'orders' })
    assert.deepEqual(t.queues[0]!.retry, { delayMs: 10000, attempts: 5, delayQueue: 'orders.retry', deadLetterQueue: 'orders.dead' })
  })

  it('expands routingKeys into one binding each and records ends the file does not declare', () => {
    const t = parse('exchanges:\n  - { name: e, type: topic }\nbindings:\n  - { exchange: e, queue: elsewhere, routingKeys: [a.*, b.#] }\n')
    assert.deepEqual(
      t.bindings.map((b) => b.routingKey),
      ['a.*', 'b.#'],
    )
    assert.deepEqual(
      t.external.map((r) => [r.kind, r.name]),
      [['queue', 'elsewhere']],
    )
  })

  it('reports every problem with its path and line: unknown type, malformed argument, duplicate, two destinations', () => {
    const problems = problemsOf(
      [
        'exchanges:',
        '  - { name: e, type: topik }',
        'queues:',
        '  - { name: q, arguments: { x-message-ttl: -5 } }',
        '  - { name: q }',
        'bindings:',
        '  - { exchange: e, queue: q, toExchange: e }',
        '',
      ].join('\n'),
    )
    const byPath = new Map(problems.map((p) => [p.path, p]))
    assert.match(byPath.get('exchanges[0].type')!.message, /unknown exchange type "topik"/)
    assert.equal(byPath.get('exchanges[0].type')!.line, 2)
    assert.equal(problems.find((p) => p.path.startsWith('bindings[0]'))!.line, 7)
  })

  it('reports argument, queue-type and duplicate problems after the schema', () => {
    const problems = problemsOf(
      [
        'queues:',
        '  - { name: q, arguments: { x-message-ttl: -5, x-overflow: sometimes } }',
        '  - { name: q }',
        '  - { name: s, type: stream, durable: false }',
        '',
      ].join('\n'),
    )
    const messages = problems.map((p) => `${p.path}@${p.line}: ${p.message}`)
    assert.ok(
      messages.some((m) => m.startsWith('queues[0].arguments["x-message-ttl"]@2: expected a non-negative integer')),
      messages.join('\n'),
    )
    assert.ok(
      messages.some((m) => m.startsWith('queues[0].arguments["x-overflow"]@2')),
      messages.join('\n'),
    )
    assert.ok(
      messages.some((m) => m.startsWith('queues[1]@3: duplicate queue "q"')),
      messages.join('\n'),
    )
    assert.ok(
      messages.some((m) => m.startsWith('queues[2].durable@4: a stream queue must be durable')),
      messages.join('\n'),
    )
  })

  it('gives the YAML syntax error position', () => {
    assert.throws(
      () => parse('queues:\n  - name: q\n   bad: indent\n'),
      (error: unknown) => error instanceof InvalidInputError && error.code === 'TOPOLOGY_UNREADABLE' && /topology\.yaml:\d+:\d+/.test(error.message),
    )
  })

  it('reads a definitions export as is, skipping users, permissions and parameters with a notice', () => {
    const definitions = {
      rabbit_version: '3.12.0',
      users: [{ name: 'u' }],
      permissions: [{ user: 'u' }],
      queues: [{ name: 'q', vhost: 'other', durable: true, auto_delete: false, arguments: { 'x-queue-type': 'quorum' } }],
      exchanges: [{ name: 'e', type: 'fanout', durable: true, auto_delete: false, internal: false, arguments: {} }],
      bindings: [{ source: 'e', destination: 'q', destination_type: 'queue', routing_key: '', arguments: {} }],
    }
    const t = parse(JSON.stringify(definitions, null, 2), 'definitions.json')
    assert.equal(t.format, 'definitions')
    assert.deepEqual([t.queues[0]!.vhost, t.queues[0]!.queueType, t.queues[0]!.arguments], ['other', 'quorum', {}])
    assert.equal(t.exchanges[0]!.vhost, 'app')
    assert.equal(t.notices.length, 2)
  })

  it('gives each entity the line the exact YAML document gives it, whether block, flow or mixed layout', () => {
    const t = parse(
      [
        '# comments and blank lines count',
        'exchanges:',
        '  - name: a',
        '    type: topic',
        '',
        '  # between items',
        '  - { name: b, type: fanout }',
        'queues: [{ name: q1 }, { name: q2 }]',
        'bindings:',
        '- exchange: a',
        '  queue: q1',
        '  routingKeys:',
        '  - k1',
        '  - k2',
        '- { exchange: b, queue: q2 }',
        '',
      ].join('\n'),
    )
    assert.deepEqual(
      t.exchanges.map((e) => e.origin.line),
      [3, 7],
    )
    // a flow sequence on one line: both queues on line 8 (from the exact document)
    assert.deepEqual(
      t.queues.map((q) => q.origin.line),
      [8, 8],
    )
    // the nested routingKeys items are not bindings: one binding per key, both from the item on line 10
    assert.deepEqual(
      t.bindings.map((b) => [b.routingKey, b.origin.line]),
      [
        ['k1', 10],
        ['k2', 10],
        ['', 15],
      ],
    )
  })

  it('finds lines in a JSON export when a message needs one', () => {
    const text = JSON.stringify(
      { rabbit_version: '3', exchanges: [{ name: 'e', type: 'nope', durable: true, auto_delete: false, internal: false, arguments: {} }] },
      null,
      2,
    )
    const problems = problemsOf(text, 'definitions.json')
    assert.equal(problems[0]!.path, 'exchanges[0].type')
    assert.equal(problems[0]!.line, 6)
  })
})
