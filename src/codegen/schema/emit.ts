// Pure: typed schema changes -> the statements of a migration, `up` and `down` (down undoes up, in reverse order),
// rendered through templates/migrations/evolve-table.ts.hbs in the format of the create-table migration.
import type { ColumnSnapshot, IndexSnapshot, TableSnapshot } from './snapshot'
import type { SchemaChange } from './diff'

export interface EmittedMigration {
  up: string[]
  down: string[]
}

export const quoteIdentifier = (name: string): string => `\`${name.replace(/`/g, '``')}\``

export function columnDefinition(column: ColumnSnapshot): string {
  const type = `${column.type}${column.length === null ? '' : `(${column.length})`}`
  const collation = column.collation ? ` COLLATE ${column.collation}` : ''
  const nullability = column.nullable && !column.primaryKey ? ' NULL' : ' NOT NULL'
  const fallback = column.default !== null ? ` DEFAULT ${column.default}` : ''
  return `${quoteIdentifier(column.name)} ${type}${collation}${nullability}${fallback}${column.autoIncrement ? ' AUTO_INCREMENT' : ''}`
}

function createIndex(table: string, index: IndexSnapshot): string {
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdentifier(index.name)} ON ${quoteIdentifier(table)} (${index.columns.map(quoteIdentifier).join(', ')})`
}

function createTable(table: string, definition: TableSnapshot): string[] {
  const primary = definition.columns.filter((c) => c.primaryKey).map((c) => quoteIdentifier(c.name))
  const parts = [...definition.columns.map(columnDefinition), ...(primary.length > 0 ? [`PRIMARY KEY (${primary.join(', ')})`] : [])]
  const options = `DEFAULT CHARSET=${definition.charset ?? 'utf8mb4'}${definition.collation ? ` COLLATE=${definition.collation}` : ''}`
  return [`CREATE TABLE ${quoteIdentifier(table)} (${parts.join(', ')}) ${options}`, ...definition.indexes.map((i) => createIndex(table, i))]
}

/** The statements of one change, and those that undo it. */
function statementsOf(change: SchemaChange): EmittedMigration {
  const t = quoteIdentifier(change.table)
  switch (change.kind) {
    case 'create-table':
      return { up: createTable(change.table, change.definition), down: [`DROP TABLE ${t}`] }
    case 'drop-table':
      return { up: [`DROP TABLE ${t}`], down: createTable(change.table, change.definition) }
    case 'add-column': {
      const position = change.after ? ` AFTER ${quoteIdentifier(change.after)}` : ' FIRST'
      const down = [`ALTER TABLE ${t} DROP COLUMN ${quoteIdentifier(change.column.name)}`]
      if (change.backfill === undefined) return { up: [`ALTER TABLE ${t} ADD COLUMN ${columnDefinition(change.column)}${position}`], down }
      // added NULL, the rows already there filled, then NOT NULL: no implicit '' or 0 slips in
      return {
        up: [
          `ALTER TABLE ${t} ADD COLUMN ${columnDefinition({ ...change.column, nullable: true })}${position}`,
          `UPDATE ${t} SET ${quoteIdentifier(change.column.name)} = ${change.backfill}`,
          `ALTER TABLE ${t} MODIFY COLUMN ${columnDefinition(change.column)}`,
        ],
        down,
      }
    }
    case 'alter-table': {
      const options = (o: { charset: string | null; collation: string | null }): string =>
        `${o.charset ? ` DEFAULT CHARACTER SET ${o.charset}` : ''}${o.collation ? ` COLLATE ${o.collation}` : ''}`
      // only the default for new columns: existing columns keep theirs (each is a modify-column of its own)
      return {
        up: [`ALTER TABLE ${t}${options(change.to)}`],
        down: change.from.charset || change.from.collation ? [`ALTER TABLE ${t}${options(change.from)}`] : [],
      }
    }
    case 'drop-column':
      return {
        up: [`ALTER TABLE ${t} DROP COLUMN ${quoteIdentifier(change.column.name)}`],
        down: [`ALTER TABLE ${t} ADD COLUMN ${columnDefinition(change.column)}`],
      }
    case 'modify-column':
      return {
        up: [
          ...(change.backfill === undefined
            ? []
            : [`UPDATE ${t} SET ${quoteIdentifier(change.to.name)} = ${change.backfill} WHERE ${quoteIdentifier(change.to.name)} IS NULL`]),
          `ALTER TABLE ${t} MODIFY COLUMN ${columnDefinition(change.to)}`,
        ],
        down: [`ALTER TABLE ${t} MODIFY COLUMN ${columnDefinition(change.from)}`],
      }
    case 'rename-column':
      return {
        up: [`ALTER TABLE ${t} RENAME COLUMN ${quoteIdentifier(change.from.name)} TO ${quoteIdentifier(change.to.name)}`],
        down: [`ALTER TABLE ${t} RENAME COLUMN ${quoteIdentifier(change.to.name)} TO ${quoteIdentifier(change.from.name)}`],
      }
    case 'add-index':
      return { up: [createIndex(change.table, change.index)], down: [`DROP INDEX ${quoteIdentifier(change.index.name)} ON ${t}`] }
    case 'drop-index':
      return { up: [`DROP INDEX ${quoteIdentifier(change.index.name)} ON ${t}`], down: [createIndex(change.table, change.index)] }
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
