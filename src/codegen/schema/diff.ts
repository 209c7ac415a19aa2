// Pure differ: the snapshot of the last generation -> the schema of the models now, as typed changes. Renames are
// decided by a resolver passed in (flags, a prompt); destructive changes are classified so the caller can refuse them.
import { InvalidInputError } from '../../core/errors'
import { snakeCase } from '../generators/naming'
import type { ColumnSnapshot, IndexSnapshot, SchemaSnapshot, TableSnapshot } from './snapshot'

export type SchemaChange =
  | { kind: 'create-table'; table: string; definition: TableSnapshot }
  | { kind: 'drop-table'; table: string; definition: TableSnapshot }
  /** `backfill`: an SQL literal the rows already there get (the column is added NULL, filled, then made NOT NULL) */
  | { kind: 'add-column'; table: string; column: ColumnSnapshot; after: string | null; backfill?: string }
  | { kind: 'drop-column'; table: string; column: ColumnSnapshot }
  /** `backfill`: an SQL literal that replaces NULL before the column becomes NOT NULL */
  | { kind: 'modify-column'; table: string; from: ColumnSnapshot; to: ColumnSnapshot; backfill?: string }
  | { kind: 'alter-table'; table: string; from: TableOptions; to: TableOptions }
  | { kind: 'rename-column'; table: string; from: ColumnSnapshot; to: ColumnSnapshot }
  | { kind: 'add-index'; table: string; index: IndexSnapshot }
  | { kind: 'drop-index'; table: string; index: IndexSnapshot }

export interface RenameQuestion {
  table: string
  entity: string
  /** the column that disappeared */
  from: string
  /** appeared columns of a compatible type */
  candidates: string[]
}

export interface TableOptions {
  charset: string | null
  collation: string | null
}

/**
 * Answers with the new name of `from`, or null: not a rename (drop + add). Synchronous: a terminal prompt asks before
 * the diff runs again with the answer (see flagRenameResolver's error).
 */
export type RenameResolver = (question: RenameQuestion) => string | null

export function diffSnapshots(before: SchemaSnapshot, after: SchemaSnapshot, resolveRename: RenameResolver): SchemaChange[] {
  const changes: SchemaChange[] = []
  for (const [table, definition] of Object.entries(after.tables)) {
    const previous = before.tables[table]
    if (!previous) changes.push({ kind: 'create-table', table, definition })
    else changes.push(...diffTable(table, previous, definition, resolveRename))
  }
  for (const [table, definition] of Object.entries(before.tables)) if (!after.tables[table]) changes.push({ kind: 'drop-table', table, definition })
  return changes
}

function diffTable(table: string, before: TableSnapshot, after: TableSnapshot, resolveRename: RenameResolver): SchemaChange[] {
  const changes: SchemaChange[] = []
  const optionsOf = (t: TableSnapshot): TableOptions => ({ charset: t.charset ?? null, collation: t.collation ?? null })
  // a model that names no charset/collation says nothing about them (the table keeps what it has)
  const to = optionsOf(after)
  if ((to.charset !== null || to.collation !== null) && (to.charset !== (before.charset ?? null) || to.collation !== (before.collation ?? null)))
    changes.push({ kind: 'alter-table', table, from: optionsOf(before), to })
  const beforeColumns = new Map(before.columns.map((c) => [c.name, c]))
  const afterColumns = new Map(after.columns.map((c) => [c.name, c]))
  const removed = before.columns.filter((c) => !afterColumns.has(c.name))
  let added = after.columns.filter((c) => !beforeColumns.has(c.name))
  const renamed = new Map<string, string>()
  for (const column of removed) {
    const candidates = added.filter((a) => a.type === column.type).map((a) => a.name)
    if (candidates.length === 0) continue
    const answer = resolveRename({ table, entity: after.entity, from: column.name, candidates })
    if (answer === null) continue
    if (!candidates.includes(answer)) throw unknownRename(table, after.entity, column.name, answer, candidates)
    renamed.set(column.name, answer)
    added = added.filter((a) => a.name !== answer)
  }
  for (const column of removed) {
    const to = renamed.get(column.name)
    if (to === undefined) {
      changes.push({ kind: 'drop-column', table, column })
      continue
    }
    const target = afterColumns.get(to)!
    changes.push({ kind: 'rename-column', table, from: column, to: { ...column, name: to } })
    if (!sameDefinition(column, target)) changes.push({ kind: 'modify-column', table, from: { ...column, name: to }, to: target })
  }
  for (const column of added) {
    const index = after.columns.indexOf(column)
    changes.push({ kind: 'add-column', table, column, after: index > 0 ? after.columns[index - 1]!.name : null })
  }
  for (const column of after.columns) {
    const previous = beforeColumns.get(column.name)
    if (previous && !sameDefinition(previous, column)) changes.push({ kind: 'modify-column', table, from: previous, to: column })
  }
  const rename = (name: string): string => renamed.get(name) ?? name
  const beforeIndexes = new Map(before.indexes.map((i) => [i.name, { ...i, columns: i.columns.map(rename) }]))
  const afterIndexes = new Map(after.indexes.map((i) => [i.name, i]))
  for (const [name, index] of beforeIndexes) {
    const now = afterIndexes.get(name)
    if (!now || !sameIndex(index, now)) changes.push({ kind: 'drop-index', table, index: before.indexes.find((i) => i.name === name)! })
  }
  for (const [name, index] of afterIndexes) {
    const previous = beforeIndexes.get(name)
    if (!previous || !sameIndex(previous, index)) changes.push({ kind: 'add-index', table, index })
  }
  return changes
}

