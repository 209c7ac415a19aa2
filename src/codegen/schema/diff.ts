// Pure differ: the snapshot of the last generation -> the schema of the models now, as typed changes. Renames are
// decided by a resolver passed in (flags, a prompt); destructive changes are classified so the caller can refuse them.
import { InvalidInputError } from '../../core/errors'
import type { ColumnSnapshot, IndexSnapshot, SchemaSnapshot, TableSnapshot } from './snapshot'

export type SchemaChange =
  | { kind: 'create-table'; table: string; definition: TableSnapshot }
  | { kind: 'drop-table'; table: string; definition: TableSnapshot }
  | { kind: 'add-column'; table: string; column: ColumnSnapshot; after: string | null }
  | { kind: 'drop-column'; table: string; column: ColumnSnapshot }
  | { kind: 'modify-column'; table: string; from: ColumnSnapshot; to: ColumnSnapshot }
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

/** Answers with the new name of `from`, or null: not a rename (drop + add). */
export type RenameResolver = (question: RenameQuestion) => Promise<string | null>

export async function diffSnapshots(before: SchemaSnapshot, after: SchemaSnapshot, resolveRename: RenameResolver): Promise<SchemaChange[]> {
  const changes: SchemaChange[] = []
  for (const [table, definition] of Object.entries(after.tables)) {
    const previous = before.tables[table]
    if (!previous) changes.push({ kind: 'create-table', table, definition })
    else changes.push(...(await diffTable(table, previous, definition, resolveRename)))
  }
  for (const [table, definition] of Object.entries(before.tables)) if (!after.tables[table]) changes.push({ kind: 'drop-table', table, definition })
  return changes
}

async function diffTable(table: string, before: TableSnapshot, after: TableSnapshot, resolveRename: RenameResolver): Promise<SchemaChange[]> {
  const changes: SchemaChange[] = []
  const beforeColumns = new Map(before.columns.map((c) => [c.name, c]))
  const afterColumns = new Map(after.columns.map((c) => [c.name, c]))
  const removed = before.columns.filter((c) => !afterColumns.has(c.name))
  let added = after.columns.filter((c) => !beforeColumns.has(c.name))
  const renamed = new Map<string, string>()
  for (const column of removed) {
    const candidates = added.filter((a) => a.type === column.type).map((a) => a.name)
    if (candidates.length === 0) continue
    const answer = await resolveRename({ table, entity: after.entity, from: column.name, candidates })
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
      if (from.nullable && !to.nullable) return `makes ${where} NOT NULL while it may hold NULL`
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
  const fromInt = INTEGERS.indexOf(from.type)
  const toInt = INTEGERS.indexOf(to.type)
  if (fromInt !== -1 && toInt !== -1) return toInt < fromInt
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
  return change.kind === 'add-column' && !change.column.nullable && change.column.default === null && !change.column.autoIncrement
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

/**
 * A resolver from `--rename Entity.old=new` and `--no-rename`; an undecided rename is exit 4 naming both columns and
 * the flags to pass (the terminal prompt is a resolver of its own, used only on a TTY).
 */
export function flagRenameResolver(renames: readonly string[], noRename: boolean): RenameResolver {
  const decided = new Map<string, string>()
  for (const flag of renames) {
    const match = /^([^.=\s]+)\.([^.=\s]+)=([^.=\s]+)$/.exec(flag)
    if (!match) {
      throw new InvalidInputError({
        code: 'RENAME_FLAG_INVALID',
        message: `--rename ${flag}: expected Entity.old=new`,
        hint: 'e.g. --rename User.fullName=displayName (property or column names)',
      })
    }
    decided.set(`${match[1]}.${match[2]}`, match[3]!)
  }
  return async ({ table, entity, from, candidates }) => {
    const answer = decided.get(`${entity}.${from}`) ?? decided.get(`${table}.${from}`)
    if (answer !== undefined) return answer
    if (noRename) return null
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
