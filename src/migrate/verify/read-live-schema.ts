import type { Connection, RowDataPacket } from 'mysql2/promise'
import type { ColumnSnapshot, IndexSnapshot, SchemaSnapshot } from '../../codegen/schema/snapshot'

const LENGTHED = new Set(['CHAR', 'VARCHAR', 'BINARY', 'VARBINARY'])
const PRECISION = new Set(['DECIMAL', 'NUMERIC'])

/** The live shape of `tables` in the connection's database, as a snapshot (information_schema). */
export async function readLiveSchema(
  connection: Connection,
  tables: readonly string[],
  entities: ReadonlyMap<string, string> = new Map(),
): Promise<SchemaSnapshot> {
  const snapshot: SchemaSnapshot = { version: 1, tables: {} }
  if (tables.length === 0) return snapshot
  const [columns] = await connection.query<RowDataPacket[]>(
    `SELECT TABLE_NAME AS tableName, COLUMN_NAME AS name, DATA_TYPE AS type, CHARACTER_MAXIMUM_LENGTH AS charLength, NUMERIC_PRECISION AS numPrecision,
       NUMERIC_SCALE AS numScale, DATETIME_PRECISION AS timePrecision, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS columnDefault, COLLATION_NAME AS collation,
       COLUMN_KEY AS columnKey, EXTRA AS extra
     FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?) ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    [tables],
  )
  for (const row of columns) {
    const table = String(row.tableName)
    snapshot.tables[table] ??= { entity: entities.get(table) ?? table, columns: [], indexes: [] }
    const type = String(row.type).toUpperCase()
    let length: number | string | null = null
    if (LENGTHED.has(type)) length = Number(row.charLength)
    else if (PRECISION.has(type)) length = `${row.numPrecision},${row.numScale}`
    else if ((type === 'DATETIME' || type === 'TIMESTAMP' || type === 'TIME') && Number(row.timePrecision) > 0) length = Number(row.timePrecision)
    const column: ColumnSnapshot = {
      name: String(row.name),
      type,
      length,
      nullable: row.nullable === 'YES',
      // MariaDB reports no default as NULL, or the text 'NULL'
      default: row.columnDefault === null || row.columnDefault === 'NULL' ? null : String(row.columnDefault),
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
