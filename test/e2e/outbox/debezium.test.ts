import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Connection, RowDataPacket } from 'mysql2/promise'
import { createTestDatabase, createTestVhost, parseJson, runCli, type TestDatabase, type TestVhost } from '../../support/services'

describe('infra outbox with the Debezium layout (built CLI)', () => {
  let db: TestDatabase
  let vhost: TestVhost
  let sql: Connection
  let dir: string
  let env: NodeJS.ProcessEnv
  before(async () => {
    db = await createTestDatabase('outbox_dbz')
    vhost = await createTestVhost('outbox_dbz')
    const mysql = require('mysql2/promise') as typeof import('mysql2/promise')
    sql = await mysql.createConnection({ uri: db.url, jsonStrings: true })
    const amqp = require('amqplib') as typeof import('amqplib')
    const model = await amqp.connect(vhost.url)
    const channel = await model.createChannel()
    await channel.assertExchange('domain-events', 'topic', { durable: true })
    await channel.assertQueue('orders', { durable: true })
    await channel.bindQueue('orders', 'domain-events', 'order.#')
    await model.close()
    dir = mkdtempSync(path.join(tmpdir(), 'infra-outbox-dbz-'))
    writeFileSync(path.join(dir, 'infra.config.json'), JSON.stringify({ outbox: { layout: 'debezium', table: 'outbox' } }))
    env = { INFRA_MYSQL_URL: db.url, INFRA_RABBITMQ_URL: vhost.url }
  })
  after(async () => {
    await sql.end().catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
    await vhost.drop().catch(() => undefined)
    await db.drop().catch(() => undefined)
  })

  it('init -> migrate up -> rows in the Debezium columns -> replay: each arrives once, in order, status counts right', async () => {
    // the application's own Debezium outbox table (Debezium's columns, no delivery state)
    await sql.query(
      'CREATE TABLE outbox (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, aggregatetype VARCHAR(255) NOT NULL, aggregateid VARCHAR(255) NOT NULL, type VARCHAR(255) NOT NULL, payload JSON NOT NULL)',
    )
    const init = await runCli(['outbox', 'init', '--id-type', 'BIGINT UNSIGNED', '--json'], { cwd: dir, env })
    assert.equal(init.code, 0, init.stdout + init.stderr)
    const created = parseJson<{ status: string; table: string; file: string }>(init)
    assert.deepEqual([created.status, created.table], ['created', 'outbox_delivery'])
    const migrate = await runCli(['migrate', 'up', '--json'], { cwd: dir, env })
    assert.equal(migrate.code, 0, migrate.stdout + migrate.stderr)
    const [tables] = await sql.query<RowDataPacket[]>(
      "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'outbox_delivery'",
    )
    assert.equal(tables.length, 1, 'migrate up created the delivery table')

    const rows = Array.from({ length: 600 }, (_, i) => ['order', `o${i % 7}`, 'order.placed', JSON.stringify({ seq: i, big: '12345678901234567890' })])
    rows.push(['invoice', 'i1', 'invoice.nobody-listens', '{"seq":-1}'])
    await sql.query('INSERT INTO outbox (aggregatetype, aggregateid, type, payload) VALUES ?', [rows])
    const before = parseJson<{ pending: number; published: number; failed: number }>(await runCli(['outbox', 'status', '--json'], { cwd: dir, env }))
    assert.deepEqual([before.pending, before.published, before.failed], [601, 0, 0])

    const replay = await runCli(['outbox', 'replay', '--batch-size', '100', '--json'], { cwd: dir, env })
    assert.equal(replay.code, 0, replay.stdout + replay.stderr)
    const summary = parseJson<{ published: number; failed: number }>(replay)
    assert.deepEqual([summary.published, summary.failed], [600, 1])

    const received = await drain(vhost.url, 'orders')
    assert.equal(received.length, 600)
    assert.equal(new Set(received.map((r) => r.messageId)).size, 600, 'each row arrived once')
    assert.match(received[0]!.messageId, /^outbox:\d+$/, 'without a message-id column the message-id is <table>:<id>')
    const last = new Map<string, number>()
    for (const r of received) {
      const seq = (JSON.parse(r.content) as { seq: number }).seq
      assert.ok((last.get(r.aggregateId) ?? -1) < seq, `order of ${r.aggregateId}`)
      last.set(r.aggregateId, seq)
    }
    const after = parseJson<{ pending: number; published: number; failed: number }>(await runCli(['outbox', 'status', '--json'], { cwd: dir, env }))
    assert.deepEqual([after.pending, after.published, after.failed], [0, 600, 1])
    const [failed] = await sql.query<RowDataPacket[]>(
      "SELECT o.type, d.last_error FROM outbox o JOIN outbox_delivery d ON d.outbox_id = o.id WHERE d.status = 'failed'",
    )
    assert.equal(failed[0]!.type, 'invoice.nobody-listens')
    assert.match(String(failed[0]!.last_error), /unroutable/)

    // a second replay finds nothing to send
    const again = parseJson<{ published: number }>(await runCli(['outbox', 'replay', '--json'], { cwd: dir, env }))
    assert.equal(again.published, 0)
    assert.equal((await drain(vhost.url, 'orders')).length, 0)
  })
})

async function drain(url: string, queue: string): Promise<Array<{ messageId: string; aggregateId: string; content: string }>> {
  const amqp = require('amqplib') as typeof import('amqplib')
  const model = await amqp.connect(url)
  try {
    const channel = await model.createChannel()
    const out: Array<{ messageId: string; aggregateId: string; content: string }> = []
    while (true) {
      const message = await channel.get(queue, { noAck: true })
      if (message === false) return out
      out.push({
        messageId: String(message.properties.messageId),
        aggregateId: String(message.properties.headers?.['x-aggregate-id']),
        content: message.content.toString('utf8'),
      })
    }
  } finally {
    await model.close()
  }
}
