import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { commitTree, planWrites, Tree, type WritePlan } from '../codegen/tree'
import { migrationName } from '../core/migration-name'
import type { OutboxLayout } from './layout'
import { migrationFileText, outboxTableSql } from './table-sql'

export interface InitResult {
  /** created (or, with --dry-run, would be created), or found from an earlier init */
  status: 'created' | 'exists'
  /** path relative to the project root */
  file: string
  table: string
}

export interface OutboxInitOptions {
  readonly root: string
  readonly directory: string
  readonly layout: OutboxLayout
  readonly now?: Date
  readonly debeziumIdType?: string
}

/** The outbox migration planned into a tree: nothing is on disk until the caller commits `tree` with `plan`. */
export interface OutboxInitPlan {
  readonly result: InitResult
  readonly tree: Tree
  readonly plan: WritePlan
}

/**
 * Plans `<timestamp>-create-<table>.sql` in the migrations folder, unless a migration written by an earlier init
 * for the same table is already there (found by its `-- infra:outbox-table <name>` marker): a second init changes nothing.
 */
export function planOutboxMigration(options: OutboxInitOptions): OutboxInitPlan {
  const { layout } = options
  const table = layout.delivery.inline ? layout.table : layout.delivery.table
  const directory = path.resolve(options.root, options.directory)
  const tree = new Tree(options.root)
  const existing = findOutboxMigration(directory, table)
  if (existing) return { result: { status: 'exists', file: path.relative(options.root, existing), table }, tree, plan: planWrites(tree) }
  const file = path.join(directory, `${migrationName(`create-${table}`, options.now ?? new Date())}.sql`)
  tree.write(file, migrationFileText(layout, outboxTableSql(layout, { debeziumIdType: options.debeziumIdType })))
  return { result: { status: 'created', file: path.relative(options.root, file), table }, tree, plan: planWrites(tree) }
}

/** planOutboxMigration, committed. */
export function writeOutboxMigration(options: OutboxInitOptions): InitResult {
  const { result, tree, plan } = planOutboxMigration(options)
  commitTree(tree, plan)
  return result
}

function findOutboxMigration(directory: string, table: string): string | undefined {
  const marker = `-- infra:outbox-table ${table}\n`
  if (!existsSync(directory)) return undefined
  return readdirSync(directory)
    .sort()
    .filter((entry) => entry.endsWith('.sql'))
    .map((entry) => path.join(directory, entry))
    .find((full) => readFileSync(full, 'utf8').includes(marker))
}
