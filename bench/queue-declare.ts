// bench/queue-declare: a topology of 2,000 entities (200 exchanges, 800 queues with arguments, 1,000 bindings)
// declared fresh by `infra queue declare` and re-run as a no-op, against `rabbitmqctl import_definitions` of the same
// topology into a fresh vhost, in the same run. All three are CLI processes, timed wall-clock as a user sees them.
// Run: npm run build && npm run bench:queue
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { management, RABBITMQ_URL } from '../test/support/services'

const ROOT = path.resolve(__dirname, '..')
const stamp = Date.now().toString(36)
const vhosts = { infra: `bench_queue_infra_${stamp}`, import: `bench_queue_import_${stamp}` }

interface Model {
  exchanges: { name: string; type: string }[]
  queues: { name: string; ttl: number; dlx: string; maxLength: number }[]
  bindings: { exchange: string; queue: string; key: string }[]
}

function model(): Model {
  const types = ['topic', 'direct', 'fanout', 'headers']
  const exchanges = Array.from({ length: 200 }, (_, i) => ({ name: `ex.${i}`, type: types[i % 4]! }))
  const queues = Array.from({ length: 800 }, (_, i) => ({ name: `q.${i}`, ttl: 60_000 + i, dlx: `ex.${(i + 1) % 200}`, maxLength: 10_000 }))
  const bindings = Array.from({ length: 1000 }, (_, i) => ({ exchange: `ex.${i % 200}`, queue: `q.${i % 800}`, key: `key.${i}` }))
  return { exchanges, queues, bindings }
}

function topologyYaml(m: Model): string {
  const lines = ['exchanges:', ...m.exchanges.map((e) => `  - { name: ${e.name}, type: ${e.type} }`), 'queues:']
  lines.push(...m.queues.map((q) => `  - { name: ${q.name}, messageTtl: ${q.ttl}, deadLetterExchange: ${q.dlx}, maxLength: ${q.maxLength} }`), 'bindings:')
  lines.push(...m.bindings.map((b) => `  - { exchange: ${b.exchange}, queue: ${b.queue}, routingKey: ${b.key} }`))
  return `${lines.join('\n')}\n`
}

function definitions(m: Model, vhost: string): unknown {
  return {
    vhosts: [{ name: vhost }],
    exchanges: m.exchanges.map((e) => ({ name: e.name, vhost, type: e.type, durable: true, auto_delete: false, internal: false, arguments: {} })),
    queues: m.queues.map((q) => ({
      name: q.name,
      vhost,
      durable: true,
      auto_delete: false,
      arguments: { 'x-message-ttl': q.ttl, 'x-dead-letter-exchange': q.dlx, 'x-max-length': q.maxLength },
    })),
    bindings: m.bindings.map((b) => ({ source: b.exchange, vhost, destination: b.queue, destination_type: 'queue', routing_key: b.key, arguments: {} })),
  }
}

function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
}

function timed(command: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const started = performance.now()
  const result = spawnSync(command, args, { env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8' })
  const ms = performance.now() - started
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`)
  return ms
}

async function main(): Promise<void> {
  const m = model()
  const entities = m.exchanges.length + m.queues.length + m.bindings.length
  const dir = mkdtempSync(path.join(tmpdir(), 'infra-bench-queue-'))
  const topologyFile = path.join(dir, 'topology.yaml')
  const definitionsFile = path.join(dir, 'definitions.json')
  writeFileSync(topologyFile, topologyYaml(m))
  writeFileSync(definitionsFile, JSON.stringify(definitions(m, vhosts.import)))
  // rabbitmqctl runs as the broker's own user: it must be able to read the file
  chmodSync(dir, 0o755)
  chmodSync(definitionsFile, 0o644)
  await management('PUT', `/vhosts/${vhosts.infra}`, {})
  const url = new URL(RABBITMQ_URL)
  url.pathname = `/${vhosts.infra}`
  const cli = [path.join(ROOT, 'bin', 'run.js'), 'queue', 'declare', '--file', topologyFile, '--json']
  try {
    const fresh = timed(process.execPath, cli, { INFRA_RABBITMQ_URL: url.toString() })
    // the no-op and a bare start alternate, medians of 5: single process timings on a shared machine are noisy
    const noops: number[] = []
    const startups: number[] = []
    for (let run = 0; run < 5; run++) {
      noops.push(timed(process.execPath, cli, { INFRA_RABBITMQ_URL: url.toString() }))
      // what any infra command costs before it does anything: the share of the no-op that is process start
      startups.push(timed(process.execPath, [path.join(ROOT, 'bin', 'run.js'), '--version']))
    }
    const noop = median(noops)
    const startup = median(startups)
    const plan = JSON.parse(
      execFileSync(process.execPath, [path.join(ROOT, 'bin', 'run.js'), 'queue', 'plan', '--file', topologyFile, '--json'], {
        env: { ...process.env, INFRA_RABBITMQ_URL: url.toString() },
        encoding: 'utf8',
      }),
    ) as { counts: { unchanged: number } }
    // The import is asynchronous: the baseline ends when the last binding is there.
    const started = performance.now()
    timed('rabbitmqctl', ['import_definitions', definitionsFile])
    const expectedBindings = m.bindings.length + m.queues.length // plus each queue's default-exchange binding
    for (let i = 0; ; i++) {
      const bindings = await management<unknown[]>('GET', `/bindings/${vhosts.import}?columns=source`).catch(() => [])
      if (bindings.length >= expectedBindings) break
      if (i > 3000) throw new Error(`import_definitions: ${bindings.length} of ${expectedBindings} bindings after a minute`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const imported = performance.now() - started
    const round = (ms: number) => `${Math.round(ms)} ms`
    console.log(
      `topology: ${entities} entities (${m.exchanges.length} exchanges, ${m.queues.length} queues with arguments, ${m.bindings.length} bindings); plan after declare: ${plan.counts.unchanged} unchanged`,
    )
    console.log(`rabbitmqctl import_definitions (baseline): ${round(imported)}`)
    console.log(`infra queue declare, fresh:                ${round(fresh)}  ratio ${(fresh / imported).toFixed(2)}x baseline (target <= 1.5x)`)
    console.log(`infra queue declare, no-op re-run (median of 5): ${round(noop)}  ratio ${(noop / imported).toFixed(2)}x baseline (target < 1000 ms)`)
    console.log(`infra --version (process start, median of 5):  ${round(startup)}  the no-op is ${(noop / startup).toFixed(2)}x a bare start`)
  } finally {
    await management('DELETE', `/vhosts/${vhosts.infra}`).catch(() => undefined)
    await management('DELETE', `/vhosts/${vhosts.import}`).catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
