// The migrate service: what `infra migrate *` (and later `infra setup`) call. Each operation reads the desired state
// (files), opens a session, takes the lock when it writes, re-reads the live state under it, plans (pure), applies.
import { userInfo, hostname } from 'node:os'
import type { Config } from '../core/config'
import { InvalidInputError } from '../core/errors'
import { connectMysql } from '../core/connections/mysql'
import { applyMigrations, type AppliedMigration, type ApplyEvent } from './applier'
import { loadMigration, type LoadedMigration } from './load-migration'
import { acquireMigrationLock, migrationLockName, type LockHolder } from './lock'
import { readMigrationFiles, type MigrationFile } from './migration-files'
import {
  adoptSequelizeMeta,
  migrationStatuses,
  planBaseline,
  planDown,
  planRepair,
  planUp,
  type DownOptions,
  type MigrationRecord,
  type MigrationStatus,
  type UpOptions,
} from './planner'
import { openSession, type MigrateSession } from './session'

export type MigrateEvent =
  | ApplyEvent
  | { event: 'lock-wait'; lock: string; holder?: LockHolder; waitedMs: number }
  | { event: 'lock-acquired'; lock: string; waitedMs: number }
  | { event: 'adopted'; names: string[] }

export interface MigrateCommonOptions {
  /** create the database when it does not exist */
  createDatabase?: boolean
  /** default: migrate.lockTimeout from the config */
  lockTimeoutMs?: number
  onEvent?: (event: MigrateEvent) => void
}

interface Target {
  root: string
  directory: string
  table: string
  url: string
  connectTimeoutMs: number
  lockTimeoutMs: number
}

function targetOf(config: Config, options: MigrateCommonOptions): Target {
  return {
    root: config.root,
    directory: config.migrate.directory,
    table: config.migrate.table,
    url: config.mysql.url,
    connectTimeoutMs: config.connectTimeout,
    lockTimeoutMs: options.lockTimeoutMs ?? config.migrate.lockTimeout,
  }
}

/** user@host of this run, recorded with each migration */
export function appliedBy(): string {
  let user: string
  try {
    user = userInfo().username
  } catch {
    user = process.env.USER ?? process.env.USERNAME ?? 'unknown'
  }
  return `${user}@${hostname()}`
}

// ---------------------------------------------------------------- status

export interface StatusReport {
  database: string
  table: string
  directory: string
  migrations: MigrationStatus[]
  counts: { applied: number; pending: number; failed: number; missingFile: number }
}

/** Read-only: no lock, no table created. SequelizeMeta names count as applied even before they are adopted. */
export async function migrationStatus(config: Config, options: MigrateCommonOptions = {}): Promise<StatusReport> {
  const target = targetOf(config, options)
  const files = readMigrationFiles(target.root, target.directory)
  const session = await openSession({ ...target, createDatabase: options.createDatabase })
  try {
    const migrations = await readState(session, files, false)
    return statusReport(target, session.database, migrations)
  } finally {
    await session.close()
  }
}

function statusReport(target: Target, database: string, migrations: MigrationStatus[]): StatusReport {
  const count = (state: MigrationStatus['state']): number => migrations.filter((m) => m.state === state).length
  return {
    database,
    table: target.table,
    directory: target.directory,
    migrations,
    counts: { applied: count('applied'), pending: count('pending'), failed: count('failed'), missingFile: count('missing-file') },
  }
}

/**
 * The live state merged with the files. With `adopt`, SequelizeMeta names are written into the migrations table
 * (creating it); without, they are merged in memory only.
 */
async function readState(
  session: MigrateSession,
  files: readonly MigrationFile[],
  adopt: boolean,
  onEvent?: (event: MigrateEvent) => void,
): Promise<MigrationStatus[]> {
  const existing = await session.table.existing()
  if (adopt) await session.table.ensure()
  let records: MigrationRecord[] = existing.table ? await session.table.read() : []
  if (existing.sequelizeMeta) {
    const adopted = adoptSequelizeMeta(await session.table.readSequelizeMeta(), records, files, new Date())
    if (adopted.length > 0) {
      if (adopt) {
        await session.table.upsert(adopted)
        onEvent?.({ event: 'adopted', names: adopted.map((r) => r.name) })
      }
      records = [...records, ...adopted]
    }
  }
  return migrationStatuses(files, records)
}

