// The whole messaging chain on generated code only (issue 12): an aggregate saved through a GENERATED repository
// writes its event to the outbox in the row's transaction; `infra outbox replay` (the built CLI) publishes it to the
// exchange `infra queue declare` declared from the topology file the generators wrote; the GENERATED consumer rebuilds
// it and runs the handler. The payload arrives intact: a Date, a bigint inside a two-field value object, a single-value
// object, a Map and a Set. Own MariaDB database and RabbitMQ vhost.
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { ChannelModel } from 'amqplib'
import type { Sequelize } from 'sequelize'
import type { Email as EmailType } from '../../fixtures/domains/messaging-chain/src/domain/shared/email'
import type { Money as MoneyType } from '../../fixtures/domains/messaging-chain/src/domain/shared/money'
import type { Order as OrderType } from '../../fixtures/domains/messaging-chain/src/domain/order/order'
import type { OrderPlacedEvent as OrderPlacedEventType } from '../../fixtures/domains/messaging-chain/src/domain/order/order-placed'
import type { OrderRepository } from '../../fixtures/domains/messaging-chain/src/domain/order/order-repository'
import { planMessagingGeneration } from '../../../src/codegen/messaging-service'
import { commitTree } from '../../../src/codegen/tree'
import { loadConfig } from '../../../src/core/config'
import { resolveLayout } from '../../../src/outbox/layout'
import { outboxTableSql } from '../../../src/outbox/table-sql'
import { declareQueues, queueSettingsOf } from '../../../src/queue/service'
import { createTestDatabase, createTestVhost, parseJson, REPO_ROOT, runCli, type TestDatabase, type TestVhost } from '../../support/services'
import type { GeneratedConsumer, MessageContext, Outcome } from '../../support/generated-consumer'
import { compile, generateCopy, migrationFiles, type GeneratedExample } from './generate-example'

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'messaging-chain')

interface Modules {
  Order: typeof OrderType
  Money: typeof MoneyType
  Email: typeof EmailType
  OrderPlacedEvent: typeof OrderPlacedEventType
  MysqlOrderRepository: new (sequelize: Sequelize) => OrderRepository
  createSequelize(url: string): Sequelize
  createOrderPlacedEventConsumer(options: {
    connection: ChannelModel
    sequelize: Sequelize
    handler: { handle(event: OrderPlacedEventType, context: MessageContext): Promise<void> }
    onOutcome?: (outcome: Outcome, context: MessageContext) => void
  }): GeneratedConsumer
}

