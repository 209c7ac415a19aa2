// Generated publishers and consumers (issue 12, parts 6-7) against the real RabbitMQ (own vhost) and MariaDB (own
// database): message properties, the same message as `infra outbox replay`, outbox -> replay -> consumer -> handler,
// dead letters after N attempts, the inbox against redelivery, and a graceful stop on SIGTERM.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { ChannelModel, ConfirmChannel, GetMessage } from 'amqplib'
import { QueryTypes, type Sequelize } from 'sequelize'
import { planMessagingGeneration } from '../../../src/codegen/messaging-service'
import { commitTree } from '../../../src/codegen/tree'
import { loadConfig, type Config } from '../../../src/core/config'
import { resolveLayout } from '../../../src/outbox/layout'
import { Replayer } from '../../../src/outbox/replay'
import { replaySettingsOf } from '../../../src/outbox/settings'
import { outboxTableSql } from '../../../src/outbox/table-sql'
import { declareQueues, queueSettingsOf } from '../../../src/queue/service'
import { createTestDatabase, createTestVhost, REPO_ROOT, uniqueName, type TestDatabase, type TestVhost } from '../../support/services'
import type { GeneratedConsumer, MessageContext, Outcome } from '../../support/generated-consumer'
import { compile } from './generate-example'

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'events-cjs')
const ATTEMPTS = 3

interface ConsumerOptions<E> {
  connection: ChannelModel
  sequelize: Sequelize
  handler: { handle(event: E, context: MessageContext): Promise<void> }
  onError?: (error: unknown) => void
  onOutcome?: (outcome: Outcome, context: MessageContext) => void
}
interface UserRegistered {
  userId: { value: string }
  email: { value: string }
  occurredAt: Date
  credits: bigint
  nickname: string | null
  tags: readonly string[]
  plan: 'free' | 'pro'
}
interface Publisher<E> {
  publish(
    event: E,
    options: { aggregateType: string; aggregateId: string; messageId?: string; occurredAt?: Date; headers?: Record<string, unknown> },
  ): Promise<string>
}

