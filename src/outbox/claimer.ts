import { randomBytes } from 'node:crypto'
import type { Connection, RowDataPacket } from 'mysql2/promise'
import { deliveryAlias, filterConditions, fromClause, type ReplayFilter } from './filter'
import { q, type OutboxLayout } from './layout'
import type { OutboxRow } from './message'

/** The named lock that proves a claim token's holder is alive: MariaDB frees it when the holder's session ends. */
export function claimLockName(token: string): string {
  return `infra_outbox:${token}`
}

/** The SELECT of the row fields a message needs, from `o`. */
export function rowFieldsSql(layout: OutboxLayout): string {
  const c = layout.columns
  const col = (name: string | null, alias: string) => (name ? `o.${q(name)} AS ${alias}` : `NULL AS ${alias}`)
  return [
    `o.${q(c.id)} AS id`,
    // without a message-id column the row is named by table and id, stable across runs
    c.messageId ? `o.${q(c.messageId)} AS messageId` : `CONCAT(${quoteString(layout.table)}, ':', o.${q(c.id)}) AS messageId`,
    `o.${q(c.aggregateType)} AS aggregateType`,
    `o.${q(c.aggregateId)} AS aggregateId`,
    `o.${q(c.eventType)} AS eventType`,
    `o.${q(c.payload)} AS payload`,
    col(c.headers, 'headers'),
    col(c.createdAt, 'createdAt'),
  ].join(', ')
}

