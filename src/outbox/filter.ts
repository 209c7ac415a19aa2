import { InvalidInputError } from '../core/errors'
import { parseDuration } from '../core/duration'
import { q, type OutboxLayout } from './layout'

export const OUTBOX_STATUSES = ['pending', 'failed', 'published'] as const
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number]

/** Which rows a replay takes. Every field narrows; nothing set means every pending row. */
export interface ReplayFilter {
  status: OutboxStatus
  fromId?: string
  toId?: string
  since?: Date
  until?: Date
  aggregateType?: string
  aggregateId?: string
  eventType?: string
  /** this replayer's share of the aggregates: rows whose aggregate hashes to `index` modulo `count` */
  partition?: { index: number; count: number }
}

export interface SqlFragment {
  sql: string
  params: unknown[]
}

/** "i/N" with 0 <= i < N. */
export function parsePartition(text: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim())
  const index = match ? Number(match[1]) : NaN
  const count = match ? Number(match[2]) : NaN
  if (!match || count < 1 || index >= count) {
    throw new InvalidInputError({
      code: 'OUTBOX_PARTITION_INVALID',
      message: `--partition "${text}" is not i/N with 0 <= i < N`,
      hint: 'Run N replayers with --partition 0/N, 1/N, ... (N-1)/N; each takes the aggregates that hash to its i.',
    })
  }
  return { index, count }
}

/** An ISO date-time, or a duration meaning "that long ago" (e.g. 2h). */
export function parseMoment(text: string, flag: string, now = new Date()): Date {
  if (/^\d{4}-\d\d-\d\d/.test(text)) {
    const date = new Date(text)
    if (!Number.isNaN(date.getTime())) return date
  } else if (/^[\d.]+(ms|s|m|h|d|w)/.test(text)) {
    return new Date(now.getTime() - parseDuration(text, flag))
  }
  throw new InvalidInputError({
    code: 'OUTBOX_TIME_INVALID',
    message: `${flag} "${text}" is neither a date nor a duration`,
    hint: `Use an ISO date (2026-11-24T10:00:00Z) or a duration ago (2h, 7d).`,
  })
}

/**
 * The SQL hash of an aggregate, for --partition: CRC32 of "type:id", so one aggregate always lands in one partition.
 * Kept in SQL so every replayer computes it identically without reading the rows first.
 */
export function aggregateHashSql(layout: OutboxLayout, alias = 'o'): string {
  const c = layout.columns
  return `CRC32(CONCAT(${alias}.${q(c.aggregateType)}, ':', ${alias}.${q(c.aggregateId)}))`
}

/** The WHERE conditions of a filter over `o` (the outbox) and `d` (its delivery store). */
export function filterConditions(layout: OutboxLayout, filter: ReplayFilter): SqlFragment {
  const c = layout.columns
  const d = layout.delivery
  const conditions: string[] = []
  const params: unknown[] = []
  // a Debezium row without a delivery row yet is pending
  conditions.push(d.inline ? `o.${q(d.status)} = ?` : `COALESCE(d.${q(d.status)}, 'pending') = ?`)
  params.push(filter.status)
  const add = (sql: string, value: unknown) => {
    conditions.push(sql)
    params.push(value)
  }
  if (filter.fromId !== undefined) add(`o.${q(c.id)} >= ?`, filter.fromId)
  if (filter.toId !== undefined) add(`o.${q(c.id)} <= ?`, filter.toId)
  if (filter.since !== undefined || filter.until !== undefined) {
    if (c.createdAt === null) {
      throw new InvalidInputError({
        code: 'OUTBOX_FILTER_UNSUPPORTED',
        message: `--since/--until need a creation time column, and outbox.columns.createdAt is not set for table ${layout.table}`,
        hint: "Map outbox.columns.createdAt to the table's timestamp column, or filter by --from-id/--to-id.",
      })
    }
    if (filter.since !== undefined) add(`o.${q(c.createdAt)} >= ?`, filter.since)
    if (filter.until !== undefined) add(`o.${q(c.createdAt)} < ?`, filter.until)
  }
  if (filter.aggregateType !== undefined) add(`o.${q(c.aggregateType)} = ?`, filter.aggregateType)
  if (filter.aggregateId !== undefined) add(`o.${q(c.aggregateId)} = ?`, filter.aggregateId)
  if (filter.eventType !== undefined) add(`o.${q(c.eventType)} = ?`, filter.eventType)
  if (filter.partition && filter.partition.count > 1) {
    conditions.push(`MOD(${aggregateHashSql(layout)}, ?) = ?`)
    params.push(filter.partition.count, filter.partition.index)
  }
  return { sql: conditions.join(' AND '), params }
}

/** The alias whose columns hold delivery state: the outbox itself (`o`) or its companion table (`d`). */
export function deliveryAlias(layout: OutboxLayout): 'o' | 'd' {
  return layout.delivery.inline ? 'o' : 'd'
}

/**
 * `FROM outbox o`, joined to its companion delivery table as `d` in the Debezium layout: a LEFT JOIN for reads (a row
 * without a delivery row is pending), an inner JOIN for the claim's locking read (see Claimer).
 */
export function fromClause(layout: OutboxLayout, join: 'left' | 'inner' = 'left'): string {
  const d = layout.delivery
  if (d.inline) return `${q(layout.table)} o`
  return `${q(layout.table)} o ${join === 'left' ? 'LEFT JOIN' : 'JOIN'} ${q(d.table)} d ON d.${q(d.key)} = o.${q(layout.columns.id)}`
}