function sameDefinition(a: ColumnSnapshot, b: ColumnSnapshot): boolean {
  return a.type === b.type && String(a.length) === String(b.length) && a.nullable === b.nullable && a.default === b.default && a.collation === b.collation
}

function sameIndex(a: IndexSnapshot, b: IndexSnapshot): boolean {
  return a.unique === b.unique && a.columns.join(',') === b.columns.join(',')
}

// ---------------------------------------------------------------- data loss

/** integer types in widening order: a move to the right keeps every value */
const INTEGERS = ['TINYINT', 'SMALLINT', 'MEDIUMINT', 'INT', 'BIGINT']
const TEXTS = ['CHAR', 'VARCHAR', 'TINYTEXT', 'TEXT', 'MEDIUMTEXT', 'LONGTEXT']
const TEXT_CAPACITY: Record<string, number> = { TINYTEXT: 255, TEXT: 65_535, MEDIUMTEXT: 16_777_215, LONGTEXT: 4_294_967_295 }

/** Why a change may lose data, or null when it cannot. */
export function dataLossOf(change: SchemaChange): string | null {
  switch (change.kind) {
    case 'drop-table':
      return `drops table ${change.table} and its rows`
    case 'drop-column':
      return `drops column ${change.table}.${change.column.name} and its values`
    case 'modify-column': {
      const { from, to } = change
      const where = `${change.table}.${to.name}`
      if (from.nullable && !to.nullable && change.backfill === undefined)
        return `makes ${where} NOT NULL while it may hold NULL (--default ${where}=<value> fills the NULLs first)`
      if (narrows(from, to)) return `narrows ${where} from ${typeText(from)} to ${typeText(to)}`
      return null
    }
    default:
      return null
  }
}

function narrows(from: ColumnSnapshot, to: ColumnSnapshot): boolean {
  if (from.type === to.type) {
    if (String(from.length) === String(to.length)) return false
    // a limit where there was none narrows; otherwise any smaller part (precision, scale) does
    if (from.length === null || to.length === null) return to.length !== null
    const fromParts = String(from.length).split(',').map(Number)
    const toParts = String(to.length).split(',').map(Number)
    return toParts.some((part, i) => part < (fromParts[i] ?? 0))
  }
  const unsigned = (type: string): boolean => type.endsWith(' UNSIGNED')
  const fromInt = INTEGERS.indexOf(from.type.replace(/ UNSIGNED$/, ''))
  const toInt = INTEGERS.indexOf(to.type.replace(/ UNSIGNED$/, ''))
  if (fromInt !== -1 && toInt !== -1) {
    // signed -> unsigned loses the negatives; unsigned -> signed keeps every value only in a wider type
    if (unsigned(to.type) && !unsigned(from.type)) return true
    if (unsigned(from.type) && !unsigned(to.type)) return toInt <= fromInt
    return toInt < fromInt
  }
  if (TEXTS.includes(from.type) && TEXTS.includes(to.type)) return capacity(to) < capacity(from)
  return true
}

function capacity(column: ColumnSnapshot): number {
  return TEXT_CAPACITY[column.type] ?? Number(column.length ?? 1)
}

