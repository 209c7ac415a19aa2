import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Replayer } from '../../../src/outbox/replay'
import { createOutboxFixture, type OutboxFixture } from './fixture'

describe('outbox replay against MariaDB and RabbitMQ', () => {
  let f: OutboxFixture
  before(async () => {
    f = await createOutboxFixture('outbox_replay')
  })
  after(async () => f.close())

  it('publishes every pending row once, in per-aggregate order, and marks it published', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => ({ aggregateId: `a${i % 37}`, payload: JSON.stringify({ seq: i }) }))
    await f.insert(rows)
    const replayer = await Replayer.open(f.settings())
    const summary = await replayer.run().finally(() => replayer.close())
    assert.equal(summary.published, 3000)
    assert.equal(summary.failed, 0)
    const received = await f.drain()
    assert.equal(received.length, 3000)
    assert.equal(new Set(received.map((r) => r.messageId)).size, 3000)
    const lastSeq = new Map<string, number>()
    for (const r of received) {
      const seq = (JSON.parse(r.content) as { seq: number }).seq
      const aggregate = String(r.headers['x-aggregate-id'])
      assert.ok((lastSeq.get(aggregate) ?? -1) < seq, `order of ${aggregate}`)
      lastSeq.set(aggregate, seq)
    }
    assert.equal(await f.count('published'), 3000)
    assert.equal(await f.count('pending'), 0)
    const first = received[0]!
    assert.equal(first.properties.contentType, 'application/json')
    assert.equal(first.properties.deliveryMode, 2)
    assert.equal(first.properties.type, 'order.placed')
    assert.equal(first.headers['x-aggregate-type'], 'order')
    assert.ok(typeof first.properties.timestamp === 'number' && first.properties.timestamp > 1_600_000_000)
  })

  it('sends the payload byte for byte (20-digit number, 1.10) and the header column as headers', async () => {
    const payload = '{"big": 12345678901234567890, "price": 1.10, "text": "é"}'
    await f.insert([{ aggregateId: 'precise', payload, headers: '{"tenant": "acme", "trace": 7}' }])
    const replayer = await Replayer.open(f.settings())
    await replayer.run().finally(() => replayer.close())
    const [message] = await f.drain()
    const [[stored]] = (await f.sql.query('SELECT payload FROM outbox_messages WHERE aggregate_id = ?', ['precise'])) as unknown as [[{ payload: string }]]
    assert.equal(message!.content, stored!.payload)
    assert.match(message!.content, /12345678901234567890/)
    assert.match(message!.content, /1\.10/)
    assert.equal(message!.headers.tenant, 'acme')
    assert.equal(message!.headers.trace, 7)
  })

  it('marks an unroutable event failed with the reason and never published; the replay goes on', async () => {
    await f.insert([{ aggregateId: 'u1', eventType: 'invoice.nobody-listens' }, { aggregateId: 'u2' }])
    const replayer = await Replayer.open(f.settings())
    const summary = await replayer.run().finally(() => replayer.close())
    assert.equal(summary.failed, 1)
    assert.equal(summary.published, 1)
    const [[row]] = (await f.sql.query("SELECT status, last_error, published_at FROM outbox_messages WHERE aggregate_id = 'u1'")) as unknown as [
      [{ status: string; last_error: string; published_at: Date | null }],
    ]
    assert.equal(row!.status, 'failed')
    assert.match(row!.last_error, /unroutable: 312 NO_ROUTE/)
    assert.equal(row!.published_at, null)
    const received = await f.drain()
    assert.deepEqual(
      received.map((r) => r.headers['x-aggregate-id']),
      ['u2'],
    )
  })

  it('a filtered replay is not held back by an earlier pending row outside its filter (--from-id)', { timeout: 30_000 }, async () => {
    await f.insert([1, 2, 3].map((step) => ({ aggregateId: 'ranged', payload: JSON.stringify({ step }) })))
    const [ids] = (await f.sql.query("SELECT id FROM outbox_messages WHERE aggregate_id = 'ranged' ORDER BY id")) as unknown as [Array<{ id: string }>]
    const replayer = await Replayer.open(f.settings({ filter: { status: 'pending', fromId: String(ids[1]!.id) } }))
    const summary = await replayer.run().finally(() => replayer.close())
    assert.equal(summary.published, 2)
    assert.deepEqual(
      (await f.drain()).map((r) => r.content),
      ['{"step":2}', '{"step":3}'],
    )
    const [[first]] = (await f.sql.query('SELECT status FROM outbox_messages WHERE id = ?', [ids[0]!.id])) as unknown as [[{ status: string }]]
    assert.equal(first!.status, 'pending', 'the row below --from-id was left alone')
  })
})
