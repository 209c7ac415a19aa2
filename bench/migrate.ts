// bench/migrate: `infra migrate status` over 2,000 applied migrations and `infra migrate up` of 500 trivial ones,
// each against raw umzug with the same storage (the migrations table) in the same run. Runs alternate between the
// two so machine noise hits both alike; medians are compared. In-process (no CLI start-up), each run opening its
// own Sequelize connection.
// Run: node --require ./scripts/ts-register.cjs bench/migrate.ts [status runs] [up runs]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { loadConfig } from '../src/core/config'
import { connectSequelize } from '../src/core/connections/mysql'
import { MigrationTable } from '../src/migrate/migration-table'
import { appliedBy, migrateBaseline, migrateUp, migrationStatus } from '../src/migrate/migrator'
import { MigrationTableStorage } from '../src/migrate/table-storage'

const SERVER = process.env.INFRA_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306'
const STATUS_RUNS = Number(process.argv[2] ?? 15)
const UP_RUNS = Number(process.argv[3] ?? 9)
const TABLE = 'infra_migrations'
const prefix = `bench_migrate_${Date.now().toString(36)}`

async function admin(sql: string): Promise<void> {
  const mysql = require('mysql2/promise') as typeof import('mysql2/promise')
  const connection = await mysql.createConnection({ uri: SERVER })
  await connection.query(sql)
  await connection.end()
}

function urlOf(database: string): string {
  const url = new URL(SERVER)
  url.pathname = `/${database}`
  return url.toString()
}

/** a project folder with `count` trivial JavaScript migrations */
function project(count: number): { root: string; folder: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'infra-bench-migrate-'))
  const folder = path.join(root, 'infra', 'migrations')
  mkdirSync(folder, { recursive: true })
  for (let i = 1; i <= count; i++) {
    writeFileSync(
      path.join(folder, `${String(i).padStart(5, '0')}-step.js`),
      'module.exports = { async up({ context }) { await context.sequelize.query("SELECT 1") }, async down() {} }\n',
    )
  }
  return { root, folder }
}

async function rawUmzug(
  url: string,
  folder: string,
  run: (umzug: import('umzug').Umzug<Record<string, unknown>>) => Promise<unknown>,
  ensure: boolean,
): Promise<void> {
  const { Umzug } = require('umzug') as typeof import('umzug')
  const sequelize = await connectSequelize({ url, timeoutMs: 5000 })
  try {
    const table = new MigrationTable(sequelize, TABLE)
    if (ensure) await table.ensure()
    const umzug = new Umzug<Record<string, unknown>>({
      migrations: {
        glob: ['*.js', { cwd: folder }],
        // named without extension, as the migrations table records them; loaded only when run
        resolve: ({ name, path: file, context }) => ({
          name: name.replace(/\.js$/, ''),
          path: file,
          up: async () => (require(file!) as { up(p: unknown): Promise<void> }).up({ name, path: file, context }),
        }),
      },
      context: { sequelize, queryInterface: sequelize.getQueryInterface() },
      storage: new MigrationTableStorage(table, appliedBy()) as unknown as import('umzug').UmzugStorage<Record<string, unknown>>,
      logger: undefined,
    })
    await run(umzug)
  } finally {
    await sequelize.close()
  }
}

/** wall clock and this process's CPU time of one run (the server's work is in the wall time only) */
interface Timing {
  wallMs: number
  cpuMs: number
}

