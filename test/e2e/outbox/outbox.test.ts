import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { RowDataPacket } from 'mysql2/promise'
import { createOutboxFixture, type OutboxFixture } from '../../integration/outbox/fixture'
import { createTestDatabase, parseJson, REPO_ROOT, runCli } from '../../support/services'

function envOf(f: OutboxFixture): NodeJS.ProcessEnv {
  return { INFRA_MYSQL_URL: f.db.url, INFRA_RABBITMQ_URL: f.vhost.url }
}

/** Spawns the built CLI and SIGKILLs it after `killAfterMs` (if still running); resolves with its exit code. */
function runAndKill(args: string[], env: NodeJS.ProcessEnv, killAfterMs: number): Promise<{ code: number | null; killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'run.js'), ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: 'ignore' })
    let killed = false
    const timer = setTimeout(() => {
      killed = child.kill('SIGKILL')
    }, killAfterMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, killed })
    })
  })
}

describe('infra outbox (built CLI)', () => {
  let f: OutboxFixture
  before(async () => {
    f = await createOutboxFixture('outbox_e2e')
  })
  after(async () => f.close())

  it('init writes the migration once; migrate up applies it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'infra-outbox-init-'))
    const db = await createTestDatabase('outbox_init')
    try {
      const first = await runCli(['outbox', 'init', '--json'], { cwd: dir })
      assert.equal(first.code, 0, first.stderr)
      const created = parseJson<{ status: string; file: string; topology: { status: string } }>(first)
      assert.equal(created.status, 'created')
      assert.equal(created.topology.status, 'added')
      assert.match(created.file, /^infra\/migrations\/\d{14}-create-outbox-messages\.sql$/)
      const text = readFileSync(path.join(dir, created.file), 'utf8')
      assert.match(text, /-- \+infra up\nCREATE TABLE IF NOT EXISTS `outbox_messages`/)
      assert.match(text, /-- \+infra down\nDROP TABLE IF EXISTS `outbox_messages`;/)
      const second = parseJson<{ status: string; file: string }>(await runCli(['outbox', 'init', '--json'], { cwd: dir }))
      assert.deepEqual(second, { ...created, status: 'exists', topology: { ...created.topology, status: 'exists' } })
      assert.equal(readdirSync(path.join(dir, 'infra', 'migrations')).length, 1)
      const migrate = await runCli(['migrate', 'up', '--json'], { cwd: dir, env: { INFRA_MYSQL_URL: db.url } })
      assert.equal(migrate.code, 0, migrate.stdout + migrate.stderr)
      const status = await runCli(['outbox', 'status', '--json'], { cwd: dir, env: { INFRA_MYSQL_URL: db.url } })
      assert.equal(status.code, 0, status.stdout + status.stderr)
      assert.equal(parseJson<{ pending: number }>(status).pending, 0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
      await db.drop()
    }
  })

  it('replay --json prints the summary; --dry-run sends nothing; status and purge see the result', async () => {
    await f.insert(Array.from({ length: 500 }, (_, i) => ({ aggregateId: `e${i % 5}` })))
    const dry = await runCli(['outbox', 'replay', '--dry-run', '--json'], { env: envOf(f) })
    assert.equal(dry.code, 0, dry.stderr)
    assert.equal(parseJson<{ matching: number; sample: unknown[] }>(dry).matching, 500)
    assert.equal((await f.drain()).length, 0)
    const result = await runCli(['outbox', 'replay', '--json'], { env: envOf(f) })
    assert.equal(result.code, 0, result.stderr)
    const summary = parseJson<{ published: number; failed: number; skipped: number; durationMs: number; rowsPerSecond: number }>(result)
    assert.equal(summary.published, 500)
    assert.deepEqual([summary.failed, summary.skipped], [0, 0])
    assert.ok(summary.durationMs >= 0 && summary.rowsPerSecond >= 0)
    assert.equal((await f.drain()).length, 500)
    const status = parseJson<{ pending: number; published: number; failed: number }>(await runCli(['outbox', 'status', '--json'], { env: envOf(f) }))
    assert.deepEqual([status.pending, status.published, status.failed], [0, 500, 0])
    const purge = await runCli(['outbox', 'purge', '--older-than', '0s', '--batch-size', '150', '--json'], { env: envOf(f) })
    assert.equal(purge.code, 0, purge.stderr)
    const purged = parseJson<{ deleted: number; batches: number }>(purge)
    assert.deepEqual([purged.deleted, purged.batches], [500, 4])
    assert.equal(await f.count('published'), 0)
  })

  it('SIGKILLed at random points and rerun until done: no row lost, every duplicate was in flight at a kill', async () => {
    const total = 20_000
    await f.insert(Array.from({ length: total }, (_, i) => ({ aggregateId: `k${i % 100}`, payload: JSON.stringify({ seq: i }) })))
    const inFlightAtKill = new Set<string>()
    let kills = 0
    for (let run = 0; run < 40; run++) {
      // --rate keeps a whole run at >= 4 s whatever the machine's speed, so the kills land mid-replay
      const killAt = kills < 4 ? 1000 + Math.floor(Math.random() * 2500) : 120_000
      const { code, killed } = await runAndKill(['outbox', 'replay', '--json', '--batch-size', '200', '--rate', '5000'], envOf(f), killAt)
      if (!killed) {
        assert.equal(code, 0)
        break
      }
      kills++
      // the dead run's claims are still stamped on the rows: those are exactly the rows it had in flight
      const [rows] = await f.sql.query<RowDataPacket[]>("SELECT message_id FROM outbox_messages WHERE status = 'pending' AND claimed_by IS NOT NULL")
      for (const r of rows) inFlightAtKill.add(String(r.message_id))
    }
    assert.ok(kills >= 1, 'at least one run was killed mid-replay')
    assert.equal(await f.count('pending'), 0)
    const received = await f.drain()
    const seen = new Map<string, number>()
    for (const r of received) seen.set(r.messageId, (seen.get(r.messageId) ?? 0) + 1)
    assert.equal(seen.size, total, 'every row arrived')
    for (const [id, times] of seen) if (times > 1) assert.ok(inFlightAtKill.has(id), `duplicate ${id} was in flight at a kill`)
  })

  it('exits 5 when the database goes away mid-run, and every row marked published was confirmed', async () => {
    await f.insert(Array.from({ length: 20_000 }, (_, i) => ({ aggregateId: `d${i % 10}` })))
    const child = runCli(['outbox', 'replay', '--json', '--rate', '2000'], { env: envOf(f) })
    // kill the sessions once the replay is under way (some rows published), however slow the machine is to start it
    const publishedSoFar = async () =>
      (await f.sql.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM outbox_messages WHERE aggregate_id LIKE 'd%' AND status = 'published'"))[0][0]!.n as number
    for (let waited = 0; Number(await publishedSoFar()) === 0; waited += 50) {
      assert.ok(waited < 60_000, 'the replay published something within a minute')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const [sessions] = await f.sql.query<RowDataPacket[]>('SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()', [f.db.name])
    assert.ok(sessions.length >= 2, 'the replay has its sessions open')
    for (const s of sessions) await f.sql.query(`KILL ${Number(s.ID)}`)
    const result = await child
    assert.equal(result.code, 5, result.stdout + result.stderr)
    assert.equal(parseJson<{ error: { code: string } }>(result).error.code, 'SERVICE_UNREACHABLE')
    const received = new Set((await f.drain()).map((r) => r.messageId))
    const [published] = await f.sql.query<RowDataPacket[]>("SELECT message_id FROM outbox_messages WHERE aggregate_id LIKE 'd%' AND status = 'published'")
    assert.ok(published.length > 0 && published.length < 20_000)
    for (const r of published) assert.ok(received.has(String(r.message_id)), 'a published row reached the queue')
  })
})
