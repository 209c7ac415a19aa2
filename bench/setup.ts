// bench/setup: a re-run of `infra setup` on an environment already in shape (20 migrations, 3 index definitions, a
// topology of 30 entities), against the three underlying services called directly in the same process, and, as a
// user sees it, `infra setup` as one CLI process against `migrate up`, `index setup` and `queue declare` as three.
// The issue wants the no-op CLI run under 3 s. Own database, vhost and index prefix; all removed at the end.
// Run: npm run build && npm run bench:setup
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { loadConfig, type Config } from '../src/core/config'
import { connectElasticsearch } from '../src/core/connections/elasticsearch'
import { openIndexSession } from '../src/index/session'
import { setupIndices } from '../src/index/setup'
import { migrateUp } from '../src/migrate/migrator'
import { declareQueues, queueSettingsOf } from '../src/queue/service'
import { runSetup } from '../src/setup/run-setup'
import { SETUP_STEPS } from '../src/setup/steps'
import { createTestDatabase, createTestVhost, ELASTICSEARCH_URL, uniqueName } from '../test/support/services'

const ROOT = path.resolve(__dirname, '..')
const ROUNDS = 5

function project(dir: string, prefix: string): void {
  const migrations = path.join(dir, 'infra', 'migrations')
  mkdirSync(migrations, { recursive: true })
  for (let i = 1; i <= 20; i++) {
    const name = `202612010000${String(i).padStart(2, '0')}-create-t${i}.sql`
    writeFileSync(path.join(migrations, name), `-- +infra up\nCREATE TABLE t${i} (id INT PRIMARY KEY, v VARCHAR(20));\n`)
  }
  mkdirSync(path.join(dir, 'infra', 'elastic'), { recursive: true })
  for (const name of ['orders', 'customers', 'products']) {
    const body = { settings: { number_of_shards: 1, number_of_replicas: 0 }, mappings: { properties: { title: { type: 'text' }, total: { type: 'long' } } } }
    writeFileSync(path.join(dir, 'infra', 'elastic', `${prefix}_${name}.json`), JSON.stringify(body))
  }
  mkdirSync(path.join(dir, 'infra', 'rabbitmq'), { recursive: true })
  const lines = ['exchanges:', '  - { name: domain-events, type: topic }', 'queues:']
  for (let i = 0; i < 14; i++) lines.push(`  - { name: q${i}, messageTtl: 60s }`)
  lines.push('bindings:')
  for (let i = 0; i < 15; i++) lines.push(`  - { exchange: domain-events, queue: q${i % 14}, routingKey: "k.${i}" }`)
  writeFileSync(path.join(dir, 'infra', 'rabbitmq', 'topology.yaml'), `${lines.join('\n')}\n`)
  writeFileSync(path.join(dir, 'infra.config.json'), JSON.stringify({ index: { leaseIndex: `${prefix}_leases` } }))
}

async function direct(config: Config): Promise<void> {
  await migrateUp(config, { createDatabase: true })
  const session = await openIndexSession(config)
  try {
    await setupIndices(session, { deleteOld: false })
  } finally {
    await session.close()
  }
  await declareQueues(queueSettingsOf(config, {}))
}

async function timedAsync(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await work()
  return performance.now() - started
}

function timedCli(args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now()
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'run.js'), ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8' })
  const ms = performance.now() - started
  if (result.status !== 0) throw new Error(`infra ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`)
  return ms
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

async function main(): Promise<void> {
  const db = await createTestDatabase('bench_setup')
  const vhost = await createTestVhost('bench_setup')
  const prefix = uniqueName('bench_setup')
  const dir = mkdtempSync(path.join(tmpdir(), 'infra-bench-setup-'))
  const env = { INFRA_MYSQL_URL: db.url, INFRA_RABBITMQ_URL: vhost.url, INFRA_ELASTICSEARCH_URL: ELASTICSEARCH_URL }
  const client = await connectElasticsearch({ url: ELASTICSEARCH_URL, timeoutMs: 5000 })
  try {
    project(dir, prefix)
    const config = await loadConfig({ cwd: dir, env })
    const first = await runSetup(config, { steps: SETUP_STEPS, check: false, waitMs: 0 })
    if (first.failure) throw first.failure.error
    const inShape: { setup: number[]; direct: number[]; cli: number[]; cliThree: number[] } = { setup: [], direct: [], cli: [], cliThree: [] }
    for (let round = 0; round < ROUNDS; round++) {
      inShape.setup.push(
        await timedAsync(async () => {
          const run = await runSetup(config, { steps: SETUP_STEPS, check: false, waitMs: 0 })
          if (run.failure) throw run.failure.error
          if (run.report.changes !== 0) throw new Error(`a re-run changed ${run.report.changes} thing(s)`)
        }),
      )
      inShape.direct.push(await timedAsync(() => direct(config)))
      inShape.cli.push(timedCli(['setup', '--cwd', dir], env))
      inShape.cliThree.push(
        timedCli(['migrate', 'up', '--cwd', dir], env) + timedCli(['index', 'setup', '--cwd', dir], env) + timedCli(['queue', 'declare', '--cwd', dir], env),
      )
    }
    const ms = (value: number) => `${Math.round(value)} ms`
    const [s, d, c, t] = [median(inShape.setup), median(inShape.direct), median(inShape.cli), median(inShape.cliThree)]
    console.log(`environment in shape: 20 migrations, 3 index definitions, 30 queue entities; median of ${ROUNDS} rounds`)
    console.log(`in process: the three services called directly (baseline): ${ms(d)}`)
    console.log(`in process: runSetup, no-op:                                ${ms(s)}  ratio ${(s / d).toFixed(2)}x baseline`)
    console.log(`CLI: migrate up + index setup + queue declare (3 processes): ${ms(t)}`)
    console.log(
      `CLI: infra setup, no-op re-run:                              ${ms(c)}  ratio ${(c / t).toFixed(2)}x the three commands (target: under 3000 ms absolute)`,
    )
  } finally {
    const found = await client.indices.get({ index: `${prefix}*`, expand_wildcards: 'all', allow_no_indices: true, features: ['settings'] })
    if (Object.keys(found).length > 0) await client.indices.delete({ index: Object.keys(found).join(',') })
    await client.close()
    await db.drop()
    await vhost.drop()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
