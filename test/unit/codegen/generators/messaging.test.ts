// The messaging generators without a service: events found by the reader, payload codecs planned as data, the
// artifacts of publisher and consumer, and the topology additions (comments kept, a second run changes nothing).
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { readDomain } from '../../../../src/codegen/domain'
import { consumerGenerator } from '../../../../src/codegen/generators/messaging/consumer-generator'
import { planPayload } from '../../../../src/codegen/generators/messaging/payload'
import { publisherGenerator } from '../../../../src/codegen/generators/messaging/publisher-generator'
import { DEFAULT_MESSAGING } from '../../../../src/codegen/generators/messaging/shared'
import { consumerTopology } from '../../../../src/codegen/generators/messaging/topology'
import type { GenerateOptions } from '../../../../src/codegen/generators/types'
import type { DomainModel } from '../../../../src/codegen/model'
import { TemplateRenderer } from '../../../../src/codegen/render'
import { MESSAGE_CONVENTIONS, messageProperties } from '../../../../src/core/message-conventions'
import { toMessage, compileRoutingKey } from '../../../../src/outbox/message'
import { resolveLayout } from '../../../../src/outbox/layout'
import { ConfigSchema } from '../../../../src/core/config/schema'
import { addToTopology } from '../../../../src/queue/add-to-topology'

const FIXTURE = path.resolve(__dirname, '../../../fixtures/domains/events-cjs')

function readEventsOf(root: string): DomainModel {
  return readDomain({ root, tsconfig: 'tsconfig.json', sourceRoot: 'src', portSuffixes: ['Repository'], eventSuffixes: ['Event'] })
}

const context: GenerateOptions = {
  infrastructureDir: 'src/infrastructure',
  migrationsDir: 'infra/migrations',
  existingMigration: () => undefined,
  now: new Date('2026-12-01T10:00:00Z'),
  messaging: { ...DEFAULT_MESSAGING, attempts: 4, retryDelayMs: 15_000, queuePrefix: 'billing.' },
}

