import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { InvalidInputError } from '../core/errors'
import { migrationNameOf } from './migration-files'

export interface CreatedMigration {
  name: string
  /** relative to the project root */
  file: string
}

/** `<YYYYMMDDHHmmss>-<kebab-name>` in UTC: names sort in creation order. */
export function migrationFileName(name: string, now: Date): string {
  const kebab = name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
  if (!kebab) {
    throw new InvalidInputError({ code: 'MIGRATION_NAME_INVALID', message: `"${name}" is not a usable migration name`, hint: 'Use letters and digits, e.g. create-users.' })
  }
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14)
  return `${stamp}-${kebab}`
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
  const base = migrationFileName(name, options.now ?? new Date())
  mkdirSync(folder, { recursive: true })
  const taken = readdirSync(folder).find((f) => migrationNameOf(f) === base)
  if (taken) {
    throw new InvalidInputError({ code: 'MIGRATION_DUPLICATE', message: `${path.join(directory, taken)} already exists`, hint: 'Wait a second or pick another name.' })
  }
  const absolute = path.join(folder, `${base}${options.sql ? '.sql' : '.ts'}`)
  if (existsSync(absolute)) throw new InvalidInputError({ code: 'MIGRATION_DUPLICATE', message: `${absolute} already exists`, hint: 'Pick another name.' })
  writeFileSync(absolute, options.sql ? SQL_TEMPLATE : TYPESCRIPT_TEMPLATE, { flag: 'wx' })
  return { name: base, file: path.relative(root, absolute) }
}
