import type { Connection, RowDataPacket } from 'mysql2/promise'
import { claimableSql } from './claimer'
import { deliveryAlias, fromClause } from './filter'
import { q, type OutboxLayout } from './layout'

export interface OutboxStatusReport {
  table: string
  pending: number
  /** pending rows a live replayer holds right now */
  inFlight: number
  failed: number
  published: number
  /** seconds since the oldest pending row was written (null: none pending, or no creation column) */
  oldestPendingAgeSeconds: number | null
}

/** Counts by status, and how far behind the outbox is. Reads only; takes no lock. */
export async function readOutboxStatus(connection: Connection, layout: OutboxLayout): Promise<OutboxStatusReport> {
  const d = layout.delivery
  const a = deliveryAlias(layout)
  const status = d.inline ? `${a}.${q(d.status)}` : `COALESCE(${a}.${q(d.status)}, 'pending')`
  const [rows] = await connection.query<RowDataPacket[]>(
    `SELECT ${status} AS status, COUNT(*) AS n, SUM(${status} = 'pending' AND NOT ${claimableSql(layout)}) AS held FROM ${fromClause(layout)} GROUP BY 1`,
  )
  const count = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0)
  let oldest: number | null = null
  if (layout.columns.createdAt) {
    const [age] = await connection.query<RowDataPacket[]>(
      `SELECT TIMESTAMPDIFF(MICROSECOND, MIN(o.${q(layout.columns.createdAt)}), NOW(6)) / 1e6 AS age FROM ${fromClause(layout)} WHERE ${status} = 'pending'`,
    )
    oldest = age[0]?.age === null || age[0]?.age === undefined ? null : Math.max(0, Math.round(Number(age[0].age)))
  }
  return {
    table: layout.table,
    pending: count('pending'),
    inFlight: Number(rows.find((r) => r.status === 'pending')?.held ?? 0),
    failed: count('failed'),
    published: count('published'),
    oldestPendingAgeSeconds: oldest,
  }
}