describe('domain events', () => {
  const model = readEventsOf(FIXTURE)

  it('are the exported declarations named by the suffixes, except a base the others implement', () => {
    assert.deepEqual(Object.keys(model.events ?? {}).sort(), ['OrderShippedEvent', 'UserRegisteredEvent'])
    assert.equal(model.events!.UserRegisteredEvent!.eventType, 'UserRegisteredEvent')
  })

  it('are not read when no event suffixes are given (repository runs)', () => {
    const plain = readDomain({ root: FIXTURE, tsconfig: 'tsconfig.json', sourceRoot: 'src', portSuffixes: ['Repository'] })
    assert.equal(plain.events, undefined)
  })

  it('travel as JSON: Date as ISO text, bigint as a string, value objects as their primitive; rebuilt by their constructor', () => {
    const plan = planPayload(model, model.events!.UserRegisteredEvent!)
    assert.deepEqual(
      plan.fields.map((f) => [f.name, f.wireType, f.encode]),
      [
        ['userId', 'string', 'event.userId.value'],
        ['email', 'string', 'event.email.value'],
        ['occurredAt', 'string', 'event.occurredAt.toISOString()'],
        ['credits', 'string', 'event.credits.toString()'],
        ['nickname', 'string | null', 'event.nickname'],
        ['tags', 'readonly string[]', 'event.tags'],
        ['plan', 'Plan', 'event.plan'],
      ],
    )
    assert.equal(
      plan.decode,
      'new UserRegisteredEvent(new UserId(payload.userId), Email.of(payload.email), new Date(payload.occurredAt), BigInt(payload.credits), payload.nickname, payload.tags, payload.plan)',
    )
  })

  it('an interface event is rebuilt as an object literal that leaves an absent optional property out', () => {
    const plan = planPayload(model, model.events!.OrderShippedEvent!)
    assert.match(plan.decode!, /^\{ orderId: payload\.orderId, shippedAt: new Date\(payload\.shippedAt\),/)
    assert.match(plan.decode!, /\.\.\.\(payload\.note === undefined \? \{\} : \{ note: payload\.note \}\)/)
  })

  it('a Map travels as its [key, value] entries and a Set as an array, each element encoded and rebuilt like a property', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'infra-events-'))
    try {
      writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', types: [] }, include: ['src'] }))
      mkdirSync(path.join(root, 'src'))
      writeFileSync(
        path.join(root, 'src', 'events.ts'),
        [
          'export class Sku { constructor(readonly code: string) {} }',
          'export class StockCountedEvent {',
          '  constructor(readonly counts: ReadonlyMap<Sku, bigint>, readonly seen: Set<Date>, readonly names: Map<string, string>, readonly tags: ReadonlySet<string>) {}',
          '}',
          '',
        ].join('\n'),
      )
      const m = readEventsOf(root)
      const plan = planPayload(m, m.events!.StockCountedEvent!)
      assert.deepEqual(
        plan.fields.map((f) => [f.name, f.wireType, f.encode]),
        [
          ['counts', 'Array<[string, string]>', 'Array.from(event.counts, ([itemKey, itemValue]): [string, string] => [itemKey.code, itemValue.toString()])'],
          ['seen', 'string[]', 'Array.from(event.seen, (item2) => item2.toISOString())'],
          ['names', 'Array<[string, string]>', '[...event.names]'],
          ['tags', 'string[]', '[...event.tags]'],
        ],
      )
      assert.equal(
        plan.decode,
        'new StockCountedEvent(new Map(payload.counts.map(([itemKey, itemValue]) => [new Sku(itemKey), BigInt(itemValue)])), new Set(payload.seen.map((item2) => new Date(item2))), new Map(payload.names), new Set(payload.tags))',
      )
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })

  it('an event the payload cannot carry is skipped with a warning naming the property; an event without a factory gets a publisher only', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'infra-events-'))
    try {
      writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, types: [] }, include: ['src'] }))
      mkdirSync(path.join(root, 'src'))
      writeFileSync(
        path.join(root, 'src', 'events.ts'),
        [
          'export class TagsChangedEvent { constructor(readonly tags: symbol) {} }',
          'export class PingEvent { readonly at = new Date(); private constructor() {} }',
          '',
        ].join('\n'),
      )
      const m = readEventsOf(root)
      const selection = { ports: [], entities: [], events: Object.values(m.events!) }
      const published = publisherGenerator.generate(m, selection, context)
      assert.ok(published.warnings.some((w) => /TagsChangedEvent skipped: TagsChangedEvent\.tags/.test(w)))
      assert.deepEqual(
        published.exports.map((e) => e.name),
        ['PingEventPublisher'],
      )
      const consumed = consumerGenerator.generate(m, selection, context)
      assert.ok(consumed.warnings.some((w) => /no consumer for PingEvent/.test(w)))
      assert.deepEqual(consumed.artifacts, [])
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})

