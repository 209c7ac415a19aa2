// issue 5: RabbitMQ restarted mid-replay (the whole node, not a dropped connection): a rerun completes, nothing is lost.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { RowDataPacket } from 'mysql2/promise'
import { createOutboxFixture, QUEUE, type OutboxFixture } from '../integration/outbox/fixture'
import { servicesUp, stopRabbitmq } from '../support/restart'
import { parseJson, runCli } from '../support/services'

const TOTAL = 30_000

/** Every message id in the queue, read over a fresh connection (the fixture's died with the broker). */
async function drainIds(vhostUrl: string): Promise<string[]> {
  const amqp = require('amqplib') as typeof import('amqplib')
  const model = await amqp.connect(vhostUrl)
  try {
    const channel = await model.createChannel()
    const ids: string[] = []
    for (let message = await channel.get(QUEUE, { noAck: true }); message !== false; message = await channel.get(QUEUE, { noAck: true })) {
      ids.push(String(message.properties.messageId))
    }
    return ids
  } finally {
    await model.close()
  }
}

describe('infra outbox replay across a RabbitMQ restart', () => {
  let f: OutboxFixture
  before(async () => {
    f = await createOutboxFixture('outbox_restart')
    await f.insert(Array.from({ length: TOTAL }, (_, i) => ({ aggregateId: `r${i % 50}` })))
  })
  after(async () => {
    servicesUp()
    await f.close()
  })

  it('a replay interrupted by the restart, then rerun until done, delivers every row (at least once) and loses none', async () => {
    const env = { INFRA_MYSQL_URL: f.db.url, INFRA_RABBITMQ_URL: f.vhost.url }
    // rate-limited so the restart lands mid-run on any machine
    const first = runCli(['outbox', 'replay', '--json', '--rate', '2000'], { env, timeoutMs: 300_000 })
    const published = async () => Number((await f.sql.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM outbox_messages WHERE status = 'published'"))[0][0]!.n)
    for (let waited = 0; (await published()) === 0; waited += 100) {
      assert.ok(waited < 60_000, 'the replay published something within a minute')
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    stopRabbitmq()
    servicesUp()
    const interrupted = await first
    // either it reconnected and finished (exit 0), or it gave up cleanly (exit 5): never a row marked unconfirmed
    assert.ok([0, 5].includes(interrupted.code), `first run exit ${interrupted.code}: ${interrupted.stderr}`)
    for (let run = 0; run < 5 && (await f.count('pending')) > 0; run++) {
      const rerun = await runCli(['outbox', 'replay', '--json'], { env })
      assert.equal(rerun.code, 0, rerun.stdout + rerun.stderr)
      assert.equal(parseJson<{ failed: number }>(rerun).failed, 0)
    }
    assert.equal(await f.count('pending'), 0)
    assert.equal(await published(), TOTAL)
    const ids = await drainIds(f.vhost.url)
    const [rows] = await f.sql.query<RowDataPacket[]>('SELECT message_id FROM outbox_messages')
    const delivered = new Set(ids)
    const missing = rows.filter((r) => !delivered.has(String(r.message_id)))
    assert.equal(missing.length, 0, `${missing.length} published rows never reached the queue`)
    assert.ok(ids.length >= TOTAL)
  })
})
