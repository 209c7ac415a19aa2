// `infra generate repository --baseline`: the schema snapshot from a database that already has the tables (a project
// that adopts infra, or one generated before the snapshot existed), and how the live tables differ from the models.
import { BINARY_NO_PAD, BINARY_NO_PAD_COLLATIONS, SNAPSHOT_VERSION, type SchemaSnapshot, type TableSnapshot } from '../../codegen/schema/snapshot'
import type { Config } from '../../core/config'
import { connectMysql } from '../../core/connections/mysql'
import { databaseOf } from '../session'
import { compareSchemas, type SchemaDifference } from './compare'
import { readLiveSchema, readTableCollations } from './read-live-schema'

export interface BaselineResult {
  database: string
  /** the snapshot as read (only tables the models generate and the database has) */
  snapshot: SchemaSnapshot
  /** tables the models generate that the database lacks: the next run writes their create migrations */
  missing: string[]
  /** live against the models (expected: the models, actual: the database): the next run's migration */
  differences: SchemaDifference[]
}

export async function baselineSchema(config: Config, desired: SchemaSnapshot): Promise<BaselineResult> {
  const tables = Object.keys(desired.tables).sort()
  const entities = new Map(Object.entries(desired.tables).map(([table, t]) => [table, t.entity]))
  const connection = await connectMysql({ url: config.mysql.url, timeoutMs: config.connectTimeout })
  try {
    const live = await readLiveSchema(connection, tables, entities)
    const collations = await readTableCollations(connection, tables)
    const snapshot = asSnapshot(live, desired, collations)
    const missing = tables.filter((t) => !live.tables[t])
    const differences = compareSchemas(
      { version: SNAPSHOT_VERSION, tables: Object.fromEntries(Object.entries(desired.tables).filter(([t]) => live.tables[t])) },
      snapshot,
    )
    return { database: databaseOf(config.mysql.url), snapshot, missing, differences }
  } finally {
    await connection.end().catch(() => undefined)
  }
}

/**
 * The live tables in the snapshot's terms: a column in its table's default collation names none (the models name
 * one only when they choose it), one in the server's binary no-pad collation names BINARY_NO_PAD, and a table keeps
 * the charset/collation the model names only.
 */
function asSnapshot(live: SchemaSnapshot, desired: SchemaSnapshot, collations: ReadonlyMap<string, string>): SchemaSnapshot {
  const tables: Record<string, TableSnapshot> = {}
  for (const [name, table] of Object.entries(live.tables)) {
    const tableCollation = collations.get(name) ?? null
    const want = desired.tables[name]
    tables[name] = {
      ...table,
      columns: table.columns.map((c) => {
        const named = want?.columns.find((w) => w.name === c.name)?.collation ?? null
        if (named !== c.collation && BINARY_NO_PAD_COLLATIONS.includes(c.collation ?? '')) return { ...c, collation: BINARY_NO_PAD }
        return { ...c, collation: c.collation === tableCollation && named === null ? null : c.collation }
      }),
    }
    if (want?.collation && tableCollation) tables[name].collation = tableCollation
    if (want?.charset && tableCollation) tables[name].charset = tableCollation.split('_')[0]!
  }
  return { version: SNAPSHOT_VERSION, tables }
}
