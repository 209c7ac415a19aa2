// Pure: the expected schema (the snapshot of the generated models) against the live one read from information_schema.
import { BINARY_NO_PAD, BINARY_NO_PAD_COLLATIONS, type ColumnSnapshot, type SchemaSnapshot } from '../../codegen/schema/snapshot'

export interface SchemaDifference {
  table: string
  /** the column or index concerned; absent for a whole table */
  column?: string
  index?: string
  /** what differs: table, column, type, length, nullable, default, collation, index */
  aspect: string
  expected: string
  actual: string
}

/** Differences in the tables the snapshot describes (other tables of the database are not the models'). */
export function compareSchemas(expected: SchemaSnapshot, live: SchemaSnapshot): SchemaDifference[] {
  const differences: SchemaDifference[] = []
  for (const [table, want] of Object.entries(expected.tables)) {
    const have = live.tables[table]
    if (!have) {
      differences.push({ table, aspect: 'table', expected: 'present', actual: 'missing' })
      continue
    }
    const liveColumns = new Map(have.columns.map((c) => [c.name, c]))
    for (const column of want.columns) {
      const actual = liveColumns.get(column.name)
      if (!actual) differences.push({ table, column: column.name, aspect: 'column', expected: describeColumn(column), actual: 'missing' })
      else differences.push(...compareColumn(table, column, actual))
    }
    const wanted = new Set(want.columns.map((c) => c.name))
    for (const column of have.columns)
      if (!wanted.has(column.name)) differences.push({ table, column: column.name, aspect: 'column', expected: 'absent', actual: describeColumn(column) })
    const liveIndexes = new Map(have.indexes.map((i) => [i.name, i]))
    for (const index of want.indexes) {
      const actual = liveIndexes.get(index.name)
      const text = (i: { columns: string[]; unique: boolean }): string => `${i.unique ? 'UNIQUE ' : ''}(${i.columns.join(', ')})`
      if (!actual) differences.push({ table, index: index.name, aspect: 'index', expected: text(index), actual: 'missing' })
      else if (text(actual) !== text(index)) differences.push({ table, index: index.name, aspect: 'index', expected: text(index), actual: text(actual) })
    }
    const wantedIndexes = new Set(want.indexes.map((i) => i.name))
    for (const index of have.indexes) {
      if (!wantedIndexes.has(index.name))
        differences.push({
          table,
          index: index.name,
          aspect: 'index',
          expected: 'absent',
          actual: `${index.unique ? 'UNIQUE ' : ''}(${index.columns.join(', ')})`,
        })
    }
  }
  return differences
}

function compareColumn(table: string, want: ColumnSnapshot, have: ColumnSnapshot): SchemaDifference[] {
  const out: SchemaDifference[] = []
  const push = (aspect: string, expected: unknown, actual: unknown): void => {
    out.push({ table, column: want.name, aspect, expected: String(expected), actual: String(actual) })
  }
  if (want.type !== have.type) push('type', want.type, have.type)
  else if (String(want.length) !== String(have.length)) push('length', want.length, have.length)
  if (want.nullable !== have.nullable) push('nullable', want.nullable ? 'NULL' : 'NOT NULL', have.nullable ? 'NULL' : 'NOT NULL')
  if (want.default !== have.default) push('default', want.default ?? 'none', have.default ?? 'none')
  // a snapshot without a collation takes the table's: only a named one is checked
  if (want.collation !== null && !sameCollation(want.collation, have.collation))
    push(
      'collation',
      want.collation === BINARY_NO_PAD ? `${BINARY_NO_PAD} (${BINARY_NO_PAD_COLLATIONS.join(' or ')})` : want.collation,
      have.collation ?? 'none',
    )
  return out
}

function sameCollation(want: string, have: string | null): boolean {
  return want === have || (want === BINARY_NO_PAD && have !== null && BINARY_NO_PAD_COLLATIONS.includes(have))
}

function describeColumn(column: ColumnSnapshot): string {
  return `${column.type}${column.length === null ? '' : `(${column.length})`} ${column.nullable ? 'NULL' : 'NOT NULL'}`
}
