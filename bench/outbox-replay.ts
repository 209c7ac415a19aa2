// Outbox replay throughput on this machine's MariaDB and RabbitMQ: the tool against (a) the raw ceiling, amqplib
// publishing the same messages through a confirm channel with the same window and no database (run before and after the
// tool; the mean is the ceiling), and (b) a naive relay
// (select one row, publish, wait for its confirm, update it). It also asserts the replay's delivery: every row arrives in
// the bound queue exactly once, each aggregate's rows in id order (exit 1 otherwise).
// Run: node --require ./scripts/ts-register.cjs bench/outbox-replay.ts
import { randomUUID } from 'node:crypto'
import type { RowDataPacket } from 'mysql2/promise'
import { ConfigSchema } from '../src/core/config/schema'
import { resolveLayout } from '../src/outbox/layout'
import { compileRoutingKey, toMessage } from '../src/outbox/message'
import { Replayer } from '../src/outbox/replay'
import { createOutboxFixture, EXCHANGE, QUEUE, verifyDelivery } from '../test/integration/outbox/fixture'

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000)
const NAIVE_ROWS = Number(process.env.BENCH_NAIVE_ROWS ?? 5_000)
// the tool's defaults (outbox.batchSize, outbox.window); the raw ceiling uses the same window
const DEFAULTS = ConfigSchema.parse({}).outbox
const BATCH = Number(process.env.BENCH_BATCH ?? DEFAULTS.batchSize)
const WINDOW = Number(process.env.BENCH_WINDOW ?? DEFAULTS.window)
const PAYLOAD = JSON.stringify({ data: 'x'.repeat(1000) }) // ~1 KiB

async function main(): Promise<void> {
  const f = await createOutboxFixture('outbox_bench')
  const amqp = require('amqplib') as typeof import('amqplib')
  try {
    await f.insert(Array.from({ length: ROWS }, (_, i) => ({ aggregateId: `b${i % 1000}`, payload: PAYLOAD })))

    // (a) raw ceiling, measured before and after the tool (other work on the machine drifts): their mean is the ceiling
    const rawBefore = await rawCeiling(f.vhost.url)
    // the tool
    const replayer = await Replayer.open(f.settings({ batchSize: BATCH, window: WINDOW }))
    const tool = await replayer.run().finally(() => replayer.close())
    const toolRate = (tool.published * 1000) / tool.durationMs
    const delivery = await verifyDelivery(f.vhost.url, ROWS)
    const rawAfter = await rawCeiling(f.vhost.url)
    const rawRate = (rawBefore + rawAfter) / 2

    // (b) naive relay: one row at a time
    await f.insert(Array.from({ length: NAIVE_ROWS }, (_, i) => ({ aggregateId: `n${i % 1000}`, payload: PAYLOAD })))
    const naiveModel = await amqp.connect(f.vhost.url)
    const naive = await naiveModel.createConfirmChannel()
    const naiveStarted = Date.now()
    for (let i = 0; i < NAIVE_ROWS; i++) {
      const [rows] = await f.sql.query<RowDataPacket[]>(
        "SELECT id, message_id, event_type, payload FROM outbox_messages WHERE status = 'pending' ORDER BY id LIMIT 1",
      )
      const row = rows[0]!
      naive.publish(EXCHANGE, String(row.event_type), Buffer.from(String(row.payload)), {
        persistent: true,
        mandatory: true,
        messageId: String(row.message_id),
      })
      await naive.waitForConfirms()
      await f.sql.query("UPDATE outbox_messages SET status = 'published', published_at = NOW(6) WHERE id = ?", [row.id])
    }
    const naiveRate = (NAIVE_ROWS * 1000) / (Date.now() - naiveStarted)
    await naiveModel.close()

    console.log(`rows: ${ROWS} x ${PAYLOAD.length} bytes, window ${WINDOW}, batch ${BATCH} (naive on ${NAIVE_ROWS} rows)`)
    console.log(`infra outbox replay: ${Math.round(toolRate)} rows/s (${tool.published} published in ${tool.durationMs} ms, ${tool.batches} batches)`)
    console.log(
      `  delivery: ${delivery.messages} messages in the queue, ${delivery.distinct} distinct message-ids, ${delivery.aggregates} aggregates in id order: exactly once, in order`,
    )
    console.log(`(a) raw confirm-channel ceiling: ${Math.round(rawRate)} msg/s (${Math.round(rawBefore)} before the tool, ${Math.round(rawAfter)} after)`)
    console.log(`(b) naive relay: ${Math.round(naiveRate)} rows/s`)
    console.log(`ratio to raw ceiling: ${(toolRate / rawRate).toFixed(2)} (target >= 0.6)`)
    console.log(`ratio to naive relay: ${(toolRate / naiveRate).toFixed(1)}x (target >= 10x)`)
  } finally {
    await f.close()
  }
}

/**
 * amqplib alone: the same messages the tool sends (built by the tool's own toMessage from rows shaped like the table's:
 * same payload, properties and headers), through a confirm channel with the same window and mandatory flag, no
 * database. The messages are built before the clock starts, so the ceiling is the broker path alone; msg/s.
 */
async function rawCeiling(url: string): Promise<number> {
  const amqp = require('amqplib') as typeof import('amqplib')
  const model = await amqp.connect(url)
  const channel = await model.createConfirmChannel()
  const routingKey = compileRoutingKey(DEFAULTS.routingKey, resolveLayout(DEFAULTS))
  const messages = Array.from({ length: ROWS }, (_, i) =>
    toMessage(
      {
        id: String(i + 1),
        messageId: randomUUID(),
        aggregateType: 'order',
        aggregateId: `b${i % 1000}`,
        eventType: 'order.placed',
        payload: PAYLOAD,
        headers: null,
        createdAt: new Date(),
      },
      routingKey,
    ),
  )
  const started = Date.now()
  let inFlight = 0
  let waiting: (() => void) | null = null
  for (const message of messages) {
    while (inFlight >= WINDOW) await new Promise<void>((resolve) => (waiting = resolve))
    inFlight++
    channel.publish(EXCHANGE, message.routingKey, message.content, { ...message.properties, mandatory: true }, () => {
      inFlight--
      const w = waiting
      waiting = null
      w?.()
    })
  }
  await channel.waitForConfirms()
  const rate = (ROWS * 1000) / (Date.now() - started)
  await channel.purgeQueue(QUEUE)
  await model.close()
  return rate
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
