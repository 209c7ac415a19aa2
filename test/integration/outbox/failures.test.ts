import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Replayer } from '../../../src/outbox/replay'
import { management } from '../../support/services'
import { createOutboxFixture, EXCHANGE, type OutboxFixture } from './fixture'

describe('outbox replay: concurrency, locking, ordering and failures', () => {
  let f: OutboxFixture
  before(async () => {
    f = await createOutboxFixture('outbox_fail')
  })
  after(async () => f.close())

  it('four concurrent replays deliver every row exactly once', async () => {
    await f.insert(Array.from({ length: 8000 }, (_, i) => ({ aggregateId: `c${i % 50}`, payload: JSON.stringify({ seq: i }) })))
    const replayers = await Promise.all([1, 2, 3, 4].map(() => Replayer.open(f.settings({ batchSize: 100 }))))
    const summaries = await Promise.all(replayers.map((r) => r.run().finally(() => r.close())))
    assert.equal(
      summaries.reduce((n, s) => n + s.published, 0),
      8000,
    )
    assert.ok(summaries.filter((s) => s.published > 0).length >= 2, 'the work was shared')
    const received = await f.drain()
    assert.equal(received.length, 8000)
    assert.equal(new Set(received.map((r) => r.messageId)).size, 8000)
  })

  it('four replays with --partition i/4 each keep per-aggregate order', async () => {
    await f.insert(Array.from({ length: 4000 }, (_, i) => ({ aggregateId: `p${i % 40}`, payload: JSON.stringify({ seq: i }) })))
    const replayers = await Promise.all(
      [0, 1, 2, 3].map((index) => Replayer.open(f.settings({ batchSize: 100, filter: { status: 'pending', partition: { index, count: 4 } } }))),
    )
    await Promise.all(replayers.map((r) => r.run().finally(() => r.close())))
    const received = await f.drain()
    assert.equal(received.length, 4000)
    const last = new Map<string, number>()
    for (const r of received) {
      const seq = (JSON.parse(r.content) as { seq: number }).seq
      const aggregate = String(r.headers['x-aggregate-id'])
      assert.ok((last.get(aggregate) ?? -1) < seq, `order of ${aggregate}`)
      last.set(aggregate, seq)
    }
  })

  it("never holds up the application's INSERT: it commits while a replay is mid-flight", async () => {
    await f.insert(Array.from({ length: 3000 }, (_, i) => ({ aggregateId: `g${i % 10}` })))
    // slow the replay down so it is certainly still running when the application writes
    const replayer = await Replayer.open(f.settings({ batchSize: 50, rate: 2000 }))
    let replayDone = false
    const replay = replayer.run().finally(() => {
      replayDone = true
      return replayer.close()
    })
    await new Promise((resolve) => setTimeout(resolve, 300))
    const mysql = require('mysql2/promise') as typeof import('mysql2/promise')
    const app = await mysql.createConnection({ uri: f.db.url })
    try {
      await app.query('SET SESSION innodb_lock_wait_timeout = 2') // a gap lock would make this INSERT fail, not just wait
      await app.query('START TRANSACTION')
      await app.query(
        "INSERT INTO outbox_messages (message_id, aggregate_type, aggregate_id, event_type, payload) VALUES (UUID(), 'order', 'app', 'order.placed', '{}')",
      )
      await app.query('COMMIT')
      assert.equal(replayDone, false, 'the insert committed while the replay was still running')
    } finally {
      await app.end()
    }
    await replay
    await f.drain()
  })

  it('follows commit order, not id order: a row committed after a later id is published after it (documented guarantee)', async () => {
    const mysql = require('mysql2/promise') as typeof import('mysql2/promise')
    const slow = await mysql.createConnection({ uri: f.db.url })
    try {
      await slow.query('START TRANSACTION')
      await slow.query(
        "INSERT INTO outbox_messages (message_id, aggregate_type, aggregate_id, event_type, payload) VALUES (UUID(), 'order', 'late', 'order.placed', '{\"step\":1}')",
      )
      await f.insert([{ aggregateId: 'late', payload: '{"step":2}' }])
      const first = await Replayer.open(f.settings())
      await first.run().finally(() => first.close())
      await slow.query('COMMIT')
      const second = await Replayer.open(f.settings())
      await second.run().finally(() => second.close())
      const received = await f.drain()
      assert.deepEqual(
        received.map((r) => r.content),
        ['{"step":2}', '{"step":1}'],
      )
    } finally {
      await slow.end()
    }
  })

  it('reconnects when the broker drops the connection mid-run and republishes the unconfirmed: nothing lost', async () => {
    await f.insert(Array.from({ length: 20000 }, (_, i) => ({ aggregateId: `r${i % 20}`, payload: JSON.stringify({ seq: i }) })))
    const connectionsPath = `/vhosts/${encodeURIComponent(f.vhost.name)}/connections`
    const names = async () => (await management<Array<{ name: string }>>('GET', connectionsPath)).map((c) => c.name)
    const before = new Set(await names())
    const replayer = await Replayer.open(f.settings({ batchSize: 500, rate: 5000 }))
    let replayConnection: string | undefined
    for (let i = 0; i < 100 && !replayConnection; i++) {
      replayConnection = (await names()).find((n) => !before.has(n))
      if (!replayConnection) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    assert.ok(replayConnection, 'the management API lists the replay connection')
    let published = 0
    let closing: Promise<unknown> | undefined
    const summary = await replayer
      .run({
        onMarked: (r) => {
          published += r.published
          // force-close the replay's connection once it is well under way (a broker restart seen from the client)
          if (published >= 3000 && !closing) closing = management('DELETE', `/connections/${encodeURIComponent(replayConnection!)}`)
        },
      })
      .finally(() => replayer.close())
    await closing
    assert.ok(closing, 'the connection was closed mid-run')
    assert.ok(summary.reconnects >= 1, 'the replay reconnected')
    const [[{ n }]] = (await f.sql.query("SELECT COUNT(*) AS n FROM outbox_messages WHERE aggregate_id LIKE 'r%' AND status = 'published'")) as unknown as [
      [{ n: string }],
    ]
    assert.equal(Number(n), 20000)
    const received = await f.drain()
    assert.equal(new Set(received.map((r) => r.messageId)).size, 20000, 'every row arrived (duplicates allowed: at-least-once)')
  })

  it('a row the broker keeps nacking is retried, then failed with last_error after maxAttempts; others go on', async () => {
    const amqp = require('amqplib') as typeof import('amqplib')
    const model = await amqp.connect(f.vhost.url)
    const channel = await model.createChannel()
    // a full queue that rejects publishes: the broker nacks every message routed to it
    await channel.assertQueue('full', { arguments: { 'x-max-length': 0, 'x-overflow': 'reject-publish' } })
    await channel.bindQueue('full', EXCHANGE, 'invoice.rejected')
    await model.close()
    await f.insert([{ aggregateId: 'n1', eventType: 'invoice.rejected' }, { aggregateId: 'n2' }])
    const replayer = await Replayer.open(f.settings({ maxAttempts: 3 }))
    const summary = await replayer.run().finally(() => replayer.close())
    assert.equal(summary.failed, 1)
    assert.equal(summary.retried, 2)
    assert.equal(summary.published, 1)
    const [[row]] = (await f.sql.query("SELECT status, attempts, last_error FROM outbox_messages WHERE aggregate_id = 'n1'")) as unknown as [
      [{ status: string; attempts: number; last_error: string }],
    ]
    assert.deepEqual([row!.status, row!.attempts], ['failed', 3])
    assert.match(row!.last_error, /nacked/)
    assert.equal((await f.drain()).length, 1)
  })
})
