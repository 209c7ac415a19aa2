// bench/cache-invalidate: 2M keys in a redis-server of our own (spare port, never 6379), 1M of them matching the
// pattern. `infra cache invalidate --pattern` (the built CLI, wall clock) against
// `redis-cli --scan --pattern ... | xargs redis-cli unlink`, alternating, in the same run. Meanwhile a PING loop
// records the worst round trip, and the server's slow log records any command over 10 ms.
// Run: npm run build && npm run bench:cache   (BENCH_CACHE_KEYS=200000 for a quick run; BENCH_CACHE_ROUNDS=2)
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { Redis } from 'ioredis'

const ROOT = path.resolve(__dirname, '..')
const MATCHING = Number(process.env.BENCH_CACHE_KEYS ?? 1_000_000)
const ROUNDS = Number(process.env.BENCH_CACHE_ROUNDS ?? 2)
const PREFIX = 'bench'
const PATTERN = `{${PREFIX}:User}:*`
// DEBUG POPULATE writes `<base>:<n>`: one base that matches the pattern, one that does not
const MATCHING_BASE = `{${PREFIX}:User}:v0000000a:id`
const OTHER_BASE = `{${PREFIX}:Order}:v0000000b:id`
const LATENCY_TARGET_MS = 50
const SPEED_TARGET = 2

interface Round {
  ms: number
  worstPingMs: number
  slowestCommandMs: number
}

async function freePort(): Promise<number> {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 20000)
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer()
      server.once('error', () => resolve(false))
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
    })
    if (free) return port
  }
}

async function startServer(dir: string): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort()
  const child = spawn(
    'redis-server',
    // prettier-ignore
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no',
      '--enable-debug-command', 'yes', '--slowlog-log-slower-than', '10000', '--slowlog-max-len', '1024'],
    { stdio: 'ignore' },
  )
  const client = new Redis({ port, lazyConnect: true, retryStrategy: () => 100, maxRetriesPerRequest: 50 })
  await client.connect().catch(() => undefined)
  await client.ping()
  client.disconnect()
  return { port, child }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }))
  })
}

/** PINGs one after another on their own connection until stopped; the worst round trip is the longest the server kept a client waiting. */
function pingLoop(port: number): { stop(): Promise<number> } {
  const client = new Redis({ port })
  let running = true
  let worst = 0
  const loop = (async () => {
    while (running) {
      const started = performance.now()
      await client.ping()
      worst = Math.max(worst, performance.now() - started)
    }
  })()
  return {
    async stop() {
      running = false
      await loop
      client.disconnect()
      return worst
    },
  }
}

async function populate(admin: Redis): Promise<void> {
  await admin.flushall('SYNC')
  await admin.call('DEBUG', 'POPULATE', String(MATCHING), MATCHING_BASE, '20')
  await admin.call('DEBUG', 'POPULATE', String(MATCHING), OTHER_BASE, '20')
  const size = await admin.dbsize()
  if (size !== 2 * MATCHING) throw new Error(`populated ${size} keys, expected ${2 * MATCHING}`)
  await admin.slowlog('RESET')
}

/** Exactly the matching keys are gone: the other half is all there, and a full SCAN finds no match. */
async function verify(admin: Redis, who: string): Promise<void> {
  const size = await admin.dbsize()
  if (size !== MATCHING) throw new Error(`${who}: ${size} keys left, expected ${MATCHING}`)
  let cursor = '0'
  let matching = 0
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', PATTERN, 'COUNT', 10_000)
    matching += keys.length
    cursor = next
  } while (cursor !== '0')
  if (matching > 0) throw new Error(`${who}: ${matching} matching keys left`)
}

async function slowestCommandMs(admin: Redis): Promise<number> {
  const entries = (await admin.slowlog('GET', 1024)) as Array<[number, number, number, string[]]>
  // the populate and verify commands ran outside the measured window (the log is reset in between)
  return Math.max(0, ...entries.map((entry) => entry[2] / 1000))
}

