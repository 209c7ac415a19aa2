import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { OutboxLayout } from './layout'
import { migrationFileText, outboxTableSql } from './table-sql'

export interface InitResult {
  /** created, or found from an earlier init */
  status: 'created' | 'exists'
  /** path relative to the project root */
  file: string
  table: string
}

/** `20261124120000` in UTC, as the migration contract names files. */
export function migrationTimestamp(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14)
}

function kebab(name: string): string {
  return name.replace(/_/g, '-').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()
}

/**
 * Writes `<timestamp>-create-<table>.sql` into the migrations folder, unless a migration written by an earlier init
 * for the same table is already there (found by its `-- infra:outbox-table <name>` marker): a second init changes nothing.
 */
export function writeOutboxMigration(options: { root: string; directory: string; layout: OutboxLayout; now?: Date; debeziumIdType?: string }): InitResult {
  const { layout } = options
  const table = layout.delivery.inline ? layout.table : layout.delivery.table
  const directory = path.resolve(options.root, options.directory)
  const marker = `-- infra:outbox-table ${table}\n`
  if (existsSync(directory)) {
    for (const entry of readdirSync(directory).sort()) {
      const full = path.join(directory, entry)
      if (!entry.endsWith('.sql')) continue
      if (readFileSync(full, 'utf8').includes(marker)) return { status: 'exists', file: path.relative(options.root, full), table }
    }
  }
  mkdirSync(directory, { recursive: true })
  const file = path.join(directory, `${migrationTimestamp(options.now ?? new Date())}-create-${kebab(table)}.sql`)
  writeFileSync(file, migrationFileText(layout, outboxTableSql(layout, { debeziumIdType: options.debeziumIdType })), { flag: 'wx' })
  return { status: 'created', file: path.relative(options.root, file), table }
}