function typeText(column: ColumnSnapshot): string {
  return column.length === null ? column.type : `${column.type}(${column.length})`
}

/** A NOT NULL column without a default added to an existing table: its rows need a value (a default or a backfill). */
export function needsBackfill(change: SchemaChange): boolean {
  return (
    change.kind === 'add-column' && !change.column.nullable && change.column.default === null && !change.column.autoIncrement && change.backfill === undefined
  )
}

/** Exit 4 listing each destructive change, unless accepted (--accept-data-loss). */
export function assertNoDataLoss(changes: readonly SchemaChange[], accept: boolean): void {
  if (accept) return
  const losses = changes.map(dataLossOf).filter((reason): reason is string => reason !== null)
  if (losses.length === 0) return
  throw new InvalidInputError({
    code: 'SCHEMA_DATA_LOSS',
    message: `The model change may lose data:\n${losses.map((l) => `  - ${l}`).join('\n')}`,
    hint: 'Pass --accept-data-loss to write the migration anyway (review it before `infra migrate up`), or change the model back.',
    details: { changes: losses },
  })
}

// ---------------------------------------------------------------- renames from flags

/** `Entity.name` as typed and as columns are named (`fullName` -> `full_name`) */
function flagKeys(entity: string, name: string): string[] {
  return [...new Set([`${entity}.${name}`, `${entity}.${snakeCase(name)}`])]
}

/**
 * A resolver from `--rename Entity.old=new` and `--no-rename`; an undecided rename is exit 4 naming both columns and
 * the flags to pass (on a terminal the command asks instead, then plans again with the answer as a flag).
 * Names are properties or columns; a property stored in several columns (a flattened value object: `address` ->
 * `address_city`, `address_street`) renames each of them. `notRenamed`: `Entity.column` answered "drop + add".
 */
export function flagRenameResolver(renames: readonly string[], noRename: boolean, notRenamed: readonly string[] = []): RenameResolver {
  const decided = renames.map((flag) => {
    const match = /^([^.=\s]+)\.([^.=\s]+)=([^.=\s]+)$/.exec(flag)
    if (!match) {
      throw new InvalidInputError({
        code: 'RENAME_FLAG_INVALID',
        message: `--rename ${flag}: expected Entity.old=new`,
        hint: 'e.g. --rename User.fullName=displayName (property or column names)',
      })
    }
    return { owner: match[1]!, from: match[2]!, to: match[3]! }
  })
  return ({ table, entity, from, candidates }) => {
    for (const flag of decided) {
      if (flag.owner !== entity && flag.owner !== table) continue
      const target = (to: string): string => candidates.find((c) => c === to || c === snakeCase(to)) ?? to
      if (from === flag.from || from === snakeCase(flag.from)) return target(flag.to)
      const prefix = `${snakeCase(flag.from)}_`
      if (from.startsWith(prefix)) {
        const renamed = `${snakeCase(flag.to)}_${from.slice(prefix.length)}`
        if (candidates.includes(renamed)) return renamed
      }
    }
    if (noRename || notRenamed.includes(`${entity}.${from}`)) return null
    throw new InvalidInputError({
      code: 'SCHEMA_RENAME_AMBIGUOUS',
      message: `${table}.${from} disappeared while ${candidates.map((c) => `${table}.${c}`).join(', ')} of the same type appeared: a rename, or a drop and an add?`,
      hint: `Pass ${candidates.map((c) => `--rename ${entity}.${from}=${c}`).join(' or ')} to rename, or --no-rename to drop ${from} and add the new column${candidates.length > 1 ? 's' : ''}.`,
      details: { table, entity, from, candidates },
    })
  }
}

function unknownRename(table: string, entity: string, from: string, answer: string, candidates: readonly string[]): InvalidInputError {
  return new InvalidInputError({
    code: 'RENAME_TARGET_UNKNOWN',
    message: `--rename ${entity}.${from}=${answer}: ${table} gains no column ${answer} of the type of ${from}`,
    hint: `Columns it could be renamed to: ${candidates.join(', ')}.`,
    details: { table, entity, from, answer, candidates },
  })
}

// ---------------------------------------------------------------- backfills from --default

export interface BackfillQuestion {
  table: string
  entity: string
  column: ColumnSnapshot
  /** `add-column`: a new NOT NULL column; `require`: a nullable column becomes NOT NULL */
  reason: 'add-column' | 'require'
}