async function measure(admin: Redis, port: number, who: string, work: () => Promise<void>): Promise<Round> {
  await populate(admin)
  const pings = pingLoop(port)
  const started = performance.now()
  await work()
  const ms = performance.now() - started
  const worstPingMs = await pings.stop()
  const slowest = await slowestCommandMs(admin)
  await verify(admin, who)
  return { ms, worstPingMs, slowestCommandMs: slowest }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'infra-bench-cache-'))
  const { port, child } = await startServer(dir)
  const admin = new Redis({ port })
  const url = `redis://127.0.0.1:${port}`
  const tool = async (): Promise<void> => {
    const result = await run(process.execPath, [path.join(ROOT, 'bin', 'run.js'), 'cache', 'invalidate', '--prefix', PREFIX, '--pattern', PATTERN, '--json'], {
      INFRA_REDIS_URL: url,
    })
    if (result.code !== 0) throw new Error(`infra cache invalidate exited ${result.code}:\n${result.stdout}\n${result.stderr}`)
    const deleted = (JSON.parse(result.stdout) as { deleted: number }).deleted
    if (deleted !== MATCHING) throw new Error(`infra reported ${deleted} keys removed, expected ${MATCHING}`)
  }
  const baseline = async (): Promise<void> => {
    const pipe = `redis-cli -p ${port} --scan --pattern '${PATTERN}' | xargs redis-cli -p ${port} unlink > /dev/null`
    const result = await run('sh', ['-c', pipe])
    if (result.code !== 0) throw new Error(`the redis-cli pipeline exited ${result.code}: ${result.stderr}`)
  }
  try {
    console.log(
      `bench/cache-invalidate: ${2 * MATCHING} keys, ${MATCHING} matching ${PATTERN}; redis-server on port ${port}; ${ROUNDS} round(s) each, alternating`,
    )
    const rounds: { infra: Round[]; cli: Round[] } = { infra: [], cli: [] }
    for (let i = 0; i < ROUNDS; i++) {
      rounds.infra.push(await measure(admin, port, 'infra', tool))
      rounds.cli.push(await measure(admin, port, 'redis-cli', baseline))
      const [a, b] = [rounds.infra.at(-1)!, rounds.cli.at(-1)!]
      console.log(
        `round ${i + 1}: infra ${a.ms.toFixed(0)} ms (worst PING ${a.worstPingMs.toFixed(1)} ms), redis-cli ${b.ms.toFixed(0)} ms (worst PING ${b.worstPingMs.toFixed(1)} ms)`,
      )
    }
    const best = (list: Round[]): number => Math.min(...list.map((r) => r.ms))
    const keysPerSecond = (ms: number): number => Math.round((MATCHING / ms) * 1000)
    const speedup = best(rounds.cli) / best(rounds.infra)
    const worstPing = Math.max(...rounds.infra.map((r) => r.worstPingMs))
    const slowest = Math.max(...rounds.infra.map((r) => r.slowestCommandMs))
    console.log(`infra cache invalidate: ${keysPerSecond(best(rounds.infra))} keys/s (best of ${ROUNDS}, wall clock with CLI start)`)
    console.log(`redis-cli --scan | xargs redis-cli unlink: ${keysPerSecond(best(rounds.cli))} keys/s`)
    console.log(`ratio: ${speedup.toFixed(2)}x the redis-cli pipeline (target >= ${SPEED_TARGET}x) ${speedup >= SPEED_TARGET ? 'ok' : 'MISSED'}`)
    console.log(
      `worst PING during infra: ${worstPing.toFixed(1)} ms (target < ${LATENCY_TARGET_MS} ms) ${worstPing < LATENCY_TARGET_MS ? 'ok' : 'MISSED'}; ` +
        `slowest server command: ${slowest === 0 ? 'none over 10 ms' : `${slowest.toFixed(1)} ms`} (slow log); ` +
        `ratio of worst PING to the redis-cli run's: ${(worstPing / Math.max(...rounds.cli.map((r) => r.worstPingMs))).toFixed(2)}`,
    )
    if (speedup < SPEED_TARGET || worstPing >= LATENCY_TARGET_MS) process.exitCode = 1
  } finally {
    admin.disconnect()
    child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