describe('generated publisher and consumer, against RabbitMQ and MariaDB', () => {
  let root: string
  let database: TestDatabase
  let vhost: TestVhost
  let config: Config
  let sequelize: Sequelize
  let connection: ChannelModel
  let channel: ConfirmChannel
  let dist: string
  const load = <T>(file: string) => require(path.join(dist, 'infrastructure', 'messaging', 'rabbitmq', file)) as T

  const domain = () => ({
    ...(require(path.join(dist, 'domain', 'user', 'user-registered.js')) as { UserRegisteredEvent: new (...args: unknown[]) => UserRegistered }),
    ...(require(path.join(dist, 'domain', 'user', 'user-id.js')) as { UserId: new (value: string) => { value: string } }),
    ...(require(path.join(dist, 'domain', 'shared', 'email.js')) as { Email: { of(value: string): { value: string } } }),
  })
  const sampleEvent = (): UserRegistered => {
    const { UserRegisteredEvent, UserId, Email } = domain()
    return new UserRegisteredEvent(
      new UserId(randomUUID()),
      Email.of('ada@example.com'),
      new Date('2026-05-04T03:02:01.000Z'),
      9_007_199_254_740_993n,
      null,
      ['early', 'beta'],
      'pro',
    )
  }
  const userPublisher = () => {
    const { UserRegisteredEventPublisher } = load<{ UserRegisteredEventPublisher: new (channel: ConfirmChannel) => Publisher<UserRegistered> }>(
      'publishers/user-registered-event.publisher.js',
    )
    return new UserRegisteredEventPublisher(channel)
  }
  const userConsumer = (options: Omit<ConsumerOptions<UserRegistered>, 'connection' | 'sequelize'> & { connection?: ChannelModel }) =>
    load<{ createUserRegisteredEventConsumer(o: ConsumerOptions<UserRegistered>): GeneratedConsumer }>(
      'consumers/user-registered-event.consumer.js',
    ).createUserRegisteredEventConsumer({ connection, sequelize, ...options })
  const encode = (event: UserRegistered) =>
    load<{ encodeUserRegisteredEvent(e: UserRegistered): object }>('events/user-registered-event.js').encodeUserRegisteredEvent(event)
  const getOne = async (queue: string): Promise<GetMessage> => {
    // a confirmed publish is routed: the message is in the queue, but a get may come before the broker lists it
    for (;;) {
      const message = await channel.get(queue, { noAck: true })
      if (message !== false) return message
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
  const messageCount = async (queue: string) => (await channel.checkQueue(queue)).messageCount
  const insertOutboxRow = async (row: { messageId: string; aggregateId: string; payload: string; headers: string | null; createdAt: Date }) => {
    await sequelize.query(
      'INSERT INTO outbox_messages (message_id, aggregate_type, aggregate_id, event_type, payload, headers, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      { replacements: [row.messageId, 'user', row.aggregateId, 'UserRegisteredEvent', row.payload, row.headers, row.createdAt], type: QueryTypes.INSERT },
    )
  }
  const replay = async () => {
    const replayer = await Replayer.open({ ...replaySettingsOf(config, {}), rabbitmq: { url: config.rabbitmq.url, vhost: vhost.name, timeoutMs: 5000 } })
    return replayer.run().finally(() => replayer.close())
  }
  /** resolves when `count` deliveries have ended, with their outcomes */
  const outcomes = (count: number) => {
    const seen: Array<{ outcome: Outcome; context: MessageContext }> = []
    let resolve!: (value: typeof seen) => void
    const done = new Promise<typeof seen>((r) => (resolve = r))
    return {
      onOutcome: (outcome: Outcome, context: MessageContext) => {
        seen.push({ outcome, context })
        if (seen.length === count) resolve(seen)
      },
      done,
    }
  }

  before(async () => {
    root = path.join(REPO_ROOT, '.infra-tmp', uniqueName('messaging'))
    mkdirSync(path.dirname(root), { recursive: true })
    cpSync(FIXTURE, root, { recursive: true })
    writeFileSync(path.join(root, 'infra.config.json'), JSON.stringify({ messaging: { attempts: ATTEMPTS, retryDelay: '100ms' } }))
    database = await createTestDatabase('codegen_messaging')
    vhost = await createTestVhost('codegen_messaging')
    config = await loadConfig({ cwd: root, env: { INFRA_MYSQL_URL: database.url, INFRA_RABBITMQ_URL: vhost.url } })
    for (const kind of ['publisher', 'consumer'] as const) {
      const run = planMessagingGeneration(config, kind, { events: [], all: true, force: false })
      assert.deepEqual(run.warnings, [])
      commitTree(run.tree, run.plan)
    }
    const compiled = compile(root, { emit: true })
    assert.equal(compiled.status, 0, compiled.output)
    dist = path.join(root, 'dist')
    const { Sequelize: SequelizeClass } = require('sequelize') as typeof import('sequelize')
    sequelize = new SequelizeClass(database.url, { logging: false })
    // the inbox migration as written (TypeScript: the test process transpiles it), and the outbox table of `outbox init`
    const migrations = path.join(root, 'infra', 'migrations')
    const inbox = readdirSync(migrations).find((f) => f.endsWith('-create-inbox-messages.ts'))!
    const migration = require(path.join(migrations, inbox)) as { up(p: { context: { queryInterface: unknown } }): Promise<void> }
    await migration.up({ context: { queryInterface: sequelize.getQueryInterface() } })
    for (const statement of outboxTableSql(resolveLayout(config.outbox)).up) await sequelize.query(statement)
    // the topology file the commands wrote: exchange, work/delay/dead-letter queues, bindings
    await declareQueues(queueSettingsOf(config, {}))
    const amqp = require('amqplib') as typeof import('amqplib')
    connection = await amqp.connect(vhost.url)
    channel = await connection.createConfirmChannel()
  })

  after(async () => {
    await connection?.close()
    await sequelize?.close()
    await vhost?.drop()
    await database?.drop()
    rmSync(root, { recursive: true, force: true })
  })

  it('a published event lands in the bound queue: persistent, message-id, content-type, type, timestamp, headers, encoded payload', async () => {
    const event = sampleEvent()
    const messageId = await userPublisher().publish(event, { aggregateType: 'user', aggregateId: event.userId.value, headers: { 'x-tenant': 't1' } })
    const message = await getOne('UserRegisteredEvent')
    const p = message.properties
    assert.equal(p.deliveryMode, 2)
    assert.equal(p.messageId, messageId)
    assert.equal(p.contentType, 'application/json')
    assert.equal(p.type, 'UserRegisteredEvent')
    assert.equal(typeof p.timestamp, 'number')
    assert.deepEqual(p.headers, { 'x-tenant': 't1', 'x-aggregate-type': 'user', 'x-aggregate-id': event.userId.value, 'x-event-type': 'UserRegisteredEvent' })
    assert.equal(message.fields.routingKey, 'UserRegisteredEvent')
    assert.deepEqual(JSON.parse(message.content.toString('utf8')), {
      userId: event.userId.value,
      email: 'ada@example.com',
      occurredAt: '2026-05-04T03:02:01.000Z',
      credits: '9007199254740993',
      nickname: null,
      tags: ['early', 'beta'],
      plan: 'pro',
    })
  })

  it('the replay of an outbox row and the publisher send the same message for the same event (x-outbox-id aside)', async () => {
    const event = sampleEvent()
    const messageId = randomUUID()
    const createdAt = new Date('2026-06-07T08:09:10.000Z')
    await insertOutboxRow({ messageId, aggregateId: event.userId.value, payload: JSON.stringify(encode(event)), headers: '{"x-tenant":"t2"}', createdAt })
    const summary = await replay()
    assert.equal(summary.published, 1)
    const replayed = await getOne('UserRegisteredEvent')
    await userPublisher().publish(event, {
      aggregateType: 'user',
      aggregateId: event.userId.value,
      messageId,
      occurredAt: createdAt,
      headers: { 'x-tenant': 't2' },
    })
    const published = await getOne('UserRegisteredEvent')
    assert.ok(replayed.content.equals(published.content), `${replayed.content.toString()} vs ${published.content.toString()}`)
    const { 'x-outbox-id': outboxId, ...replayedHeaders } = replayed.properties.headers ?? {}
    assert.equal(typeof outboxId, 'string')
    assert.deepEqual({ ...replayed.properties, headers: replayedHeaders }, published.properties)
    assert.equal(replayed.fields.routingKey, published.fields.routingKey)
    assert.equal(replayed.fields.exchange, published.fields.exchange)
  })

  it('outbox row -> infra outbox replay -> exchange -> generated consumer -> handler, with the payload rebuilt intact', async () => {
    const event = sampleEvent()
    const messageId = randomUUID()
    const { UserRegisteredEvent, UserId } = domain()
    const received: UserRegistered[] = []
    const settled = outcomes(1)
    const consumer = userConsumer({ handler: { handle: async (e) => void received.push(e) }, onOutcome: settled.onOutcome })
    await consumer.start()
    await insertOutboxRow({ messageId, aggregateId: event.userId.value, payload: JSON.stringify(encode(event)), headers: null, createdAt: new Date() })
    await replay()
    const [result] = await settled.done
    await consumer.stop()
    assert.equal(result!.outcome, 'handled')
    assert.equal(received.length, 1)
    const got = received[0]!
    assert.ok(got instanceof UserRegisteredEvent)
    assert.ok(got.userId instanceof UserId)
    assert.deepEqual(got, event)
    assert.equal(got.credits, 9_007_199_254_740_993n)
    const [rows] = await sequelize.query('SELECT consumer, event_type FROM inbox_messages WHERE message_id = ?', { replacements: [messageId] })
    assert.deepEqual(rows, [{ consumer: 'UserRegisteredEvent', event_type: 'UserRegisteredEvent' }])
  })

  it('a redelivered message (same message id) is acknowledged without running the handler again', async () => {
    const event = sampleEvent()
    let runs = 0
    const settled = outcomes(2)
    const consumer = userConsumer({ handler: { handle: async () => void (runs += 1) }, onOutcome: settled.onOutcome })
    await consumer.start()
    const publisher = userPublisher()
    const messageId = await publisher.publish(event, { aggregateType: 'user', aggregateId: event.userId.value })
    await publisher.publish(event, { aggregateType: 'user', aggregateId: event.userId.value, messageId })
    const seen = await settled.done
    await consumer.stop()
    assert.deepEqual(seen.map((s) => s.outcome).sort(), ['duplicate', 'handled'])
    assert.equal(runs, 1)
    assert.equal(await messageCount('UserRegisteredEvent'), 0)
  })

  it('a message the broker redelivers (its consumer died after the commit, before the ack) does not run the handler again', async () => {
    const amqp = require('amqplib') as typeof import('amqplib')
    const event = sampleEvent()
    let runs = 0
    const handler = { handle: async () => void (runs += 1) }
    // the first consumer's acknowledgements never leave the process, as when it dies between its commit and its ack;
    // closing its connection then makes the broker requeue the unacknowledged message and deliver it again
    const doomed = await amqp.connect(vhost.url)
    const dropsAcks = {
      createConfirmChannel: async () => {
        const dying = await doomed.createConfirmChannel()
        dying.ack = () => undefined
        return dying
      },
    } as unknown as ChannelModel
    const first = outcomes(1)
    const dying = userConsumer({ connection: dropsAcks, handler, onOutcome: first.onOutcome })
    await dying.start()
    const messageId = await userPublisher().publish(event, { aggregateType: 'user', aggregateId: event.userId.value })
    const [handled] = await first.done
    assert.equal(handled!.outcome, 'handled')
    assert.equal(handled!.context.redelivered, false)
    await doomed.close()

    const second = outcomes(1)
    const survivor = userConsumer({ handler, onOutcome: second.onOutcome })
    await survivor.start()
    const [redelivered] = await second.done
    await survivor.stop()
    assert.equal(redelivered!.context.messageId, messageId)
    assert.equal(redelivered!.context.redelivered, true, 'the broker redelivered the unacknowledged message')
    assert.equal(redelivered!.outcome, 'duplicate')
    assert.equal(runs, 1)
    assert.equal(await messageCount('UserRegisteredEvent'), 0)
    const [rows] = await sequelize.query('SELECT 1 FROM inbox_messages WHERE message_id = ?', { replacements: [messageId] })
    assert.equal(rows.length, 1)
  })

  it(`a handler that keeps failing: retried through the delay queue, then dead-lettered after ${ATTEMPTS} attempts (x-death)`, async () => {
    const attempts: number[] = []
    const settled = outcomes(ATTEMPTS)
    const consumer = userConsumer({
      handler: {
        handle: async (_event, context) => {
          attempts.push(context.attempt)
          throw new Error('the handler always fails')
        },
      },
      onError: () => undefined,
      onOutcome: settled.onOutcome,
    })
    await consumer.start()
    const event = sampleEvent()
    const messageId = await userPublisher().publish(event, { aggregateType: 'user', aggregateId: event.userId.value })
    const seen = await settled.done
    await consumer.stop()
    assert.deepEqual(attempts, [1, 2, 3])
    assert.deepEqual(
      seen.map((s) => s.outcome),
      ['retried', 'retried', 'dead-lettered'],
    )
    const dead = await getOne('UserRegisteredEvent.dead')
    assert.equal(dead.properties.messageId, messageId)
    assert.equal(dead.properties.headers?.['x-last-error'], 'the handler always fails')
    assert.deepEqual(JSON.parse(dead.content.toString()), JSON.parse(JSON.stringify(encode(event))))
    assert.equal(await messageCount('UserRegisteredEvent'), 0)
    assert.equal(await messageCount('UserRegisteredEvent.retry'), 0)
    // the failed attempts rolled back their inbox rows: nothing recorded as handled
    const [rows] = await sequelize.query('SELECT 1 FROM inbox_messages WHERE message_id = ?', { replacements: [messageId] })
    assert.deepEqual(rows, [])
  })

  it('SIGTERM: the message in flight is finished and acknowledged, then the consumer closes and the process exits', async () => {
    await sequelize.query('CREATE TABLE handled (message_id VARCHAR(255) PRIMARY KEY)')
    const script = path.join(root, 'sigterm-worker.js')
    writeFileSync(
      script,
      `const amqp = require('amqplib')
const { Sequelize } = require('sequelize')
const { createUserRegisteredEventConsumer } = require('./dist/infrastructure/messaging/rabbitmq/consumers/user-registered-event.consumer.js')
const { stopOnSignals } = require('./dist/infrastructure/messaging/rabbitmq/consume.js')
;(async () => {
  const connection = await amqp.connect(process.env.AMQP_URL)
  const sequelize = new Sequelize(process.env.DB_URL, { logging: false })
  const consumer = createUserRegisteredEventConsumer({
    connection,
    sequelize,
    handler: {
      async handle(event, context) {
        // still working when SIGTERM arrives: wait for it, then finish the work
        const signalled = new Promise((resolve) => process.once('SIGTERM', resolve))
        process.stdout.write('started\\n')
        await signalled
        await sequelize.query('INSERT INTO handled (message_id) VALUES (?)', { replacements: [context.messageId] })
      },
    },
  })
  await consumer.start()
  process.stdout.write('ready\\n')
  stopOnSignals([consumer], ['SIGTERM'], async () => {
    await connection.close()
    await sequelize.close()
    process.stdout.write('stopped\\n')
  })
})()
`,
    )
    const child = spawn(process.execPath, [script], {
      cwd: root,
      env: { ...process.env, AMQP_URL: vhost.url, DB_URL: database.url },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let stdout = ''
    const waiting: Array<{ text: string; resolve: () => void }> = []
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
      for (const w of waiting.filter((w) => stdout.includes(w.text))) w.resolve()
    })
    const waitFor = (text: string) => new Promise<void>((resolve) => (stdout.includes(text) ? resolve() : waiting.push({ text, resolve })))
    // 'close': the process has exited and its output is read to the end
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
    await waitFor('ready')
    const event = sampleEvent()
    const messageId = await userPublisher().publish(event, { aggregateType: 'user', aggregateId: event.userId.value })
    await waitFor('started')
    child.kill('SIGTERM')
    const code = await exited
    assert.equal(code, 0)
    assert.match(stdout, /stopped/)
    const [handled] = await sequelize.query('SELECT message_id FROM handled')
    assert.deepEqual(handled, [{ message_id: messageId }])
    const [inbox] = await sequelize.query('SELECT 1 AS one FROM inbox_messages WHERE message_id = ?', { replacements: [messageId] })
    assert.equal(inbox.length, 1)
    // acknowledged before the channel closed: nothing returned to the queue
    assert.equal(await messageCount('UserRegisteredEvent'), 0)
  })
})
