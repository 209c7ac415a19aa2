import type { Connection, RowDataPacket } from 'mysql2/promise'
import { SNAPSHOT_VERSION, type ColumnSnapshot, type IndexSnapshot, type SchemaSnapshot } from '../../codegen/schema/snapshot'

const LENGTHED = new Set(['CHAR', 'VARCHAR', 'BINARY', 'VARBINARY'])
const PRECISION = new Set(['DECIMAL', 'NUMERIC'])

/** The live shape of `tables` in the connection's database, as a snapshot (information_schema). */
export async function readLiveSchema(
  connection: Connection,
  tables: readonly string[],
  entities: ReadonlyMap<string, string> = new Map(),
): Promise<SchemaSnapshot> {
  const snapshot: SchemaSnapshot = { version: SNAPSHOT_VERSION, tables: {} }
  if (tables.length === 0) return snapshot
  const [columns] = await connection.query<RowDataPacket[]>(
    `SELECT TABLE_NAME AS tableName, COLUMN_NAME AS name, DATA_TYPE AS type, CHARACTER_MAXIMUM_LENGTH AS charLength, NUMERIC_PRECISION AS numPrecision,
       NUMERIC_SCALE AS numScale, DATETIME_PRECISION AS timePrecision, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS columnDefault, COLLATION_NAME AS collation,
       COLUMN_KEY AS columnKey, EXTRA AS extra, COLUMN_TYPE AS columnType
     FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?) ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    [tables],
  )
  for (const row of columns) {
    const table = String(row.tableName)
    snapshot.tables[table] ??= { entity: entities.get(table) ?? table, columns: [], indexes: [] }
    const base = String(row.type).toUpperCase()
    // as the snapshot names them (parseSqlType): `INT UNSIGNED`; integer display widths only for TINYINT(1)
    const type = /\bunsigned\b/i.test(String(row.columnType)) ? `${base} UNSIGNED` : base
    let length: number | string | null = null
    if (base === 'TINYINT' && /^tinyint\(1\)/i.test(String(row.columnType))) length = 1
    else if (LENGTHED.has(base)) length = Number(row.charLength)
    else if (PRECISION.has(base)) length = `${row.numPrecision},${row.numScale}`
    else if ((base === 'DATETIME' || base === 'TIMESTAMP' || base === 'TIME') && Number(row.timePrecision) > 0) length = Number(row.timePrecision)
    const column: ColumnSnapshot = {
      name: String(row.name),
      type,
      length,
      nullable: row.nullable === 'YES',
      // MariaDB reports no default as NULL, or the text 'NULL'
      default: defaultOf(row.columnDefault, base),
      collation: row.collation === null ? null : String(row.collation),
    }
    if (row.columnKey === 'PRI') column.primaryKey = true
    if (/auto_increment/i.test(String(row.extra))) column.autoIncrement = true
    snapshot.tables[table].columns.push(column)
  }
  const [statistics] = await connection.query<RowDataPacket[]>(
    `SELECT TABLE_NAME AS tableName, INDEX_NAME AS name, COLUMN_NAME AS columnName, NON_UNIQUE AS nonUnique FROM information_schema.STATISTICS
     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?) AND INDEX_NAME <> 'PRIMARY' ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    [tables],
  )
  const indexes = new Map<string, IndexSnapshot & { table: string }>()
  for (const row of statistics) {
    const key = `${row.tableName}.${row.name}`
    const index = indexes.get(key) ?? { table: String(row.tableName), name: String(row.name), columns: [], unique: Number(row.nonUnique) === 0 }
    index.columns.push(String(row.columnName))
    indexes.set(key, index)
  }
  for (const { table, ...index } of indexes.values()) snapshot.tables[table]?.indexes.push(index)
  return snapshot
}

/** Each table's default collation (information_schema.TABLES). */
export async function readTableCollations(connection: Connection, tables: readonly string[]): Promise<Map<string, string>> {
  if (tables.length === 0) return new Map()
  const [rows] = await connection.query<RowDataPacket[]>(
    'SELECT TABLE_NAME AS tableName, TABLE_COLLATION AS collation FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?)',
    [tables],
  )
  return new Map(rows.filter((r) => r.collation !== null).map((r) => [String(r.tableName), String(r.collation)]))
}

const TEXTUAL = /CHAR|TEXT|ENUM|SET/

/**
 * The default as SQL text, as the snapshot writes it: MariaDB reports none as NULL or the text 'NULL' and quotes
 * strings; MySQL 8 gives a string unquoted. Functions upper case: CURRENT_TIMESTAMP(3).
 */
function defaultOf(value: unknown, type: string): string | null {
  if (value === null || value === 'NULL') return null
  const text = String(value)
  if (/^current_timestamp(\(\d*\))?$/i.test(text)) return text.toUpperCase()
  if (text.startsWith("'")) return text
  return TEXTUAL.test(type) ? `'${text.replace(/'/g, "''")}'` : text
}
