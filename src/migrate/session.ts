import type { Sequelize } from 'sequelize'
import { InvalidInputError } from '../core/errors'
import { connectMysql, connectSequelize, mysqlAddress, parseMysqlUrl } from '../core/connections/mysql'
import { transactionNamespace, type TransactionNamespace } from './cls'
import { MigrationTable } from './migration-table'
import { sequelizeModuleFor, type SequelizeModule } from './sequelize-module'
import { StatementRecorder } from './statement-recorder'

export interface SessionTarget {
  url: string
  table: string
  connectTimeoutMs: number
  createDatabase?: boolean
  /** the project root: its own sequelize is used when it has one */
  root?: string
}

/** One Sequelize connection pool to the migration database, with the statement recorder and transaction namespace installed. */
export interface MigrateSession {
  database: string
  sequelize: Sequelize
  table: MigrationTable
  recorder: StatementRecorder
  namespace: TransactionNamespace
  /** the sequelize module the session runs on (the project's own when it has one) */
  module: SequelizeModule
  close(): Promise<void>
}

export function databaseOf(url: string): string {
  const database = parseMysqlUrl(url).database
  if (!database) {
    throw new InvalidInputError({
      code: 'MIGRATE_DATABASE_UNSET',
      message: `mysql.url (${mysqlAddress(url)}) names no database to migrate`,
      hint: 'Put the database in the URL path: mysql://user:password@host:3306/<database> (INFRA_MYSQL_URL or mysql.url).',
    })
  }
  return database
}

export async function openSession(target: SessionTarget): Promise<MigrateSession> {
  const database = databaseOf(target.url)
  const recorder = new StatementRecorder()
  const module = sequelizeModuleFor(target.root)
  const namespace = transactionNamespace(module)
  const connect = (): Promise<Sequelize> =>
    connectSequelize({ url: target.url, timeoutMs: target.connectTimeoutMs }, { logging: (sql: string) => recorder.record(sql) }, module)
  let sequelize: Sequelize
  try {
    sequelize = await connect()
  } catch (error) {
    if (!isUnknownDatabase(error)) throw error
    if (!target.createDatabase) {
      throw new InvalidInputError({
        code: 'MIGRATE_DATABASE_MISSING',
        message: `The database "${database}" does not exist on ${mysqlAddress(target.url).replace(/\/[^/]*$/, '')}`,
        hint: 'Pass --create-database to create it, or fix the database name in mysql.url / INFRA_MYSQL_URL.',
        details: { database },
      })
    }
    await createDatabase(target, database)
    sequelize = await connect()
  }
  return { database, sequelize, table: new MigrationTable(sequelize, target.table), recorder, namespace, module, close: () => sequelize.close() }
}

async function createDatabase(target: SessionTarget, database: string): Promise<void> {
  const connection = await connectMysql({ url: target.url, timeoutMs: target.connectTimeoutMs, database: null })
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${database.replace(/`/g, '``')}\``)
  } finally {
    await connection.end().catch(() => undefined)
  }
}

/** ER_BAD_DB_ERROR (1049) anywhere in the cause chain. */
function isUnknownDatabase(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 6; depth++) {
    const { code, errno } = current as { code?: unknown; errno?: unknown }
    if (code === 'ER_BAD_DB_ERROR' || errno === 1049) return true
    const next = current as { cause?: unknown; parent?: unknown; original?: unknown }
    current = next.cause ?? next.parent ?? next.original
  }
  return false
}
