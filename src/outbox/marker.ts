import type { Connection, ResultSetHeader, RowDataPacket } from 'mysql2/promise'
import { q, type OutboxLayout } from './layout'

/** How one row's publication ended. */
export type Delivery =
  | { rowId: string; outcome: 'confirmed' }
  /** unroutable (basic.return): deterministic, so failed at once */
  | { rowId: string; outcome: 'returned'; reason: string }
  /** nacked by the broker: retried until maxAttempts */
  | { rowId: string; outcome: 'nacked'; reason: string }
  /** never sent (the run stopped first): the claim is released */
  | { rowId: string; outcome: 'unsent' }

export interface MarkResult {
  published: number
  failed: number
  retried: number
  released: number
}

/**
 * Records what the broker said, on its own connection so marking batch N overlaps claiming batch N+1.
 * Only confirmed rows become published; every statement touches rows by primary key (no gap locks).
 */
export class Marker {
  constructor(
    private readonly connection: Connection,
    private readonly layout: OutboxLayout,
    private readonly maxAttempts: number,
    private readonly token: string,
  ) {}

  async mark(deliveries: readonly Delivery[]): Promise<MarkResult> {
    const d = this.layout.delivery
    const table = q(d.table)
    const key = q(d.key)
    const released = `${q(d.claimedBy)} = NULL, ${q(d.claimedUntil)} = NULL`
    const result: MarkResult = { published: 0, failed: 0, retried: 0, released: 0 }
    const confirmed = deliveries.filter((x) => x.outcome === 'confirmed').map((x) => x.rowId)
    if (confirmed.length > 0) {
      await this.connection.query(
        `UPDATE ${table} SET ${q(d.status)} = 'published', ${q(d.publishedAt)} = NOW(6), ${q(d.lastError)} = NULL, ${released} WHERE ${key} IN (?)`,
        [confirmed],
      )
      result.published = confirmed.length
    }
    for (const x of deliveries) {
      if (x.outcome === 'returned') {
        await this.connection.query(
          `UPDATE ${table} SET ${q(d.status)} = 'failed', ${q(d.attempts)} = ${q(d.attempts)} + 1, ${q(d.lastError)} = ?, ${released} WHERE ${key} = ?`,
          [x.reason, x.rowId],
        )
        result.failed++
      } else if (x.outcome === 'nacked') {
        // status first: MariaDB assigns left to right, so attempts is still the old value here
        const [header] = await this.connection.query<ResultSetHeader>(
          `UPDATE ${table} SET ${q(d.status)} = IF(${q(d.attempts)} + 1 >= ?, 'failed', 'pending'), ${q(d.attempts)} = ${q(d.attempts)} + 1, ${q(d.lastError)} = ?, ${released} WHERE ${key} = ? AND ${q(d.status)} = 'pending'`,
          [this.maxAttempts, x.reason, x.rowId],
        )
        const [rows] = await this.connection.query<RowDataPacket[]>(`SELECT ${q(d.status)} AS status FROM ${table} WHERE ${key} = ?`, [x.rowId])
        if (header.affectedRows > 0 && rows[0]?.status === 'failed') result.failed++
        else result.retried++
      }
    }
    const unsent = deliveries.filter((x) => x.outcome === 'unsent').map((x) => x.rowId)
    if (unsent.length > 0) await this.release(unsent)
    result.released = unsent.length
    return result
  }

  /** Gives rows back (this replayer's claims only): another run takes them at once. */
  async release(rowIds: readonly string[]): Promise<void> {
    if (rowIds.length === 0) return
    const d = this.layout.delivery
    await this.connection.query(
      `UPDATE ${q(d.table)} SET ${q(d.claimedBy)} = NULL, ${q(d.claimedUntil)} = NULL WHERE ${q(d.key)} IN (?) AND ${q(d.claimedBy)} = ?`,
      [rowIds, this.token],
    )
  }
}