// ---------------------------------------------------------------- the locked run

interface LockedState {
  session: MigrateSession
  files: MigrationFile[]
  statuses: MigrationStatus[]
}

/** Opens a session, takes the lock on a dedicated connection, re-reads the state under it; releases in finally. */
async function underLock<T>(target: Target, options: MigrateCommonOptions, work: (state: LockedState) => Promise<T>): Promise<T> {
  const files = readMigrationFiles(target.root, target.directory)
  const session = await openSession({ ...target, createDatabase: options.createDatabase })
  try {
    const lockConnection = await connectMysql({ url: target.url, timeoutMs: target.connectTimeoutMs })
    try {
      const name = migrationLockName(session.database, target.table)
      const started = Date.now()
      const lock = await acquireMigrationLock(lockConnection, name, target.lockTimeoutMs, (holder, waitedMs) =>
        options.onEvent?.({ event: 'lock-wait', lock: name, holder, waitedMs }),
      )
      options.onEvent?.({ event: 'lock-acquired', lock: name, waitedMs: Date.now() - started })
      try {
        const statuses = await readState(session, files, true, options.onEvent)
        return await work({ session, files, statuses })
      } finally {
        await lock.release().catch(() => undefined)
      }
    } finally {
      // closing the connection releases the lock even if RELEASE_LOCK failed
      await lockConnection.end().catch(() => undefined)
    }
  } finally {
    await session.close()
  }
}

/** Loads every migration about to run first, so a syntax error or a missing down step stops the run before anything runs. */
async function loadAll(files: readonly MigrationFile[], names: readonly string[], direction: 'up' | 'down'): Promise<LoadedMigration[]> {
  const byName = new Map(files.map((f) => [f.name, f]))
  const loaded: LoadedMigration[] = []
  for (const name of names) loaded.push(await loadMigration(byName.get(name)!))
  if (direction === 'down') {
    const withoutDown = loaded.filter((m) => !m.down)
    if (withoutDown.length > 0) {
      throw new InvalidInputError({
        code: 'MIGRATION_NO_DOWN',
        message: `Cannot revert: ${withoutDown.map((m) => m.file).join(', ')} ${withoutDown.length > 1 ? 'have' : 'has'} no down step`,
        hint: 'Add a down step (export async function down(...) / a "-- +infra down" section), or write a new migration that undoes the change.',
        details: { files: withoutDown.map((m) => m.file) },
      })
    }
  }
  return loaded
}

function checksums(files: readonly MigrationFile[]): Map<string, string> {
  return new Map(files.map((f) => [f.name, f.checksum]))
}

// ---------------------------------------------------------------- up

export interface MigrateUpOptions extends MigrateCommonOptions, UpOptions {
  /** plan and load (validate) only; take no lock and change nothing */
  dryRun?: boolean
}

export interface MigrateUpResult {
  database: string
  table: string
  dryRun: boolean
  /** what ran (or, with dryRun, would run), in order */
  planned: string[]
  applied: AppliedMigration[]
  outOfOrder: string[]
  /** applied migrations whose file is gone */
  missingFiles: string[]
}

export async function migrateUp(config: Config, options: MigrateUpOptions = {}): Promise<MigrateUpResult> {
  const target = targetOf(config, options)
  if (options.dryRun) {
    const files = readMigrationFiles(target.root, target.directory)
    const session = await openSession({ ...target, createDatabase: false })
    try {
      const plan = planUp(await readState(session, files, false), options)
      await loadAll(
        files,
        plan.run.map((s) => s.name),
        'up',
      )
      return {
        database: session.database,
        table: target.table,
        dryRun: true,
        planned: plan.run.map((s) => s.name),
        applied: [],
        outOfOrder: plan.outOfOrder,
        missingFiles: plan.missingFiles,
      }
    } finally {
      await session.close()
    }
  }
  return underLock(target, options, async ({ session, files, statuses }) => {
    const plan = planUp(statuses, options)
    const names = plan.run.map((s) => s.name)
    const loaded = await loadAll(files, names, 'up')
    const applied = await applyMigrations(session, loaded, { direction: 'up', checksums: checksums(files), appliedBy: appliedBy(), onEvent: options.onEvent })
    return {
      database: session.database,
      table: target.table,
      dryRun: false,
      planned: names,
      applied,
      outOfOrder: plan.outOfOrder,
      missingFiles: plan.missingFiles,
    }
  })
}