async function timed(fn: () => Promise<unknown>): Promise<Timing> {
  const started = performance.now()
  const cpu = process.cpuUsage()
  await fn()
  const used = process.cpuUsage(cpu)
  return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/**
 * The ratio is the median of the ratios of each alternated pair: a pair runs back to back, under the same disk and
 * load, while the machine (a shared disk's fsync latency above all) drifts between pairs.
 */
function report(label: string, ours: Timing[], raw: Timing[], target?: number): void {
  const ratio = median(ours.map((o, i) => o.wallMs / raw[i]!.wallMs))
  const cpuRatio = median(ours.map((o, i) => o.cpuMs / raw[i]!.cpuMs))
  const verdict = target === undefined ? '' : ratio < target ? `  (target < ${target}x: met)` : `  (target < ${target}x: NOT met)`
  const wall = (t: Timing[]) =>
    median(t.map((x) => x.wallMs))
      .toFixed(1)
      .padStart(8)
  console.log(
    `${label.padEnd(36)} infra ${wall(ours)} ms   raw umzug ${wall(raw)} ms   ratio ${ratio.toFixed(2)}x${verdict}; client CPU ratio ${cpuRatio.toFixed(2)}x`,
  )
}

async function main(): Promise<void> {
  const cleanup: (() => Promise<void>)[] = []
  try {
    // status: 2,000 applied migrations
    const statusDb = `${prefix}_status`
    await admin(`CREATE DATABASE \`${statusDb}\``)
    cleanup.push(() => admin(`DROP DATABASE IF EXISTS \`${statusDb}\``))
    const statusProject = project(2000)
    cleanup.push(async () => rmSync(statusProject.root, { recursive: true, force: true }))
    const statusConfig = await loadConfig({ cwd: statusProject.root, env: { INFRA_MYSQL_URL: urlOf(statusDb) } })
    await migrateBaseline(statusConfig)
    const statusOurs: Timing[] = []
    const statusRaw: Timing[] = []
    for (let i = 0; i < STATUS_RUNS; i++) {
      statusOurs.push(
        await timed(async () => {
          const result = await migrationStatus(statusConfig)
          if (result.counts.applied !== 2000) throw new Error(`expected 2000 applied, got ${result.counts.applied}`)
        }),
      )
      statusRaw.push(
        await timed(() =>
          rawUmzug(
            urlOf(statusDb),
            statusProject.folder,
            async (umzug) => {
              const [executed, pending] = await Promise.all([umzug.executed(), umzug.pending()])
              if (executed.length !== 2000 || pending.length !== 0) throw new Error('raw umzug disagrees')
            },
            false,
          ),
        ),
      )
    }

    // up: 500 trivial migrations into a fresh database each run
    const upProject = project(500)
    cleanup.push(async () => rmSync(upProject.root, { recursive: true, force: true }))
    const upOurs: Timing[] = []
    const upRaw: Timing[] = []
    for (let i = 0; i < UP_RUNS; i++) {
      const oursDb = `${prefix}_up_i${i}`
      const rawDb = `${prefix}_up_r${i}`
      for (const db of [oursDb, rawDb]) {
        await admin(`CREATE DATABASE \`${db}\``)
        cleanup.push(() => admin(`DROP DATABASE IF EXISTS \`${db}\``))
      }
      const config = await loadConfig({ cwd: upProject.root, env: { INFRA_MYSQL_URL: urlOf(oursDb) } })
      upOurs.push(
        await timed(async () => {
          const result = await migrateUp(config)
          if (result.applied.length !== 500) throw new Error(`expected 500 applied, got ${result.applied.length}`)
        }),
      )
      upRaw.push(
        await timed(() =>
          rawUmzug(
            urlOf(rawDb),
            upProject.folder,
            async (umzug) => {
              const applied = await umzug.up()
              if (applied.length !== 500) throw new Error('raw umzug applied a different number')
            },
            true,
          ),
        ),
      )
    }

    console.log(
      `bench/migrate (MariaDB at ${new URL(SERVER).host}; ${STATUS_RUNS} status runs and ${UP_RUNS} up runs, alternating; ratios are medians of the pairs' ratios)`,
    )
    report('status, 2,000 applied migrations', statusOurs, statusRaw, 1.5)
    report('up, 500 trivial migrations', upOurs, upRaw, 1.3)
    console.log(
      'infra status also reads and checksums every file and merges SequelizeMeta; infra up also takes the lock (once per run) and commits each migration with its record (one COMMIT more per migration than raw umzug).',
    )
  } finally {
    for (const fn of cleanup.reverse()) await fn().catch(() => undefined)
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
