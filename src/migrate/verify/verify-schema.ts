// `infra migrate verify`: the live database (information_schema) against the schema snapshot of the generated models.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parseSnapshot, SNAPSHOT_FILE } from '../../codegen/schema/snapshot'
import type { Config } from '../../core/config'
import { connectMysql } from '../../core/connections/mysql'
import { InvalidInputError } from '../../core/errors'
import { databaseOf } from '../session'
import { compareSchemas, type SchemaDifference } from './compare'
import { readLiveSchema } from './read-live-schema'

export interface VerifyResult {
  database: string
  /** the snapshot file, relative to the project root */
  snapshot: string
  tables: string[]
  matches: boolean
  differences: SchemaDifference[]
}

export async function verifySchema(config: Config): Promise<VerifyResult> {
  const absolute = path.resolve(config.root, config.migrate.directory, SNAPSHOT_FILE)
  const file = path.relative(config.root, absolute)
  if (!existsSync(absolute)) {
    throw new InvalidInputError({
      code: 'SCHEMA_SNAPSHOT_MISSING',
      message: `${file} does not exist: there is no generated schema to verify against`,
      hint: 'It is written by `infra generate repository`; for tables that already exist, `infra generate repository --baseline` writes it from the database.',
      details: { file },
    })
  }
  const expected = parseSnapshot(readFileSync(absolute, 'utf8'), file)
  const database = databaseOf(config.mysql.url)
  const tables = Object.keys(expected.tables).sort()
  const connection = await connectMysql({ url: config.mysql.url, timeoutMs: config.connectTimeout })
  try {
    const live = await readLiveSchema(connection, tables)
    const differences = compareSchemas(expected, live)
    return { database, snapshot: file, tables, matches: differences.length === 0, differences }
  } finally {
    await connection.end().catch(() => undefined)
  }
}