// ---------------------------------------------------------------- down, redo

export interface MigrateDownResult {
  database: string
  table: string
  reverted: AppliedMigration[]
}

export async function migrateDown(config: Config, options: MigrateCommonOptions & DownOptions = {}): Promise<MigrateDownResult> {
  const target = targetOf(config, options)
  return underLock(target, options, async ({ session, files, statuses }) => {
    const names = planDown(statuses, options).map((s) => s.name)
    const loaded = await loadAll(files, names, 'down')
    const reverted = await applyMigrations(session, loaded, {
      direction: 'down',
      checksums: checksums(files),
      appliedBy: appliedBy(),
      onEvent: options.onEvent,
    })
    return { database: session.database, table: target.table, reverted }
  })
}

export interface MigrateRedoResult {
  database: string
  table: string
  reverted: AppliedMigration[]
  applied: AppliedMigration[]
}

/** Reverts the last applied migration(s) and applies them again, under one lock. */
export async function migrateRedo(config: Config, options: MigrateCommonOptions & { step?: number } = {}): Promise<MigrateRedoResult> {
  const target = targetOf(config, options)
  return underLock(target, options, async ({ session, files, statuses }) => {
    const names = planDown(statuses, { step: options.step ?? 1 }).map((s) => s.name)
    const downs = await loadAll(files, names, 'down')
    const context = { checksums: checksums(files), appliedBy: appliedBy(), onEvent: options.onEvent }
    const reverted = await applyMigrations(session, downs, { ...context, direction: 'down' })
    const applied = await applyMigrations(session, [...downs].reverse(), { ...context, direction: 'up' })
    return { database: session.database, table: target.table, reverted, applied }
  })
}

// ---------------------------------------------------------------- baseline, repair

export interface MigrateBaselineResult {
  database: string
  table: string
  /** recorded as applied without running */
  recorded: string[]
}

export async function migrateBaseline(config: Config, options: MigrateCommonOptions & { to?: string } = {}): Promise<MigrateBaselineResult> {
  const target = targetOf(config, options)
  return underLock(target, options, async ({ session, files, statuses }) => {
    const selected = planBaseline(statuses, options.to)
    const sums = checksums(files)
    const by = appliedBy()
    const now = new Date()
    await session.table.upsert(
      selected.map((s) => ({
        name: s.name,
        checksum: sums.get(s.name) ?? null,
        status: 'applied' as const,
        appliedAt: now,
        executionMs: null,
        appliedBy: `${by} (baseline)`,
        error: null,
        statement: null,
      })),
    )
    return { database: session.database, table: target.table, recorded: selected.map((s) => s.name) }
  })
}

export interface MigrateRepairResult {
  database: string
  table: string
  /** applied migrations whose new checksum was accepted */
  accepted: { name: string; file: string; generated: boolean }[]
  /** applied migrations whose file is gone (kept in the table) */
  missingFiles: string[]
  /** failed attempts of migrations whose file is gone (removed from the table) */
  forgotten: string[]
}

export async function migrateRepair(config: Config, options: MigrateCommonOptions = {}): Promise<MigrateRepairResult> {
  const target = targetOf(config, options)
  return underLock(target, options, async ({ session, files, statuses }) => {
    const plan = planRepair(statuses)
    const sums = checksums(files)
    for (const s of plan.accept) await session.table.setChecksum(s.name, sums.get(s.name)!)
    for (const name of plan.forget) await session.table.remove(name)
    return {
      database: session.database,
      table: target.table,
      accepted: plan.accept.map((s) => ({ name: s.name, file: s.file!, generated: s.generated })),
      missingFiles: plan.missingFiles,
      forgotten: plan.forget,
    }
  })
}