describe('publisher and consumer generators', () => {
  const model = readEventsOf(FIXTURE)
  const selection = { ports: [], entities: [], events: [model.events!.UserRegisteredEvent!] }

  it('a publisher: the conventions module, the event payload module and the publisher class', () => {
    const output = publisherGenerator.generate(model, selection, context)
    assert.deepEqual(
      output.artifacts.map((a) => a.path),
      [
        'src/infrastructure/messaging/rabbitmq/conventions.ts',
        'src/infrastructure/messaging/rabbitmq/events/user-registered-event.ts',
        'src/infrastructure/messaging/rabbitmq/publishers/user-registered-event.publisher.ts',
      ],
    )
    assert.equal(output.artifacts[2]!.data.exchange, 'domain-events')
    // the files both generators write name both commands (compiled to CommonJS, a local `exports` once made this "undefined")
    for (const shared of output.artifacts.slice(0, 2))
      assert.match(String(shared.data.header), /^\/\/ Generated by infra \(infra generate publisher \/ consumer\)\./)
  })

  it('a consumer: queues from the prefix, prefetch and attempts from config, the inbox migration, the transaction context', () => {
    const output = consumerGenerator.generate(model, selection, context)
    const paths = output.artifacts.map((a) => a.path)
    assert.ok(paths.includes('src/infrastructure/persistence/mysql/transaction.ts'))
    assert.ok(paths.includes('src/infrastructure/messaging/rabbitmq/consume.ts'))
    assert.ok(paths.includes('infra/migrations/20261201100000-create-inbox-messages.ts'))
    const consumer = output.artifacts.find((a) => a.path.endsWith('user-registered-event.consumer.ts'))!
    assert.equal(consumer.data.queue, 'billing.UserRegisteredEvent')
    assert.equal(consumer.data.delayQueue, 'billing.UserRegisteredEvent.retry')
    assert.equal(consumer.data.deadLetterQueue, 'billing.UserRegisteredEvent.dead')
    assert.equal(consumer.data.attempts, 4)
    assert.equal(consumer.data.prefetch, 10)
    // the shared files are the same whichever generator writes them
    const published = publisherGenerator.generate(model, selection, context)
    for (const shared of published.artifacts.filter((a) => !a.path.includes('/publishers/'))) {
      assert.deepEqual(
        output.artifacts.find((a) => a.path === shared.path),
        shared,
      )
    }
  })

  it('the generated conventions module is rendered from the constants the replay uses', () => {
    const output = publisherGenerator.generate(model, selection, context)
    const text = new TemplateRenderer(undefined).render(output.artifacts[0]!.template, output.artifacts[0]!.data)
    for (const header of Object.values(MESSAGE_CONVENTIONS.headers)) assert.ok(text.includes(`'${header}'`), header)
    assert.ok(text.includes(`CONTENT_TYPE = '${MESSAGE_CONVENTIONS.contentType}'`))
  })

  it('the replay builds its properties with the shared conventions', () => {
    const layout = resolveLayout(ConfigSchema.parse({}).outbox)
    const createdAt = new Date('2026-01-02T03:04:05.678Z')
    const row = {
      id: '7',
      messageId: 'm-1',
      aggregateType: 'user',
      aggregateId: 'u-1',
      eventType: 'UserRegisteredEvent',
      payload: '{"a":1}',
      headers: '{"x-tenant":"t"}',
      createdAt,
    }
    const message = toMessage(row, compileRoutingKey('{{event_type}}', layout))
    assert.deepEqual(
      message.properties,
      messageProperties({
        messageId: 'm-1',
        eventType: 'UserRegisteredEvent',
        aggregateType: 'user',
        aggregateId: 'u-1',
        occurredAt: createdAt,
        headers: { 'x-tenant': 't' },
        outboxId: '7',
      }),
    )
    assert.equal(message.properties.timestamp, Math.floor(createdAt.getTime() / 1000))
  })
})

describe('topology additions', () => {
  const model = readEventsOf(FIXTURE)
  const events = Object.values(model.events!)
  const additions = consumerTopology(events, context.messaging!)

  it('add the exchange, a work queue with the retry short-hand per event and its binding, keeping the file comments', () => {
    const before = '# our broker\nexchanges:\n  # the outbox one\n  - name: domain-events\n    type: topic\nqueues: []\n'
    const changes = addToTopology(before, additions)
    assert.deepEqual(changes.added.exchanges, [])
    assert.deepEqual(changes.present.exchanges, ['domain-events'])
    assert.deepEqual(changes.added.queues, ['billing.OrderShippedEvent', 'billing.UserRegisteredEvent'])
    assert.equal(changes.added.bindings.length, 2)
    assert.ok(changes.text.startsWith('# our broker\nexchanges:\n  # the outbox one\n'))
    assert.match(changes.text, /- name: billing\.UserRegisteredEvent\n {4}retry:\n {6}delay: 15s\n {6}attempts: 4\n/)
    assert.match(changes.text, /- exchange: domain-events\n {4}queue: billing\.UserRegisteredEvent\n {4}routingKey: UserRegisteredEvent\n/)
    const again = addToTopology(changes.text, additions)
    assert.equal(again.text, changes.text)
    assert.deepEqual(again.added, { exchanges: [], queues: [], bindings: [] })
  })

  it('start a topology file when there is none', () => {
    const changes = addToTopology(undefined, additions)
    const yaml = require('yaml') as typeof import('yaml')
    const parsed = yaml.parse(changes.text) as { exchanges: unknown[]; queues: unknown[]; bindings: unknown[] }
    assert.equal(parsed.exchanges.length, 1)
    assert.equal(parsed.queues.length, 2)
    assert.equal(parsed.bindings.length, 2)
  })
})
