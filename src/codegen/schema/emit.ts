// Pure: typed schema changes -> the statements of a migration, `up` and `down` (down undoes up, in reverse order),
// rendered through templates/migrations/evolve-table.ts.hbs in the format of the create-table migration.
import { BINARY_NO_PAD, type ColumnSnapshot, type IndexSnapshot, type TableSnapshot } from './snapshot'
import type { SchemaChange } from './diff'

/**
 * One statement: SQL text, or, when it names BINARY_NO_PAD, the text around it (`parts`, joined by the server's
 * binary no-pad collation, which the migration looks up when it runs).
 */
export type Statement = string | { readonly parts: readonly string[] }

export interface EmittedMigration {
  up: Statement[]
  down: Statement[]
}

/** The SQL of a statement on a server whose binary no-pad collation is `binaryCollation`. */
export function statementSql(statement: Statement, binaryCollation: string): string {
  return typeof statement === 'string' ? statement : statement.parts.join(binaryCollation)
}

export const quoteIdentifier = (name: string): string => `\`${name.replace(/`/g, '``')}\``

function columnDefinition(column: ColumnSnapshot): Statement {
  const type = `${column.type}${column.length === null ? '' : `(${column.length})`}`
  const nullability = column.nullable && !column.primaryKey ? ' NULL' : ' NOT NULL'
  const fallback = column.default !== null ? ` DEFAULT ${column.default}` : ''
  const rest = `${nullability}${fallback}${column.autoIncrement ? ' AUTO_INCREMENT' : ''}`
  // as the create-table migration writes it: the charset too, so the collation fits whatever the table's is
  if (column.collation === BINARY_NO_PAD) return { parts: [`${quoteIdentifier(column.name)} ${type} CHARACTER SET utf8mb4 COLLATE `, rest] }
  const collation = column.collation ? ` COLLATE ${column.collation}` : ''
  return `${quoteIdentifier(column.name)} ${type}${collation}${rest}`
}

/** `prefix` + a column definition + `suffix`, as one statement */
function withColumn(prefix: string, column: ColumnSnapshot, suffix = ''): Statement {
  const definition = columnDefinition(column)
  if (typeof definition === 'string') return `${prefix}${definition}${suffix}`
  const parts = [...definition.parts]
  parts[0] = `${prefix}${parts[0]}`
  parts[parts.length - 1] = `${parts[parts.length - 1]}${suffix}`
  return { parts }
}

function createIndex(table: string, index: IndexSnapshot): string {
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdentifier(index.name)} ON ${quoteIdentifier(table)} (${index.columns.map(quoteIdentifier).join(', ')})`
}

function createTable(table: string, definition: TableSnapshot): Statement[] {
  const primary = definition.columns.filter((c) => c.primaryKey).map((c) => quoteIdentifier(c.name))
  const options = `DEFAULT CHARSET=${definition.charset ?? 'utf8mb4'}${definition.collation ? ` COLLATE=${definition.collation}` : ''}`
  // the text between the binary collations, joined the way the statement reads
  const parts: string[] = [`CREATE TABLE ${quoteIdentifier(table)} (`]
  definition.columns.forEach((column, index) => {
    const definitionOf = columnDefinition(column)
    const separator = index === 0 ? '' : ', '
    if (typeof definitionOf === 'string') parts[parts.length - 1] += `${separator}${definitionOf}`
    else {
      parts[parts.length - 1] += `${separator}${definitionOf.parts[0]}`
      parts.push(...definitionOf.parts.slice(1))
    }
  })
  parts[parts.length - 1] += `${primary.length > 0 ? `, PRIMARY KEY (${primary.join(', ')})` : ''}) ${options}`
  return [parts.length === 1 ? parts[0]! : { parts }, ...definition.indexes.map((i) => createIndex(table, i))]
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
      if (change.backfill === undefined) return { up: [withColumn(`ALTER TABLE ${t} ADD COLUMN `, change.column, position)], down }
      // added NULL, the rows already there filled, then NOT NULL: no implicit '' or 0 slips in
      return {
        up: [
          withColumn(`ALTER TABLE ${t} ADD COLUMN `, { ...change.column, nullable: true }, position),
          `UPDATE ${t} SET ${quoteIdentifier(change.column.name)} = ${change.backfill}`,
          withColumn(`ALTER TABLE ${t} MODIFY COLUMN `, change.column),
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
        down: [withColumn(`ALTER TABLE ${t} ADD COLUMN `, change.column)],
      }
    case 'modify-column':
      return {
        up: [
          ...(change.backfill === undefined
            ? []
            : [`UPDATE ${t} SET ${quoteIdentifier(change.to.name)} = ${change.backfill} WHERE ${quoteIdentifier(change.to.name)} IS NULL`]),
          withColumn(`ALTER TABLE ${t} MODIFY COLUMN `, change.to),
        ],
        down: [withColumn(`ALTER TABLE ${t} MODIFY COLUMN `, change.from)],
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

/**
 * Template data for templates/migrations/evolve-table.ts.hbs: each statement as a TypeScript expression (a string
 * literal, or literals joined by `binary`, the collation the migration looks up), and which steps need `binary`.
 */
export function evolveTemplateData(header: string, summary: string, migration: EmittedMigration): Record<string, unknown> {
  const expression = (statement: Statement): string =>
    typeof statement === 'string' ? JSON.stringify(statement) : statement.parts.map((part) => JSON.stringify(part)).join(' + binary + ')
  const needsBinary = (statements: readonly Statement[]): boolean => statements.some((statement) => typeof statement !== 'string')
  return {
    header,
    summary,
    up: migration.up.map(expression),
    down: migration.down.map(expression),
    upUsesBinary: needsBinary(migration.up),
    downUsesBinary: needsBinary(migration.down),
    usesBinary: needsBinary(migration.up) || needsBinary(migration.down),
  }
}
