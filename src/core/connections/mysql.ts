import type { Connection, ConnectionOptions } from 'mysql2/promise'
import type { Options as SequelizeOptions, Sequelize } from 'sequelize'
import { InvalidInputError } from '../errors'
import { maskUrl } from '../mask'
import { asServiceError, withTimeout } from './errors'

export const MYSQL_SERVICE = 'MySQL/MariaDB'

export interface MysqlTarget {
  url: string
  /** connect timeout in milliseconds */
  timeoutMs: number
  /** overrides the URL's database; null connects without selecting one */
  database?: string | null
}

export interface ParsedMysqlUrl {
  host: string
  port: number
  user: string
  password: string
  database?: string
}

export function parseMysqlUrl(url: string): ParsedMysqlUrl {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new InvalidInputError({
      code: 'CONFIG_INVALID',
      message: `mysql.url: "${maskUrl(url)}" is not a URL`,
      hint: 'Use mysql://user:password@host:3306/database.',
    })
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''))
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 3306,
    user: decodeURIComponent(parsed.username) || 'root',
    password: decodeURIComponent(parsed.password),
    database: database || undefined,
  }
}

/** The masked address of the server (no database), for messages. */
export function mysqlAddress(url: string): string {
  return maskUrl(url)
}

function databaseOf(target: MysqlTarget, parsed: ParsedMysqlUrl): string | undefined {
  return target.database === null ? undefined : (target.database ?? parsed.database)
}

/** A plain mysql2 connection (promise API): for locks, the outbox and anything that needs one session. */
export async function connectMysql(target: MysqlTarget, extra: Partial<ConnectionOptions> = {}): Promise<Connection> {
  const parsed = parseMysqlUrl(target.url)
  const mysql = require('mysql2/promise') as typeof import('mysql2/promise')
  try {
    return await withTimeout(
      mysql.createConnection({
        host: parsed.host,
        port: parsed.port,
        user: parsed.user,
        password: parsed.password,
        database: databaseOf(target, parsed),
        connectTimeout: target.timeoutMs,
        supportBigNumbers: true,
        bigNumberStrings: true,
        dateStrings: false,
        ...extra,
      }),
      target.timeoutMs + 1000,
      `connecting to ${MYSQL_SERVICE}`,
    )
  } catch (error) {
    throw asServiceError(MYSQL_SERVICE, mysqlAddress(target.url), error)
  }
}

/** A Sequelize instance over mysql2, authenticated (so a dead server fails here, with exit 5). */
export async function connectSequelize(
  target: MysqlTarget,
  options: Partial<SequelizeOptions> = {},
  sequelizeModule?: typeof import('sequelize'),
): Promise<Sequelize> {
  const parsed = parseMysqlUrl(target.url)
  // a caller may pass the project's own sequelize module (migrate does), so only one copy is loaded
  const { Sequelize } = sequelizeModule ?? (require('sequelize') as typeof import('sequelize'))
  const sequelize = new Sequelize({
    dialect: 'mysql',
    dialectModule: require('mysql2') as object,
    host: parsed.host,
    port: parsed.port,
    username: parsed.user,
    password: parsed.password,
    database: databaseOf(target, parsed) ?? '',
    logging: false,
    pool: { max: 5, min: 0, acquire: target.timeoutMs, idle: 10_000 },
    dialectOptions: { connectTimeout: target.timeoutMs, supportBigNumbers: true, bigNumberStrings: true },
    ...options,
  })
  try {
    await withTimeout(sequelize.authenticate({ logging: false }), target.timeoutMs + 1000, `connecting to ${MYSQL_SERVICE}`)
  } catch (error) {
    await sequelize.close().catch(() => undefined)
    throw asServiceError(MYSQL_SERVICE, mysqlAddress(target.url), error)
  }
  return sequelize
}