function quoteString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`
}

/** Rows nobody holds: never claimed, released, lease expired, or held by a replayer whose session is gone. */
export function claimableSql(layout: OutboxLayout): string {
  const d = layout.delivery
  const a = deliveryAlias(layout)
  return `(${a}.${q(d.claimedBy)} IS NULL OR ${a}.${q(d.claimedUntil)} < NOW(6) OR IS_USED_LOCK(CONCAT('infra_outbox:', ${a}.${q(d.claimedBy)})) IS NULL)`
}

export function toRow(raw: RowDataPacket): OutboxRow {
  return {
    id: String(raw.id),
    messageId: String(raw.messageId),
    aggregateType: String(raw.aggregateType),
    aggregateId: String(raw.aggregateId),
    eventType: String(raw.eventType),
    payload: Buffer.isBuffer(raw.payload) ? raw.payload.toString('utf8') : String(raw.payload),
    headers: raw.headers === null || raw.headers === undefined ? null : Buffer.isBuffer(raw.headers) ? raw.headers.toString('utf8') : String(raw.headers),
    createdAt: raw.createdAt instanceof Date ? raw.createdAt : null,
  }
}

export interface ClaimerOptions {
  layout: OutboxLayout
  filter: ReplayFilter
  leaseMs: number
}

/**
 * Takes batches of rows for one replayer. Each claim is one short READ COMMITTED transaction:
 * SELECT ... FOR UPDATE SKIP LOCKED, stamp the rows with this replayer's token and lease, COMMIT.
 * No row lock outlives the claim (the broker is never waited on inside it), and READ COMMITTED takes no gap
 * locks, so the application's INSERTs into the outbox never wait for a replayer.
 */
export class Claimer {
  readonly token = randomBytes(8).toString('hex')
  private readonly selectSql: string
  private readonly selectParams: unknown[]
  private readonly existsSql: string

  constructor(
    private readonly connection: Connection,
    private readonly options: ClaimerOptions,
  ) {
    const { layout, filter } = options
    const where = filterConditions(layout, filter)
    this.selectSql =
      `SELECT ${rowFieldsSql(layout)} FROM ${fromClause(layout)} WHERE ${where.sql} AND ${claimableSql(layout)} ` +
      `ORDER BY o.${q(layout.columns.id)} LIMIT ? FOR UPDATE SKIP LOCKED`
    this.selectParams = where.params
    this.existsSql = `SELECT 1 AS found FROM ${fromClause(layout)} WHERE ${where.sql} AND ${claimableSql(layout)} LIMIT 1`
  }

  /**
   * Are claimable rows left? A plain read (no lock): SKIP LOCKED also skips rows another replayer's claim scan or
   * marking happens to lock for an instant, so an empty claim alone does not mean the work is done.
   */
  async hasClaimable(): Promise<boolean> {
    const [rows] = await this.connection.query<RowDataPacket[]>(this.existsSql, this.selectParams)
    return rows.length > 0
  }

  /** Holds the liveness lock of this replayer's token for as long as this session lives. */
  async start(): Promise<void> {
    await this.connection.query('SELECT GET_LOCK(?, 0) AS got', [claimLockName(this.token)])
  }

  /**
   * Drops rows that would overtake an earlier pending row of their aggregate that this batch did not get (skipped
   * because another replayer's scan or claim held its lock for an instant, or held by another replayer): they wait for
   * a later claim, so an aggregate's committed rows go out in id order. Default layout only (docs/outbox.md).
   */
  private async withoutOvertakers(rows: OutboxRow[]): Promise<OutboxRow[]> {
    const { layout } = this.options
    if (rows.length === 0 || !layout.delivery.inline) return rows
    const c = layout.columns
    const d = layout.delivery
    const aggregates = new Map<string, [string, string]>()
    for (const r of rows) aggregates.set(`${r.aggregateType}\u0000${r.aggregateId}`, [r.aggregateType, r.aggregateId])
    const maxId = rows[rows.length - 1]!.id
    const [earlier] = await this.connection.query<RowDataPacket[]>(
      `SELECT ${q(c.aggregateType)} AS t, ${q(c.aggregateId)} AS a, MIN(${q(c.id)}) AS first FROM ${q(layout.table)} ` +
        `WHERE (${q(c.aggregateType)}, ${q(c.aggregateId)}) IN (?) AND ${q(d.status)} = 'pending' AND ${q(c.id)} < ? AND ${q(c.id)} NOT IN (?) ` +
        `AND (${q(d.claimedBy)} IS NULL OR ${q(d.claimedBy)} <> ?) GROUP BY 1, 2`,
      [[...aggregates.values()], maxId, rows.map((r) => r.id), this.token],
    )
    if (earlier.length === 0) return rows
    const firstBlocked = new Map(earlier.map((e) => [`${String(e.t)}\u0000${String(e.a)}`, BigInt(String(e.first))]))
    return rows.filter((r) => {
      const blocker = firstBlocked.get(`${r.aggregateType}\u0000${r.aggregateId}`)
      return blocker === undefined || BigInt(r.id) < blocker
    })
  }

  async claim(limit: number): Promise<OutboxRow[]> {
    const { layout, leaseMs, filter } = this.options
    const d = layout.delivery
    const c = this.connection
    await c.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED')
    await c.query('START TRANSACTION')
    try {
      const [raw] = await c.query<RowDataPacket[]>(this.selectSql, [...this.selectParams, limit])
      const rows = await this.withoutOvertakers(raw.map(toRow))
      if (rows.length > 0) {
        const ids = rows.map((r) => r.id)
        // republishing failed or published rows is explicit (--status): they start over as pending
        const restart = filter.status === 'pending' ? '' : `, ${q(d.status)} = 'pending', ${q(d.attempts)} = 0`
        if (d.inline) {
          await c.query(
            `UPDATE ${q(d.table)} SET ${q(d.claimedBy)} = ?, ${q(d.claimedUntil)} = NOW(6) + INTERVAL ? MICROSECOND${restart} WHERE ${q(d.key)} IN (?)`,
            [this.token, leaseMs * 1000, ids],
          )
        } else {
          await c.query(
            `INSERT INTO ${q(d.table)} (${q(d.key)}, ${q(d.status)}, ${q(d.attempts)}, ${q(d.claimedBy)}, ${q(d.claimedUntil)}) ` +
              `SELECT id, 'pending', 0, ?, NOW(6) + INTERVAL ? MICROSECOND FROM JSON_TABLE(?, '$[*]' COLUMNS (id VARCHAR(255) PATH '$')) AS ids ` +
              `ON DUPLICATE KEY UPDATE ${q(d.claimedBy)} = VALUES(${q(d.claimedBy)}), ${q(d.claimedUntil)} = VALUES(${q(d.claimedUntil)})${restart}`,
            [this.token, leaseMs * 1000, JSON.stringify(ids)],
          )
        }
      }
      await c.query('COMMIT')
      return rows
    } catch (error) {
      await c.query('ROLLBACK').catch(() => undefined)
      throw error
    }
  }
}
