import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { migrationName } from '../core/migration-name'

export interface CreatedMigration {
  name: string
  /** relative to the project root */
  file: string
}

/** `<YYYYMMDDHHmmss>-<kebab-name>` in UTC: names sort in creation order. */
export function migrationFileName(name: string, now: Date): string {
  return migrationName(name, now)
}

/**
 * `now`, or one second after the newest timestamped migration when that is not earlier: a new migration always sorts
 * last, even when two are created within one second or the clock is behind the newest file's stamp.
 */
function afterLatest(files: readonly string[], now: Date): Date {
  const stamps = files.map((f) => /^(\d{14})-/.exec(f)?.[1]).filter((s): s is string => s !== undefined)
  const latest = stamps.sort().at(-1)
  if (!latest) return now
  const latestDate = new Date(
    `${latest.slice(0, 4)}-${latest.slice(4, 6)}-${latest.slice(6, 8)}T${latest.slice(8, 10)}:${latest.slice(10, 12)}:${latest.slice(12, 14)}Z`,
  )
  if (Number.isNaN(latestDate.getTime())) return now
  return now.getTime() >= latestDate.getTime() + 1000 ? now : new Date(latestDate.getTime() + 1000)
}

const TYPESCRIPT_TEMPLATE = `import type { QueryInterface, Sequelize } from 'sequelize'

interface MigrationContext {
  queryInterface: QueryInterface
  sequelize: Sequelize
}

export async function up({ context: { queryInterface } }: { context: MigrationContext }): Promise<void> {
  // e.g. await queryInterface.createTable('users', { id: { type: 'BIGINT', primaryKey: true, autoIncrement: true } })
  void queryInterface
}

export async function down({ context: { queryInterface } }: { context: MigrationContext }): Promise<void> {
  void queryInterface
}
`

const SQL_TEMPLATE = `-- +infra up
-- statements end with ";" at the end of a line

-- +infra down
`

/** Writes a new migration file (TypeScript, or .sql with `sql`) into the migrations folder, creating the folder. */
export function createMigration(root: string, directory: string, name: string, options: { sql?: boolean; now?: Date } = {}): CreatedMigration {
  const folder = path.resolve(root, directory)
  mkdirSync(folder, { recursive: true })
  const base = migrationFileName(name, afterLatest(readdirSync(folder), options.now ?? new Date()))
  const absolute = path.join(folder, `${base}${options.sql ? '.sql' : '.ts'}`)
  // 'wx': never overwrite, even if another process created the same name a moment ago
  writeFileSync(absolute, options.sql ? SQL_TEMPLATE : TYPESCRIPT_TEMPLATE, { flag: 'wx' })
  return { name: base, file: path.relative(root, absolute) }
}
