import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { RowDataPacket } from 'mysql2/promise'
import { createOutboxFixture, type OutboxFixture } from '../../integration/outbox/fixture'
import { REPO_ROOT } from '../../support/services'

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('infra outbox relay (built CLI)', () => {
  let f: OutboxFixture
  before(async () => {
    f = await createOutboxFixture('outbox_relay')
  })
  after(async () => f.close())

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops gracefully on ${signal}: exit 0, no row left claimed, every published row is in the queue`, async () => {
      const child = spawn(
        process.execPath,
        [path.join(REPO_ROOT, 'bin', 'run.js'), 'outbox', 'relay', '--json', '--max-idle', '300ms', '--report-every', '0', '--rate', '3000'],
        {
          env: { ...process.env, NO_COLOR: '1', INFRA_MYSQL_URL: f.db.url, INFRA_RABBITMQ_URL: f.vhost.url },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      )
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
      try {
        const base = await f.count('published')
        // the relay picks up rows inserted while it runs (idle polling)
        await f.insert(Array.from({ length: 1000 }, (_, i) => ({ aggregateId: `${signal}-${i % 9}`, payload: JSON.stringify({ seq: i }) })))
        await until('the first 1000 rows are published', async () => (await f.count('published')) >= base + 1000)
        // a second wave, and the signal while it is in flight (3000 rows at --rate 3000 take about a second)
        await f.insert(Array.from({ length: 3000 }, (_, i) => ({ aggregateId: `${signal}-${i % 9}`, payload: JSON.stringify({ seq: 1000 + i }) })))
        await until('the second wave is under way', async () => (await f.count('published')) > base + 1000)
        child.kill(signal)
        const code = await exited
        assert.equal(code, 0, stdout + stderr)
        const summary = JSON.parse(stdout) as { published: number; failed: number }
        assert.match(stderr, new RegExp(`relay: ${signal}, finishing the in-flight batch`))
        const [claimed] = await f.sql.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM outbox_messages WHERE claimed_by IS NOT NULL')
        assert.equal(Number(claimed[0]!.n), 0, 'no row is left claimed')
        const [published] = await f.sql.query<RowDataPacket[]>("SELECT message_id FROM outbox_messages WHERE status = 'published' AND aggregate_id LIKE ?", [
          `${signal}-%`,
        ])
        const received = (await f.drain()).filter((r) => String(r.headers['x-aggregate-id']).startsWith(`${signal}-`))
        const receivedIds = new Set(received.map((r) => r.messageId))
        assert.equal(receivedIds.size, received.length, 'nothing was sent twice')
        assert.deepEqual([...receivedIds].sort(), published.map((r) => String(r.message_id)).sort(), 'the queue holds exactly the published rows')
        assert.equal(summary.published, published.length)
        // the rows not yet published would wait for the next relay; take them out of the next case's way (never sent)
        await f.sql.query("UPDATE outbox_messages SET status = 'failed' WHERE status = 'pending'")
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL')
      }
    })
  }
})
