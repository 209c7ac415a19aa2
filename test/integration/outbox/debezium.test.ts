import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { RowDataPacket } from 'mysql2/promise'
import { ConfigSchema } from '../../../src/core/config/schema'
import { resolveLayout } from '../../../src/outbox/layout'
import { Replayer } from '../../../src/outbox/replay'
import { outboxTableSql } from '../../../src/outbox/table-sql'
import { createOutboxFixture, type OutboxFixture } from './fixture'

describe('outbox replay, Debezium layout (companion delivery table), against MariaDB and RabbitMQ', () => {
  let f: OutboxFixture
  before(async () => {
    // the fixture creates the delivery table from the layout; the Debezium outbox itself is the application's
    f = await createOutboxFixture('outbox_dbz', { layout: 'debezium' })
    // the delivery key takes the type of the outbox id (`infra outbox init --id-type`), so the join uses the primary keys
    await f.sql.query('DROP TABLE outbox_messages_delivery')
    for (const statement of outboxTableSql(resolveLayout(ConfigSchema.parse({ outbox: { layout: 'debezium' } }).outbox), { debeziumIdType: 'BIGINT UNSIGNED' })
      .up)
      await f.sql.query(statement)
    await f.sql.query(
      'CREATE TABLE outbox_messages (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, aggregatetype VARCHAR(255) NOT NULL, aggregateid VARCHAR(255) NOT NULL, type VARCHAR(255) NOT NULL, payload JSON NOT NULL)',
    )
  })
  after(async () => f.close())

  it('publishes each row exactly once while earlier batches are being marked (no re-claim of a row whose delivery row is locked)', async () => {
    const total = 6000
    const rows = Array.from({ length: total }, (_, i) => ['order', `z${i % 13}`, 'order.placed', JSON.stringify({ seq: i })])
    for (let i = 0; i < rows.length; i += 1000)
      await f.sql.query('INSERT INTO outbox_messages (aggregatetype, aggregateid, type, payload) VALUES ?', [rows.slice(i, i + 1000)])
    // small batches: many claims run while the previous batches' delivery rows are locked by marking
    const replayer = await Replayer.open(f.settings({ batchSize: 50, window: 200 }))
    const summary = await replayer.run().finally(() => replayer.close())
    const received = await f.drain()
    assert.equal(new Set(received.map((r) => r.messageId)).size, total, 'every row arrived')
    assert.equal(received.length, total, 'no row was published twice')
    assert.equal(summary.published, total)
    const last = new Map<string, number>()
    for (const r of received) {
      const seq = (JSON.parse(r.content) as { seq: number }).seq
      const aggregate = String(r.headers['x-aggregate-id'])
      assert.ok((last.get(aggregate) ?? -1) < seq, `order of ${aggregate}`)
      last.set(aggregate, seq)
    }
    const [counts] = await f.sql.query<RowDataPacket[]>(
      'SELECT status, COUNT(*) AS n, SUM(claimed_by IS NOT NULL) AS claimed FROM outbox_messages_delivery GROUP BY status',
    )
    assert.deepEqual(
      counts.map((c) => [c.status, Number(c.n), Number(c.claimed)]),
      [['published', total, 0]],
    )
  })
})
