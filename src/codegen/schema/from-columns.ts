// Pure: the columns and indexes a generator plans for a table -> its snapshot. Takes a structural shape (what the
// create-table migration template receives), not the generator's own types, so it survives their refactoring.
import type { ColumnSnapshot, IndexSnapshot, TableSnapshot } from './snapshot'

export interface PlannedColumn {
  column: string
  /** as the create-table template writes it: `VARCHAR(255)`, `BIGINT`, `DECIMAL(10,2)` */
  sqlType: string
  allowNull: boolean
  primaryKey: boolean
  autoIncrement?: boolean
}

export interface PlannedIndex {
  name: string
  columns: readonly string[]
  unique?: boolean
}

/** `VARCHAR(255)` -> VARCHAR, 255; `DECIMAL(10, 2)` -> DECIMAL, "10,2"; `JSON` -> JSON, null */
export function parseSqlType(sqlType: string): { type: string; length: number | string | null } {
  const match = /^\s*([A-Za-z ]+?)\s*(?:\(\s*([^)]*)\s*\))?\s*(UNSIGNED)?\s*$/i.exec(sqlType)
  if (!match) return { type: sqlType.trim().toUpperCase(), length: null }
  const type = match[1]!.toUpperCase()
  const inside = match[2]?.replace(/\s+/g, '')
  if (inside === undefined || inside === '') return { type, length: null }
  return { type, length: /^\d+$/.test(inside) ? Number(inside) : inside }
}

export function tableSnapshotOf(entity: string, columns: readonly PlannedColumn[], indexes: readonly PlannedIndex[]): TableSnapshot {
  return {
    entity,
    columns: columns.map((c): ColumnSnapshot => {
      const { type, length } = parseSqlType(c.sqlType)
      const column: ColumnSnapshot = { name: c.column, type, length, nullable: c.allowNull && !c.primaryKey, default: null, collation: null }
      if (c.primaryKey) column.primaryKey = true
      if (c.autoIncrement) column.autoIncrement = true
      return column
    }),
    indexes: indexes.map((i): IndexSnapshot => ({ name: i.name, columns: [...i.columns], unique: i.unique === true })),
  }
}
