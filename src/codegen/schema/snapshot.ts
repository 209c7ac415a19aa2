// The schema snapshot: what `infra generate` believes each generated table looks like (one readable JSON file
// committed beside the migrations, e.g. infra/migrations/schema.snapshot.json). Pure types and (de)serialisation.
import { InvalidInputError } from '../../core/errors'

export interface ColumnSnapshot {
  name: string
  /** SQL type without length, upper case: VARCHAR, INT, BIGINT, CHAR, TEXT, DATETIME, JSON, DECIMAL ... */
  type: string
  /** VARCHAR(255) -> 255; DECIMAL(10,2) -> "10,2"; null when the type has none */
  length: number | string | null
  nullable: boolean
  /** the default as SQL text (`'x'`, `0`, `CURRENT_TIMESTAMP`), null for none */
  default: string | null
  /** a named collation, BINARY_NO_PAD (the server's, chosen when the migration runs), or null: the table's */
  collation: string | null
  primaryKey?: boolean
  autoIncrement?: boolean
}

export interface IndexSnapshot {
  name: string
  columns: string[]
  unique: boolean
}

export interface TableSnapshot {
  /** the entity it is generated for (for --rename Entity.old=new) */
  entity: string
  columns: ColumnSnapshot[]
  indexes: IndexSnapshot[]
  /** the table's default character set and collation, when the model names them */
  charset?: string
  collation?: string
}

export interface SchemaSnapshot {
  /** 2 records BINARY_NO_PAD; a version 1 file left it out (null) for the columns that have it */
  version: 1 | 2
  tables: Record<string, TableSnapshot>
}

export const SNAPSHOT_FILE = 'schema.snapshot.json'
export const SNAPSHOT_VERSION = 2

/**
 * The collation of ids, unique keys and enums: exact comparison (binary, trailing spaces significant). Its name
 * depends on the server, so the snapshot records this token and each migration looks the name up when it runs.
 */
export const BINARY_NO_PAD = 'binary-no-pad'
/** what BINARY_NO_PAD is on each server: MariaDB, MySQL 8 */
export const BINARY_NO_PAD_COLLATIONS: readonly string[] = ['utf8mb4_nopad_bin', 'utf8mb4_0900_bin']

export function emptySnapshot(): SchemaSnapshot {
  return { version: SNAPSHOT_VERSION, tables: {} }
}

/** Stable text: tables sorted by name, columns in table order, indexes by name; ends with a newline. */
export function serializeSnapshot(snapshot: SchemaSnapshot): string {
  const tables = Object.fromEntries(
    Object.keys(snapshot.tables)
      .sort()
      .map((name) => {
        const table = snapshot.tables[name]!
        return [name, { ...table, indexes: [...table.indexes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) }]
      }),
  )
  return `${JSON.stringify({ version: SNAPSHOT_VERSION, tables }, null, 2)}\n`
}

/** Parses the snapshot file; anything malformed is invalid input naming the file. */
export function parseSnapshot(text: string, file: string): SchemaSnapshot {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw invalidSnapshot(file, `is not JSON (${(error as Error).message})`)
  }
  const value = parsed as Partial<SchemaSnapshot> | null
  if (!value || (value.version !== 1 && value.version !== 2) || typeof value.tables !== 'object' || value.tables === null)
    throw invalidSnapshot(file, `needs { "version": ${SNAPSHOT_VERSION}, "tables": { ... } }`)
  for (const [name, table] of Object.entries(value.tables)) {
    if (!Array.isArray(table?.columns) || !Array.isArray(table?.indexes)) throw invalidSnapshot(file, `table "${name}" needs "columns" and "indexes" arrays`)
  }
  return value as SchemaSnapshot
}

function invalidSnapshot(file: string, reason: string): InvalidInputError {
  return new InvalidInputError({
    code: 'SCHEMA_SNAPSHOT_INVALID',
    message: `${file} ${reason}`,
    hint: 'Restore the snapshot from version control; it is written by `infra generate repository` (or `--baseline` from a database).',
    details: { file },
  })
}
