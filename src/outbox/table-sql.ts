import { q, type OutboxLayout } from './layout'

export interface TableSql {
  up: string[]
  down: string[]
}

/**
 * The DDL of the outbox (default layout) or of the Debezium layout's companion delivery table.
 * Beyond CONVENTIONS.md the default table has claimed_by/claimed_until (the claim token and its lease) and an index on
 * (status, id) for the claim scan.
 */
export function outboxTableSql(layout: OutboxLayout, options: { debeziumIdType?: string } = {}): TableSql {
  const d = layout.delivery
  const c = layout.columns
  const delivery = [
    `  ${q(d.status)} ENUM('pending', 'published', 'failed') NOT NULL DEFAULT 'pending'`,
    `  ${q(d.publishedAt)} DATETIME(6) NULL`,
    `  ${q(d.attempts)} INT NOT NULL DEFAULT 0`,
    `  ${q(d.lastError)} TEXT NULL`,
    `  ${q(d.claimedBy)} VARCHAR(64) NULL`,
    `  ${q(d.claimedUntil)} DATETIME(6) NULL`,
  ]
  if (!d.inline) {
    const columns = [
      `  ${q(d.key)} ${options.debeziumIdType ?? 'CHAR(36)'} NOT NULL PRIMARY KEY`,
      ...delivery,
      `  KEY ${q(`${d.table}_status`)} (${q(d.status)}, ${q(d.key)})`,
    ]
    return {
      up: [`CREATE TABLE IF NOT EXISTS ${q(d.table)} (\n${columns.join(',\n')}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`],
      down: [`DROP TABLE IF EXISTS ${q(d.table)}`],
    }
  }
  const columns = [
    `  ${q(c.id)} BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY`,
    ...(c.messageId ? [`  ${q(c.messageId)} CHAR(36) NOT NULL`] : []),
    `  ${q(c.aggregateType)} VARCHAR(255) NOT NULL`,
    `  ${q(c.aggregateId)} VARCHAR(255) NOT NULL`,
    `  ${q(c.eventType)} VARCHAR(255) NOT NULL`,
    `  ${q(c.payload)} JSON NOT NULL`,
    ...(c.headers ? [`  ${q(c.headers)} JSON NULL`] : []),
    ...(c.createdAt ? [`  ${q(c.createdAt)} DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)`] : []),
    ...delivery,
    ...(c.messageId ? [`  UNIQUE KEY ${q(`${layout.table}_message_id`)} (${q(c.messageId)})`] : []),
    `  KEY ${q(`${layout.table}_status_id`)} (${q(d.status)}, ${q(c.id)})`,
    `  KEY ${q(`${layout.table}_aggregate`)} (${q(c.aggregateType)}, ${q(c.aggregateId)}, ${q(d.status)}, ${q(c.id)})`,
    ...(c.createdAt ? [`  KEY ${q(`${layout.table}_published`)} (${q(d.status)}, ${q(d.publishedAt)})`] : []),
  ]
  return {
    up: [`CREATE TABLE IF NOT EXISTS ${q(layout.table)} (\n${columns.join(',\n')}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`],
    down: [`DROP TABLE IF EXISTS ${q(layout.table)}`],
  }
}

/** The `.sql` migration file of the shared contract: `-- +infra up` / `-- +infra down`, statements end with `;` at line end. */
export function migrationFileText(layout: OutboxLayout, sql: TableSql): string {
  const what = layout.delivery.inline ? `outbox table ${layout.table}` : `delivery table ${layout.delivery.table} of the Debezium outbox ${layout.table}`
  return [
    `-- Created by \`infra outbox init\`: the ${what} (docs/outbox.md).`,
    `-- infra:outbox-table ${layout.delivery.inline ? layout.table : layout.delivery.table}`,
    '-- +infra up',
    ...sql.up.map((s) => `${s};`),
    '',
    '-- +infra down',
    ...sql.down.map((s) => `${s};`),
    '',
  ].join('\n')
}
