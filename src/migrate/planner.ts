// Pure planning: desired state (files) + live state (records) -> statuses and plans. No I/O, no driver imports.
import { InvalidInputError } from '../core/errors'
import { compareNames, migrationNameOf } from './migration-files'

/** What the planner needs of a migration file. */
export interface FileFacts {
  name: string
  file: string
  checksum: string
  /** written by `infra generate` */
  generated?: boolean
}

/** A row of the migrations table (the live state). */
export interface MigrationRecord {
  name: string
  /** null for migrations adopted from sequelize-cli whose file was gone */
  checksum: string | null
  status: 'applied' | 'failed'
  appliedAt: Date | null
  executionMs: number | null
  appliedBy: string | null
  error: string | null
  statement: string | null
}

export type MigrationState = 'applied' | 'pending' | 'failed' | 'missing-file'

export interface MigrationStatus {
  name: string
  /** relative path; null when the file is gone */
  file: string | null
  state: MigrationState
  /** does the file still have the checksum recorded when it was applied? null when there is nothing to compare */
  checksumMatch: boolean | null
  /** the file was written by `infra generate` */
  generated: boolean
  appliedAt: string | null
  durationMs: number | null
  appliedBy: string | null
  /** for a failed migration: the error and the statement that failed */
  error?: string
  statement?: string
}

/** Every migration known from files or records, in application order, with its state. */
export function migrationStatuses(files: readonly FileFacts[], records: readonly MigrationRecord[]): MigrationStatus[] {
  const byName = new Map(records.map((r) => [r.name, r]))
  const statuses: MigrationStatus[] = files.map((f) => {
    const record = byName.get(f.name)
    if (!record)
      return {
        name: f.name,
        file: f.file,
        state: 'pending',
        checksumMatch: null,
        generated: f.generated === true,
        appliedAt: null,
        durationMs: null,
        appliedBy: null,
      }
    return fromRecord(record, f)
  })
  const fileNames = new Set(files.map((f) => f.name))
  for (const record of records) if (!fileNames.has(record.name)) statuses.push(fromRecord(record, undefined))
  return statuses.sort((a, b) => compareNames(a.name, b.name))
}

function fromRecord(record: MigrationRecord, file: FileFacts | undefined): MigrationStatus {
  const status: MigrationStatus = {
    name: record.name,
    file: file?.file ?? null,
    state: record.status === 'failed' ? 'failed' : file ? 'applied' : 'missing-file',
    checksumMatch: file && record.checksum !== null ? record.checksum === file.checksum : null,
    generated: file?.generated === true,
    appliedAt: record.appliedAt ? record.appliedAt.toISOString() : null,
    durationMs: record.executionMs,
    appliedBy: record.appliedBy,
  }
  if (record.status === 'failed') {
    status.error = record.error ?? 'unknown error'
    if (record.statement) status.statement = record.statement
  }
  return status
}

/**
 * Records for sequelize-cli's SequelizeMeta names that the migrations table does not have yet: they count as applied,
 * with the checksum of the file as it is now (names there carry their extension: "20200101-create-users.js").
 */
export function adoptSequelizeMeta(
  metaNames: readonly string[],
  records: readonly MigrationRecord[],
  files: readonly FileFacts[],
  adoptedAt: Date,
): MigrationRecord[] {
  const known = new Set(records.map((r) => r.name))
  const checksums = new Map(files.map((f) => [f.name, f.checksum]))
  const adopted = new Map<string, MigrationRecord>()
  for (const metaName of metaNames) {
    const name = migrationNameOf(metaName)
    if (known.has(name) || adopted.has(name)) continue
    adopted.set(name, {
      name,
      checksum: checksums.get(name) ?? null,
      status: 'applied',
      appliedAt: adoptedAt,
      executionMs: null,
      appliedBy: 'sequelize-cli (SequelizeMeta)',
      error: null,
      statement: null,
    })
  }
  return [...adopted.values()]
}

export interface UpOptions {
  /** run pending migrations up to and including this one */
  to?: string
  /** run at most this many */
  step?: number
  allowOutOfOrder?: boolean
}

export interface UpPlan {
  /** what will run, in order (pending and previously failed migrations) */
  run: MigrationStatus[]
  /** pending migrations that sort before an applied one (allowed with allowOutOfOrder) */
  outOfOrder: string[]
  /** applied migrations whose file is gone (a warning, not a refusal) */
  missingFiles: string[]
}

/** Refuses edited applied migrations (exit 4) and, unless allowed, new migrations that sort before applied ones. */
export function planUp(statuses: readonly MigrationStatus[], options: UpOptions = {}): UpPlan {
  assertNoDrift(statuses)
  const applied = statuses.filter((s) => s.state === 'applied' || s.state === 'missing-file')
  const lastApplied = applied.at(-1)?.name
  let pending = statuses.filter((s) => (s.state === 'pending' || s.state === 'failed') && s.file !== null)
  const outOfOrder = lastApplied === undefined ? [] : pending.filter((s) => compareNames(s.name, lastApplied) < 0).map((s) => s.name)
  if (outOfOrder.length > 0 && !options.allowOutOfOrder) {
    throw new InvalidInputError({
      code: 'MIGRATION_OUT_OF_ORDER',
      message: `New migration${outOfOrder.length > 1 ? 's' : ''} ${outOfOrder.join(', ')} sort${outOfOrder.length > 1 ? '' : 's'} before the last applied migration ${lastApplied}`,
      hint: 'Rename the file so it sorts after the applied ones (a later timestamp), or run with --allow-out-of-order if it is independent of them.',
      details: { outOfOrder, lastApplied },
    })
  }
  if (options.to !== undefined) {
    const target = statuses.find((s) => s.name === options.to)
    if (!target || target.state === 'missing-file') throw unknownMigration(options.to, '--to')
    pending = pending.filter((s) => compareNames(s.name, target.name) <= 0)
  }
  if (options.step !== undefined) pending = pending.slice(0, options.step)
  return { run: pending, outOfOrder, missingFiles: statuses.filter((s) => s.state === 'missing-file').map((s) => s.name) }
}

