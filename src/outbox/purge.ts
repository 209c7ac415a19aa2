import type { Connection, ResultSetHeader, RowDataPacket } from 'mysql2/promise'
import { q, type OutboxLayout } from './layout'

export interface PurgeResult {
  deleted: number
  batches: number
}

/**
 * Deletes published rows older than `olderThanMs`, `batchSize` at a time, each batch its own short transaction
 * (ids first, then DELETE by primary key), so running relays and the application are never held up.
 * Pending and failed rows are never touched.
 */
export async function purgePublished(
  connection: Connection,
  layout: OutboxLayout,
  options: { olderThanMs: number; batchSize: number; dryRun?: boolean },
): Promise<PurgeResult> {
  const d = layout.delivery
  const a = d.inline ? 'o' : 'd'
  const from = d.inline ? `${q(layout.table)} o` : `${q(d.table)} d`
  const select = `SELECT ${a}.${q(d.key)} AS id FROM ${from} WHERE ${a}.${q(d.status)} = 'published' AND ${a}.${q(d.publishedAt)} < NOW(6) - INTERVAL ? MICROSECOND ORDER BY ${a}.${q(d.key)} LIMIT ?`
  if (options.dryRun) {
    const [rows] = await connection.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM (${select.replace(/ LIMIT \?$/, '')}) AS old`, [
      options.olderThanMs * 1000,
    ])
    return { deleted: Number(rows[0]!.n), batches: 0 }
  }
  await connection.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED')
  const result: PurgeResult = { deleted: 0, batches: 0 }
  while (true) {
    const [rows] = await connection.query<RowDataPacket[]>(select, [options.olderThanMs * 1000, options.batchSize])
    if (rows.length === 0) return result
    const ids = rows.map((r) => r.id as string)
    await connection.query('START TRANSACTION')
    try {
      const [deleted] = await connection.query<ResultSetHeader>(`DELETE FROM ${q(d.table)} WHERE ${q(d.key)} IN (?) AND ${q(d.status)} = 'published'`, [ids])
      if (!d.inline) await connection.query(`DELETE FROM ${q(layout.table)} WHERE ${q(layout.columns.id)} IN (?)`, [ids])
      await connection.query('COMMIT')
      result.deleted += deleted.affectedRows
      result.batches++
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => undefined)
      throw error
    }
    if (rows.length < options.batchSize) return result
  }
}