describe('generated repository -> outbox -> infra outbox replay -> exchange -> generated consumer -> handler', () => {
  let generated: GeneratedExample
  let database: TestDatabase
  let vhost: TestVhost
  let sequelize: Sequelize
  let connection: ChannelModel
  let m: Modules
  const env = () => ({ INFRA_MYSQL_URL: database.url, INFRA_RABBITMQ_URL: vhost.url })

  before(async () => {
    generated = await generateCopy(FIXTURE, 'messaging_chain')
    assert.deepEqual(generated.warnings, [])
    database = await createTestDatabase('codegen_messaging_chain')
    vhost = await createTestVhost('codegen_messaging_chain')
    writeFileSync(path.join(generated.root, 'infra.config.json'), JSON.stringify({ messaging: { attempts: 2, retryDelay: '100ms' } }))
    const config = await loadConfig({ cwd: generated.root, env: env() })
    const run = planMessagingGeneration(config, 'consumer', { events: [], all: true, force: false })
    assert.deepEqual(run.warnings, [])
    commitTree(run.tree, run.plan)
    const compiled = compile(generated.root, { emit: true })
    assert.equal(compiled.output, '', 'the generated repository, payload module and consumer compile')

    const dist = path.join(generated.root, 'dist', 'src')
    const infra = path.join(dist, 'infrastructure')
    m = {
      ...(require(path.join(dist, 'domain/order/order.js')) as Pick<Modules, 'Order'>),
      ...(require(path.join(dist, 'domain/shared/money.js')) as Pick<Modules, 'Money'>),
      ...(require(path.join(dist, 'domain/shared/email.js')) as Pick<Modules, 'Email'>),
      ...(require(path.join(dist, 'domain/order/order-placed.js')) as Pick<Modules, 'OrderPlacedEvent'>),
      ...(require(path.join(infra, 'repository/mysql-order-repository.js')) as Pick<Modules, 'MysqlOrderRepository'>),
      ...(require(path.join(infra, 'persistence/mysql/connection.js')) as Pick<Modules, 'createSequelize'>),
      ...(require(path.join(infra, 'messaging/rabbitmq/consumers/order-placed-event.consumer.js')) as Pick<Modules, 'createOrderPlacedEventConsumer'>),
    }
    // its own database: the repository's and the inbox's migrations as generated, and the outbox table
    sequelize = m.createSequelize(database.url)
    const context = { queryInterface: sequelize.getQueryInterface(), sequelize }
    for (const file of migrationFiles(path.join(generated.root, 'dist', 'infra', 'migrations'))) {
      const migration = require(file) as { up(arg: { context: typeof context }): Promise<void> }
      await migration.up({ context })
    }
    for (const statement of outboxTableSql(resolveLayout(config.outbox)).up) await sequelize.query(statement)
    // its own vhost: the topology file the consumer generator wrote (exchange, work/retry/dead queues, binding)
    const declared = await declareQueues(queueSettingsOf(config, {}))
    assert.ok(declared.result.applied > 0)
    const amqp = require('amqplib') as typeof import('amqplib')
    connection = await amqp.connect(vhost.url)
  })

  after(async () => {
    await connection?.close()
    await sequelize?.close()
    await vhost?.drop()
    await database?.drop()
    generated?.remove()
  })

  it('the event saved with its order reaches the handler rebuilt: Date, bigint, value objects, Map and Set intact', async () => {
    const received: Array<{ event: OrderPlacedEventType; context: MessageContext }> = []
    let settle!: (outcome: Outcome) => void
    const settled = new Promise<Outcome>((resolve) => (settle = resolve))
    const consumer = m.createOrderPlacedEventConsumer({
      connection,
      sequelize,
      handler: { handle: async (event, context) => void received.push({ event, context }) },
      onOutcome: (outcome) => settle(outcome),
    })
    await consumer.start()
    const order = m.Order.place({
      id: 'order-1',
      customer: 'Ada@Example.com',
      placedAt: new Date('2026-03-04T05:06:07.089Z'),
      total: new m.Money(9_007_199_254_740_993n, 'EUR'),
      lines: new Map([
        ['sku-2', 3],
        ['sku-1', 1],
      ]),
      labels: ['gift', 'express'],
    })
    await new m.MysqlOrderRepository(sequelize).save(order)
    const [rows] = await sequelize.query('SELECT message_id, event_type FROM outbox_messages')
    assert.equal(rows.length, 1, 'the repository wrote one outbox row in the order transaction')

    const replay = await runCli(['outbox', 'replay', '--json'], { cwd: generated.root, env: env() })
    assert.equal(replay.code, 0, replay.stdout + replay.stderr)
    assert.equal(parseJson<{ published: number }>(replay).published, 1)
    assert.equal(await settled, 'handled')
    await consumer.stop()

    assert.equal(received.length, 1)
    const { event, context } = received[0]!
    assert.ok(event instanceof m.OrderPlacedEvent)
    assert.ok(event.total instanceof m.Money)
    const expected = new m.OrderPlacedEvent(
      'order-1',
      new m.Email('ada@example.com'),
      new Date('2026-03-04T05:06:07.089Z'),
      new m.Money(9_007_199_254_740_993n, 'EUR'),
      new Map([
        ['sku-2', 3],
        ['sku-1', 1],
      ]),
      new Set(['gift', 'express']),
      null,
    )
    assert.deepEqual(event, expected)
    assert.equal(event.total.cents, 9_007_199_254_740_993n)
    assert.equal(event.placedAt.toISOString(), '2026-03-04T05:06:07.089Z')
    assert.equal(event.customer.address, 'ada@example.com')
    assert.deepEqual(
      [...event.quantities],
      [
        ['sku-2', 3],
        ['sku-1', 1],
      ],
    )
    assert.deepEqual([...event.labels], ['gift', 'express'])
    // the message id is the outbox row's, recorded in the inbox in the handler's transaction
    assert.equal(context.messageId, (rows[0] as { message_id: string }).message_id)
    const [inbox] = await sequelize.query('SELECT event_type FROM inbox_messages WHERE message_id = ?', { replacements: [context.messageId] })
    assert.deepEqual(inbox, [{ event_type: 'OrderPlacedEvent' }])
    const [order1] = await sequelize.query("SELECT id FROM orders WHERE id = 'order-1'")
    assert.equal(order1.length, 1)
  })
})
