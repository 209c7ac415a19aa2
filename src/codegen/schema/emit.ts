// Pure: typed schema changes -> the statements of a migration, `up` and `down` (down undoes up, in reverse order),
// rendered through templates/migrations/evolve-table.ts.hbs in the format of the create-table migration.
import type { ColumnSnapshot, IndexSnapshot, TableSnapshot } from './snapshot'
import type { SchemaChange } from './diff'

export interface EmittedMigration {
  up: string[]
  down: string[]
}

const id = (name: string): string => `\`${name.replace(/`/g, '``')}\``

export function columnDefinition(column: ColumnSnapshot): string {
  const type = `${column.type}${column.length === null ? '' : `(${column.length})`}`
  const collation = column.collation ? ` COLLATE ${column.collation}` : ''
  const nullability = column.nullable && !column.primaryKey ? ' NULL' : ' NOT NULL'
  const fallback = column.default !== null ? ` DEFAULT ${column.default}` : ''
  return `${id(column.name)} ${type}${collation}${nullability}${fallback}${column.autoIncrement ? ' AUTO_INCREMENT' : ''}`
}

function createIndex(table: string, index: IndexSnapshot): string {
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${id(index.name)} ON ${id(table)} (${index.columns.map(id).join(', ')})`
}

function createTable(table: string, definition: TableSnapshot): string[] {
  const primary = definition.columns.filter((c) => c.primaryKey).map((c) => id(c.name))
  const parts = [...definition.columns.map(columnDefinition), ...(primary.length > 0 ? [`PRIMARY KEY (${primary.join(', ')})`] : [])]
  return [`CREATE TABLE ${id(table)} (${parts.join(', ')}) DEFAULT CHARSET=utf8mb4`, ...definition.indexes.map((i) => createIndex(table, i))]
}

/** The statements of one change, and those that undo it. */
function statementsOf(change: SchemaChange): EmittedMigration {
  const t = id(change.table)
  switch (change.kind) {
    case 'create-table':
      return { up: createTable(change.table, change.definition), down: [`DROP TABLE ${t}`] }
    case 'drop-table':
      return { up: [`DROP TABLE ${t}`], down: createTable(change.table, change.definition) }
    case 'add-column':
      return {
        up: [`ALTER TABLE ${t} ADD COLUMN ${columnDefinition(change.column)}${change.after ? ` AFTER ${id(change.after)}` : ' FIRST'}`],
        down: [`ALTER TABLE ${t} DROP COLUMN ${id(change.column.name)}`],
      }
    case 'drop-column':
      return { up: [`ALTER TABLE ${t} DROP COLUMN ${id(change.column.name)}`], down: [`ALTER TABLE ${t} ADD COLUMN ${columnDefinition(change.column)}`] }
    case 'modify-column':
      return {
        up: [`ALTER TABLE ${t} MODIFY COLUMN ${columnDefinition(change.to)}`],
        down: [`ALTER TABLE ${t} MODIFY COLUMN ${columnDefinition(change.from)}`],
      }
    case 'rename-column':
      return {
        up: [`ALTER TABLE ${t} RENAME COLUMN ${id(change.from.name)} TO ${id(change.to.name)}`],
        down: [`ALTER TABLE ${t} RENAME COLUMN ${id(change.to.name)} TO ${id(change.from.name)}`],
      }
    case 'add-index':
      return { up: [createIndex(change.table, change.index)], down: [`DROP INDEX ${id(change.index.name)} ON ${t}`] }
    case 'drop-index':
      return { up: [`DROP INDEX ${id(change.index.name)} ON ${t}`], down: [createIndex(change.table, change.index)] }
  }
}

/**
 * Up runs drops of indexes before column changes and index creation after them (an index may name a renamed or new
 * column); down runs the inverse statements in reverse order.
 */
export function emitMigration(changes: readonly SchemaChange[]): EmittedMigration {
  const rank = (c: SchemaChange): number => (c.kind === 'drop-index' ? 0 : c.kind === 'add-index' ? 2 : 1)
  const ordered = [...changes].sort((a, b) => rank(a) - rank(b))
  const emitted = ordered.map(statementsOf)
  return { up: emitted.flatMap((e) => e.up), down: [...emitted].reverse().flatMap((e) => e.down) }
}

/** Template data for templates/migrations/evolve-table.ts.hbs: each statement as a TypeScript string literal. */
export function evolveTemplateData(header: string, summary: string, migration: EmittedMigration): Record<string, unknown> {
  return { header, summary, up: migration.up.map((sql) => JSON.stringify(sql)), down: migration.down.map((sql) => JSON.stringify(sql)) }
}
