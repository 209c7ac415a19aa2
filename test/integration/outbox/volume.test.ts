// issue 5's volume check: 100k rows replayed arrive in the bound queue exactly once each, in per-aggregate order.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ConfigSchema } from '../../../src/core/config/schema'
import { Replayer } from '../../../src/outbox/replay'
import { createOutboxFixture, type OutboxFixture, verifyDelivery } from './fixture'

const ROWS = 100_000
const DEFAULTS = ConfigSchema.parse({}).outbox

describe('outbox replay at volume (MariaDB, RabbitMQ)', () => {
  let f: OutboxFixture
  before(async () => {
    f = await createOutboxFixture('outbox_volume')
    await f.insert(Array.from({ length: ROWS }, (_, i) => ({ aggregateId: `v${i % 1000}`, payload: JSON.stringify({ seq: i, data: 'x'.repeat(200) }) })))
  })
  after(async () => f.close())

  it(`${ROWS} rows arrive exactly once each, each aggregate's rows in id order`, { timeout: 600_000 }, async () => {
    // the tool's defaults (batch size, window), as a user gets them
    const replayer = await Replayer.open(f.settings({ batchSize: DEFAULTS.batchSize, window: DEFAULTS.window }))
    const summary = await replayer.run().finally(() => replayer.close())
    assert.equal(summary.published, ROWS)
    assert.equal(summary.failed, 0)
    assert.equal(await f.count('published'), ROWS)
    const delivery = await verifyDelivery(f.vhost.url, ROWS)
    assert.equal(delivery.aggregates, 1000)
  })
})
