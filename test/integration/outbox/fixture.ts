// A real outbox for one test: its own MariaDB database with the table from `infra outbox init`'s SQL, its own vhost
// with a topic exchange and a bound queue, and a consumer that reads everything back.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import type { Connection } from 'mysql2/promise'
import { ConfigSchema } from '../../../src/core/config/schema'
import { resolveLayout } from '../../../src/outbox/layout'
import type { ReplaySettings } from '../../../src/outbox/replay'
import { outboxTableSql } from '../../../src/outbox/table-sql'
import { createTestDatabase, createTestVhost, RABBITMQ_URL, type TestDatabase, type TestVhost } from '../../support/services'

export interface Received {
  messageId: string
  routingKey: string
  content: string
  headers: Record<string, unknown>
  properties: { contentType?: string; deliveryMode?: number; timestamp?: number; type?: string }
}

export interface OutboxFixture {
  db: TestDatabase
  vhost: TestVhost
  sql: Connection
  settings: (overrides?: Partial<ReplaySettings>) => ReplaySettings
  insert: (rows: Array<{ aggregateId: string; eventType?: string; payload?: string; headers?: string }>) => Promise<void>
  /** every message now in the queue (drained) */
  drain: () => Promise<Received[]>
  count: (status: string) => Promise<number>
  close: () => Promise<void>
}

export const EXCHANGE = 'domain-events'
export const QUEUE = 'all-events'

export async function createOutboxFixture(prefix: string, outboxConfig: Record<string, unknown> = {}): Promise<OutboxFixture> {
  const mysql = require('mysql2/promise') as typeof import('mysql2/promise')
  const amqp = require('amqplib') as typeof import('amqplib')
  const db = await createTestDatabase(prefix)
  const vhost = await createTestVhost(prefix)
  const layout = resolveLayout(ConfigSchema.parse({ outbox: outboxConfig }).outbox)
  const sql = await mysql.createConnection({ uri: db.url, jsonStrings: true, supportBigNumbers: true, bigNumberStrings: true })
  for (const statement of outboxTableSql(layout).up) await sql.query(statement)
  const model = await amqp.connect(vhost.url)
  const channel = await model.createChannel()
  await channel.assertExchange(EXCHANGE, 'topic', { durable: true })
  await channel.assertQueue(QUEUE, { durable: true })
  await channel.bindQueue(QUEUE, EXCHANGE, 'order.#')
  const base: ReplaySettings = {
    mysql: { url: db.url, timeoutMs: 5000 },
    rabbitmq: { url: RABBITMQ_URL, vhost: vhost.name, timeoutMs: 5000 },
    layout,
    filter: { status: 'pending' },
    exchange: EXCHANGE,
    routingKey: '{{event_type}}',
    batchSize: 200,
    window: 500,
    maxAttempts: 3,
    leaseMs: 60_000,
    reconnectTimeoutMs: 20_000,
  }
  return {
    db,
    vhost,
    sql,
    settings: (overrides = {}) => ({ ...base, ...overrides }),
    async insert(rows) {
      for (let i = 0; i < rows.length; i += 1000) {
        const chunk = rows.slice(i, i + 1000)
        await sql.query('INSERT INTO outbox_messages (message_id, aggregate_type, aggregate_id, event_type, payload, headers) VALUES ?', [
          chunk.map((r) => [randomUUID(), 'order', r.aggregateId, r.eventType ?? 'order.placed', r.payload ?? '{"n":1}', r.headers ?? null]),
        ])
      }
    },
    async drain() {
      const received: Received[] = []
      while (true) {
        const message = await channel.get(QUEUE, { noAck: true })
        if (message === false) break
        received.push({
          messageId: String(message.properties.messageId),
          routingKey: message.fields.routingKey,
          content: message.content.toString('utf8'),
          headers: (message.properties.headers ?? {}) as Record<string, unknown>,
          properties: message.properties as Received['properties'],
        })
      }
      return received
    },
    async count(status) {
      const [rows] = await sql.query<import('mysql2/promise').RowDataPacket[]>('SELECT COUNT(*) AS n FROM outbox_messages WHERE status = ?', [status])
      return Number(rows[0]!.n)
    },
    async close() {
      await model.close().catch(() => undefined)
      await sql.end().catch(() => undefined)
      await vhost.drop().catch(() => undefined)
      await db.drop().catch(() => undefined)
    },
  }
}

/** Consumes the bound queue and asserts exactly-once (by message-id) and per-aggregate id order (x-outbox-id). */
export async function verifyDelivery(url: string, expected: number): Promise<{ messages: number; distinct: number; aggregates: number }> {
  const amqp = require('amqplib') as typeof import('amqplib')
  const model = await amqp.connect(url)
  const channel = await model.createChannel()
  const ids = new Set<string>()
  const last = new Map<string, bigint>()
  let messages = 0
  await channel.prefetch(5000)
  await new Promise<void>((resolve, reject) => {
    let idle: NodeJS.Timeout | undefined
    const settle = () => {
      clearTimeout(idle)
      idle = setTimeout(resolve, 2000) // the queue is full before consuming starts; a quiet 2 s means it is drained
    }
    settle()
    void channel.consume(QUEUE, (message) => {
      if (!message) return
      try {
        messages++
        ids.add(String(message.properties.messageId))
        const headers = message.properties.headers ?? {}
        const aggregate = String(headers['x-aggregate-id'])
        const id = BigInt(String(headers['x-outbox-id']))
        assert.ok((last.get(aggregate) ?? -1n) < id, `aggregate ${aggregate}: row ${id} arrived after a later row`)
        last.set(aggregate, id)
        channel.ack(message)
        settle()
      } catch (error) {
        reject(error)
      }
    })
  })
  await model.close()
  assert.equal(messages, expected, 'every row arrived exactly once: message count')
  assert.equal(ids.size, expected, 'every row arrived exactly once: distinct message-ids')
  return { messages, distinct: ids.size, aggregates: last.size }
}
