import { performance } from 'node:perf_hooks'
import { OperationFailedError, describeCause } from '../core/errors'
import type { MigrationContext } from './context'
import { failedStatements, type FailedStatements } from './failure-report'
import type { LoadedMigration } from './load-migration'
import type { MigrateSession } from './session'
import { MigrationTableStorage, beginMigrationTransaction, endRunTransaction } from './table-storage'

export type Direction = 'up' | 'down'

export interface AppliedMigration {
  name: string
  file: string
  direction: Direction
  durationMs: number
}

export type ApplyEvent =
  | { event: 'planned'; direction: Direction; count: number }
  | { event: 'migrating'; name: string; direction: Direction }
  | { event: 'migrated'; name: string; direction: Direction; durationMs: number }

export interface ApplyOptions {
  direction: Direction
  /** checksum of each migration's file, recorded with it */
  checksums: ReadonlyMap<string, string>
  appliedBy: string
  onEvent?: (event: ApplyEvent) => void
}

/** The context code migrations receive. */
function migrationContext(session: MigrateSession): MigrationContext {
  const { sequelize, namespace } = session
  return {
    queryInterface: sequelize.getQueryInterface(),
    sequelize,
    Sequelize: session.module,
    transaction: (fn) => {
      const current = namespace.current()
      return current ? fn(current) : sequelize.transaction(fn)
    },
  }
}

/**
 * Runs `migrations` in order through umzug, each in its own transaction with its record: one connection with
 * autocommit off for the run, a COMMIT after each migration's record (the next statement starts the next
 * transaction), so a run costs no transaction set-up per migration. On failure: rolls back
 * what MySQL lets roll back, records an `up` failure as failed (not applied), and throws MIGRATION_FAILED naming the
 * statement that failed, the statements of that migration that had already run, and what this run had applied.
 */
export async function applyMigrations(session: MigrateSession, migrations: readonly LoadedMigration[], options: ApplyOptions): Promise<AppliedMigration[]> {
  const { Umzug } = require('umzug') as typeof import('umzug')
  const { direction, checksums, appliedBy } = options
  const storage = new MigrationTableStorage(session.table, appliedBy)
  const context = migrationContext(session)
  const applied: AppliedMigration[] = []
  let current: { migration: LoadedMigration; started: number } | undefined
  let recorded: string[] = []
  const transaction = names(migrations).length > 0 ? await beginMigrationTransaction(session.sequelize) : undefined

  const run = async (migration: LoadedMigration): Promise<void> => {
    const step = direction === 'up' ? migration.up : migration.down
    if (!step) throw new Error(`${migration.file} has no down step`)
    options.onEvent?.({ event: 'migrating', name: migration.name, direction })
    if (!transaction) throw new Error('no run transaction')
    const started = performance.now()
    current = { migration, started }
    storage.hold(migration.name, { transaction, checksum: checksums.get(migration.name) ?? null, executionMs: 0 })
    session.recorder.start()
    try {
      await session.namespace.withTransaction(transaction, () => step(context))
    } finally {
      recorded = session.recorder.stop()
    }
    storage.hold(migration.name, { transaction, checksum: checksums.get(migration.name) ?? null, executionMs: performance.now() - started })
  }

  const umzug = new Umzug<MigrationContext>({
    migrations: migrations.map((m) => ({ name: m.name, path: m.path, up: () => run(m), down: () => run(m) })),
    context,
    storage,
    logger: undefined,
  })
  umzug.on(direction === 'up' ? 'migrated' : 'reverted', ({ name }) => {
    const migration = migrations.find((m) => m.name === name)!
    const durationMs = Math.round(performance.now() - (current?.started ?? performance.now()))
    applied.push({ name, file: migration.file, direction, durationMs })
    options.onEvent?.({ event: 'migrated', name, direction, durationMs })
  })

  const list = names(migrations)
  options.onEvent?.({ event: 'planned', direction, count: list.length })
  try {
    if (direction === 'up') await umzug.up({ migrations: list })
    else await umzug.down({ migrations: list })
  } catch (error) {
    // what the failed migration left uncommitted is rolled back with the run's transaction
    if (transaction) await endRunTransaction(transaction, 'ROLLBACK').catch(() => undefined)
    if (!current) throw error
    const failed = current.migration
    const cause = (error as { cause?: unknown }).cause ?? error
    const statement = (cause as { sql?: unknown }).sql
    const failedStatement = typeof statement === 'string' ? statement : undefined
    const fates = failedStatements(recorded, failedStatement)
    const executionMs = Math.round(performance.now() - current.started)
    if (direction === 'up') {
      await session.table.upsert([
        {
          name: failed.name,
          checksum: checksums.get(failed.name) ?? null,
          status: 'failed',
          appliedAt: new Date(),
          executionMs,
          appliedBy,
          error: describeCause(cause),
          statement: failedStatement ?? null,
        },
      ])
    }
    throw migrationFailed(failed, direction, cause, fates, applied)
  }
  if (transaction) await endRunTransaction(transaction, 'COMMIT')
  return applied
}

function names(migrations: readonly LoadedMigration[]): string[] {
  return migrations.map((m) => m.name)
}

const OUTCOME_TEXT = { committed: 'committed, stays', 'rolled-back': 'rolled back', unknown: 'may have been committed' } as const

function migrationFailed(
  migration: LoadedMigration,
  direction: Direction,
  cause: unknown,
  fates: FailedStatements,
  applied: readonly AppliedMigration[],
): OperationFailedError {
  const lines = [`Migration ${migration.name} (${direction}, ${migration.file}) failed: ${describeCause(cause)}`]
  if (fates.failed) lines.push(`  failed statement: ${oneLine(fates.failed)}`)
  if (fates.completed.length > 0) {
    // per statement: MySQL/MariaDB commit implicitly before every DDL, also one that then fails
    lines.push(`  statements it had run before (${fates.completed.length}):`)
    const shown = fates.completed.slice(-10)
    if (shown.length < fates.completed.length) lines.push(`    ... ${fates.completed.length - shown.length} earlier`)
    for (const fate of shown) lines.push(`    [${OUTCOME_TEXT[fate.outcome]}] ${oneLine(fate.sql)}`)
  } else {
    lines.push('  no statement of it had completed')
  }
  if (fates.lastStarted) lines.push(`  the error names no SQL; the last statement it started (failed or not, unknown): ${oneLine(fates.lastStarted)}`)
  if (applied.length > 0) lines.push(`  applied before it in this run: ${applied.map((a) => a.name).join(', ')}`)
  return new OperationFailedError({
    code: 'MIGRATION_FAILED',
    message: lines.join('\n'),
    hint:
      direction === 'up'
        ? `It is recorded as failed (see \`infra migrate status\`). Undo what it left behind if needed (the statements marked committed), fix ${migration.file}, and run \`infra migrate up\` again.`
        : `It stays recorded as applied. Fix the down step of ${migration.file} and run \`infra migrate down\` again.`,
    cause,
    details: {
      migration: migration.name,
      file: migration.file,
      direction,
      statement: fates.failed,
      completedStatements: fates.completed.map((f) => f.sql),
      statementOutcomes: fates.completed,
      lastStarted: fates.lastStarted,
      applied: applied.map((a) => a.name),
    },
  })
}

function oneLine(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim()
  return flat.length > 300 ? `${flat.slice(0, 300)}...` : flat
}