/** Applied migrations whose file no longer has the checksum recorded when it was applied. */
export function driftedMigrations(statuses: readonly MigrationStatus[]): MigrationStatus[] {
  return statuses.filter((s) => s.state === 'applied' && s.checksumMatch === false)
}

function assertNoDrift(statuses: readonly MigrationStatus[]): void {
  const drifted = driftedMigrations(statuses)
  if (drifted.length === 0) return
  throw checksumMismatch(drifted)
}

/**
 * MIGRATION_CHECKSUM_MISMATCH (exit 4), what `up` refuses with and `status --check` reports. A file `infra generate`
 * wrote and rewrote holds a schema change the database never saw: `repair` would hide it, so it is never suggested.
 */
export function checksumMismatch(drifted: readonly MigrationStatus[]): InvalidInputError {
  const generated = drifted.filter((s) => s.generated)
  const handWritten = drifted.filter((s) => !s.generated)
  const hints: string[] = []
  if (generated.length > 0) {
    hints.push(
      `${generated.map((s) => s.file).join(', ')} ${generated.length > 1 ? 'were' : 'was'} written by \`infra generate\`: restore ${generated.length > 1 ? 'them' : 'it'} as applied (e.g. \`git checkout -- <file>\`) and run \`infra generate repository\` again, which writes a new migration for the change.`,
    )
  }
  if (handWritten.length > 0) {
    hints.push(
      `${handWritten.map((s) => s.file).join(', ')}: restore the file as it was applied and add a new migration for the change; only if the edit changes no schema (a comment, formatting), record the new checksum with \`infra migrate repair\` (it runs nothing).`,
    )
  }
  return new InvalidInputError({
    code: 'MIGRATION_CHECKSUM_MISMATCH',
    message: `Applied migration${drifted.length > 1 ? 's' : ''} changed since ${drifted.length > 1 ? 'they were' : 'it was'} applied: ${drifted.map((s) => s.file).join(', ')}`,
    hint: hints.join(' '),
    details: { files: drifted.map((s) => s.file), generated: generated.map((s) => s.file) },
  })
}

export interface DownOptions {
  /** revert applied migrations down to and including this one */
  to?: string
  /** revert this many (default 1) */
  step?: number
}

/** The applied migrations to revert, newest first. Each needs its file (exit 4 otherwise). */
export function planDown(statuses: readonly MigrationStatus[], options: DownOptions = {}): MigrationStatus[] {
  const applied = statuses.filter((s) => s.state === 'applied' || s.state === 'missing-file').reverse()
  let selected: MigrationStatus[]
  if (options.to !== undefined) {
    const target = applied.find((s) => s.name === options.to)
    if (!target) throw unknownMigration(options.to, '--to', 'applied ')
    selected = applied.filter((s) => compareNames(s.name, target.name) >= 0)
  } else {
    selected = applied.slice(0, options.step ?? 1)
  }
  const missing = selected.filter((s) => s.state === 'missing-file')
  if (missing.length > 0) {
    throw new InvalidInputError({
      code: 'MIGRATION_FILE_MISSING',
      message: `Cannot revert ${missing.map((s) => s.name).join(', ')}: the file is gone`,
      hint: 'Restore the migration file (from version control) to revert it.',
      details: { missing: missing.map((s) => s.name) },
    })
  }
  return selected
}

/** Pending migrations to record as applied without running them (up to and including `to`). */
export function planBaseline(statuses: readonly MigrationStatus[], to?: string): MigrationStatus[] {
  const pending = statuses.filter((s) => (s.state === 'pending' || s.state === 'failed') && s.file !== null)
  if (to === undefined) return pending
  const target = statuses.find((s) => s.name === to)
  if (!target || target.file === null) throw unknownMigration(to, '--to')
  return pending.filter((s) => compareNames(s.name, to) <= 0)
}

export interface RepairPlan {
  /** applied migrations whose recorded checksum will be replaced by the file's */
  accept: MigrationStatus[]
  /** applied migrations whose file is gone (reported, kept) */
  missingFiles: string[]
  /** failed records whose file is gone: the attempt is forgotten */
  forget: string[]
}

export function planRepair(statuses: readonly MigrationStatus[]): RepairPlan {
  return {
    forget: statuses.filter((s) => s.state === 'failed' && s.file === null).map((s) => s.name),
    accept: statuses.filter((s) => s.state === 'applied' && s.checksumMatch !== true && s.file !== null),
    missingFiles: statuses.filter((s) => s.state === 'missing-file').map((s) => s.name),
  }
}

function unknownMigration(name: string, flag: string, kind = ''): InvalidInputError {
  return new InvalidInputError({
    code: 'MIGRATION_UNKNOWN',
    message: `${flag} ${name}: no ${kind}migration of that name`,
    hint: 'Use a name from `infra migrate status` (the file name without extension).',
    details: { name },
  })
}