/** `--default Entity.property=value`, keyed like renames (`User.nickname`). */
export function parseDefaultFlags(flags: readonly string[]): Map<string, string> {
  const values = new Map<string, string>()
  for (const flag of flags) {
    const match = /^([^.=\s]+)\.([^.=\s]+)=(.*)$/s.exec(flag)
    if (!match) {
      throw new InvalidInputError({
        code: 'DEFAULT_FLAG_INVALID',
        message: `--default ${flag}: expected Entity.property=value`,
        hint: "e.g. --default User.nickname=anonymous (the value is written as the column's type: text quoted, numbers as they are)",
      })
    }
    for (const key of flagKeys(match[1]!, match[2]!)) values.set(key, match[3]!)
  }
  return values
}

const NUMERIC = /^(TINYINT|SMALLINT|MEDIUMINT|INT|BIGINT|DECIMAL|NUMERIC|FLOAT|DOUBLE)( UNSIGNED)?$/

/** The value of `--default` as an SQL literal of the column's type; invalid input when it is not one. */
export function sqlLiteralOf(column: ColumnSnapshot, value: string, flag: string): string {
  const invalid = (expected: string): InvalidInputError =>
    new InvalidInputError({
      code: 'DEFAULT_FLAG_INVALID',
      message: `--default ${flag}=${value}: ${column.name} is ${column.type}; expected ${expected}`,
      hint: `e.g. --default ${flag}=${expected === 'a number' ? '0' : 'true'}`,
    })
  if (column.type === 'TINYINT' && column.length === 1) {
    if (/^(true|1)$/i.test(value)) return '1'
    if (/^(false|0)$/i.test(value)) return '0'
    throw invalid('true or false')
  }
  if (NUMERIC.test(column.type)) {
    if (!/^-?\d+(\.\d+)?$/.test(value.trim())) throw invalid('a number')
    return value.trim()
  }
  if (/^(DATETIME|TIMESTAMP|DATE)$/.test(column.type)) {
    if (/^(now|current_timestamp)$/i.test(value)) return column.length === null ? 'CURRENT_TIMESTAMP' : `CURRENT_TIMESTAMP(${column.length})`
    const date = new Date(value)
    if (Number.isNaN(date.getTime())) throw invalid('a date (2026-01-31T00:00:00Z) or now')
    return `'${date.toISOString().replace('T', ' ').replace('Z', '')}'`
  }
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`
}

/**
 * Gives every column that needs a value for the rows already there (a NOT NULL column added, a nullable one made
 * NOT NULL) its backfill from `--default`. A NOT NULL column added without one is exit 4 naming the flag; a column
 * made NOT NULL without one stays a data-loss change (assertNoDataLoss).
 */
export function withBackfills(
  changes: readonly SchemaChange[],
  defaults: ReadonlyMap<string, string>,
  entityOf: (table: string) => string,
  required = true,
): SchemaChange[] {
  const missing: BackfillQuestion[] = []
  const result = changes.map((change): SchemaChange => {
    if (change.kind !== 'add-column' && change.kind !== 'modify-column') return change
    const column = change.kind === 'add-column' ? change.column : change.to
    const required = change.kind === 'add-column' ? needsBackfill(change) : change.from.nullable && !change.to.nullable
    if (!required) return change
    const entity = entityOf(change.table)
    const value = defaults.get(`${entity}.${column.name}`) ?? defaults.get(`${change.table}.${column.name}`)
    if (value === undefined) {
      if (change.kind === 'add-column') missing.push({ table: change.table, entity, column, reason: 'add-column' })
      return change
    }
    return { ...change, backfill: sqlLiteralOf(column, value, `${entity}.${column.name}`) }
  })
  if (missing.length > 0 && required) {
    throw new InvalidInputError({
      code: 'SCHEMA_BACKFILL_REQUIRED',
      message: `A NOT NULL column added to a table that may hold rows needs a value for them:\n${missing.map((m) => `  - ${m.table}.${m.column.name} (${m.entity})`).join('\n')}`,
      hint: `Pass ${missing.map((m) => `--default ${m.entity}.${m.column.name}=<value>`).join(' ')} (the migration fills the rows already there), or make the property optional.`,
      details: { columns: missing.map((m) => ({ table: m.table, entity: m.entity, column: m.column.name })) },
    })
  }
  return result
}
