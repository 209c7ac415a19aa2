// Pure: the columns and indexes a generator plans for a table -> its snapshot. Takes a structural shape (what the
// create-table migration template receives), not the generator's own types, so it survives their refactoring.
import type { ColumnSnapshot, IndexSnapshot, TableSnapshot } from './snapshot'

export interface PlannedColumn {
  column: string
  /** as the create-table template writes it: `VARCHAR(255)`, `BIGINT UNSIGNED`, `DECIMAL(10,2)` */
  sqlType: string
  allowNull: boolean
  primaryKey: boolean
  autoIncrement?: boolean
  /** a collation named for this column (otherwise the table's) */
  collation?: string | null
  /** the default as SQL text (`'x'`, `0`, `CURRENT_TIMESTAMP(3)`) */
  default?: string | null
  /** a single-column unique key (becomes a unique index named `<table>_<column>_unique`) */
  unique?: boolean
}

export interface PlannedIndex {
  name: string
  columns: readonly string[]
  unique?: boolean
}

/** Table options the create-table migration sets. */
export interface PlannedTableOptions {
  charset?: string | null
  collation?: string | null
}

const INTEGER = /^(TINYINT|SMALLINT|MEDIUMINT|INT|INTEGER|BIGINT)$/

/**
 * `VARCHAR(255)` -> VARCHAR, 255; `DECIMAL(10, 2)` -> DECIMAL, "10,2"; `JSON` -> JSON, null; `BIGINT UNSIGNED` -> "BIGINT UNSIGNED".
 * Integer display widths mean nothing (MySQL 8 drops them) except TINYINT(1), the boolean convention.
 */
export function parseSqlType(sqlType: string): { type: string; length: number | string | null } {
  const match = /^\s*([A-Za-z]+(?:\s+[A-Za-z]+)*?)\s*(?:\(\s*([^)]*)\s*\))?\s*(UNSIGNED)?\s*(ZEROFILL)?\s*$/i.exec(sqlType)
  if (!match) return { type: sqlType.trim().toUpperCase(), length: null }
  let base = match[1]!.toUpperCase().replace(/\s+/g, ' ')
  if (base === 'INTEGER') base = 'INT'
  const type = match[3] ? `${base} UNSIGNED` : base
  const inside = match[2]?.replace(/\s+/g, '')
  if (inside === undefined || inside === '') return { type, length: null }
  if (INTEGER.test(base) && !(base === 'TINYINT' && inside === '1')) return { type, length: null }
  return { type, length: /^\d+$/.test(inside) ? Number(inside) : inside }
}

export function tableSnapshotOf(
  entity: string,
  columns: readonly PlannedColumn[],
  indexes: readonly PlannedIndex[],
  options: PlannedTableOptions & { table?: string } = {},
): TableSnapshot {
  const uniqueKeys = columns
    .filter((c) => c.unique && !c.primaryKey)
    .map((c): IndexSnapshot => ({ name: `${options.table ?? entity}_${c.column}_unique`.slice(0, 64), columns: [c.column], unique: true }))
  const snapshot: TableSnapshot = {
    entity,
    columns: columns.map((c): ColumnSnapshot => {
      const { type, length } = parseSqlType(c.sqlType)
      const column: ColumnSnapshot = {
        name: c.column,
        type,
        length,
        nullable: c.allowNull && !c.primaryKey,
        default: c.default ?? null,
        collation: c.collation ?? null,
      }
      if (c.primaryKey) column.primaryKey = true
      if (c.autoIncrement) column.autoIncrement = true
      return column
    }),
    indexes: [...indexes.map((i): IndexSnapshot => ({ name: i.name, columns: [...i.columns], unique: i.unique === true })), ...uniqueKeys],
  }
  // the same key order as a snapshot read from the live tables (--baseline), so both serialise alike
  if (options.collation) snapshot.collation = options.collation
  if (options.charset) snapshot.charset = options.charset
  return snapshot
}
