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

/**
 * Rows nobody holds: never claimed, released, lease expired, or held by a replayer whose session is gone.
 * With `ownToken`, this replayer's own rows are rejected before IS_USED_LOCK is evaluated (the claim scan passes over
 * its in-flight rows on every batch; never-claimed rows stop at the first test).
 */
export function claimableSql(layout: OutboxLayout, ownToken?: string): string {
  const d = layout.delivery
  const a = deliveryAlias(layout)
  const by = `${a}.${q(d.claimedBy)}`
  const alive = `IS_USED_LOCK(CONCAT('infra_outbox:', ${by})) IS NULL`
  return `(${by} IS NULL OR ${a}.${q(d.claimedUntil)} < NOW(6) OR ${ownToken === undefined ? alive : `(${by} <> ${quoteString(ownToken)} AND ${alive})`})`
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

/** MariaDB's "unknown system variable" (MySQL has no in_predicate_conversion_threshold and needs none). */
const ER_UNKNOWN_SYSTEM_VARIABLE = 1193

/**
 * Takes batches of rows for one replayer. Each claim is one short READ COMMITTED transaction:
 * SELECT ... FOR UPDATE SKIP LOCKED, stamp the rows with this replayer's token and lease, COMMIT.
 * No row lock outlives the claim (the broker is never waited on inside it), and READ COMMITTED takes no gap
 * locks, so the application's INSERTs into the outbox never wait for a replayer.
 */
export class Claimer {
  readonly token = randomBytes(8).toString('hex')
  /** rows this claimer took whose outcome is not recorded yet (not marked, not released): its own in-flight rows */
  private readonly outstanding = new Set<string>()
  private readonly selectSql: string
  private readonly selectParams: unknown[]
  private readonly existsSql: string
  /** Debezium layout: gives up to n new outbox rows their (pending) delivery row, so the claim can lock it */
  private readonly materializeSql: string | null
  /** FORCE INDEX hints for the ordering guard, set by start() when the table has the indexes `infra outbox init` creates */
  private statusIndexHint = ''
  private aggregateIndexHint = ''

  constructor(
    private readonly connection: Connection,
    private readonly options: ClaimerOptions,
  ) {
    const { layout, filter } = options
    const where = filterConditions(layout, filter)
    // Debezium layout: SKIP LOCKED over a LEFT JOIN skips a delivery row that is locked (being marked) but keeps its
    // outbox row, with NULL delivery columns, i.e. "pending and unclaimed": a row being marked published was claimed
    // again. So every row first gets its delivery row (materializeSql), and the claim locks through an inner join.
    this.selectSql =
      `SELECT ${rowFieldsSql(layout)} FROM ${fromClause(layout, 'inner')} WHERE ${where.sql} AND ${claimableSql(layout, this.token)} ` +
      `ORDER BY o.${q(layout.columns.id)} LIMIT ? FOR UPDATE SKIP LOCKED`
    this.selectParams = where.params
    const d = layout.delivery
    this.materializeSql = d.inline
      ? null
      : `INSERT IGNORE INTO ${q(d.table)} (${q(d.key)}, ${q(d.status)}, ${q(d.attempts)}) SELECT o.${q(layout.columns.id)}, 'pending', 0 ` +
        `FROM ${fromClause(layout)} WHERE d.${q(d.key)} IS NULL AND ${where.sql} ORDER BY o.${q(layout.columns.id)} LIMIT ?`
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

  /** Holds the liveness lock of this replayer's token for as long as this session lives; prepares the session. */
  async start(): Promise<void> {
    await this.connection.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED')
    await this.connection.query('SELECT GET_LOCK(?, 0) AS got', [claimLockName(this.token)])
    if (!this.options.layout.delivery.inline) return
    // MariaDB rewrites a long IN list of row constructors into a join against a temporary table, which then scans the
    // whole aggregate index (EXPLAIN: "index ... BNL join") instead of one range per aggregate: keep IN lists as ranges
    await this.connection.query('SET SESSION in_predicate_conversion_threshold = 0').catch((error: unknown) => {
      if ((error as { errno?: unknown }).errno !== ER_UNKNOWN_SYSTEM_VARIABLE) throw error
    })
    const { layout } = this.options
    const [indexes] = await this.connection.query<RowDataPacket[]>(
      'SELECT INDEX_NAME AS name, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS columns FROM information_schema.STATISTICS ' +
        'WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? GROUP BY INDEX_NAME',
      [layout.table],
    )
    const c = layout.columns
    const d = layout.delivery
    const find = (columns: string[]) => indexes.find((i) => String(i.columns).toLowerCase() === columns.join(',').toLowerCase())
    // the table statistics lag behind a replay (every row was pending when they were taken): hint the ranges that stay small
    const statusIndex = find([d.status, c.id])
    const aggregateIndex = find([c.aggregateType, c.aggregateId, d.status, c.id])
    if (statusIndex) this.statusIndexHint = ` FORCE INDEX (${q(String(statusIndex.name))})`
    if (aggregateIndex) this.aggregateIndexHint = ` FORCE INDEX (${q(String(aggregateIndex.name))})`
  }

  /** The outcome of these rows is recorded (marked or released): they are no longer this claimer's in-flight rows. */
  settled(rowIds: readonly string[]): void {
    for (const id of rowIds) this.outstanding.delete(id)
  }

  /**
   * Drops rows that would overtake an earlier pending row of their aggregate that this batch did not get (skipped
   * because another replayer's scan or claim held its lock for an instant, or held by another replayer): they wait for
   * a later claim, so an aggregate's committed rows go out in id order. Default layout only (docs/outbox.md).
   *
   * First a cheap index-only probe: is there any pending row below the batch's last id that is neither in the batch nor
   * one of this claimer's in-flight rows? With one replayer there almost never is, and nothing can be overtaken. Only
   * then the per-aggregate check runs, one index range per aggregate of the batch (index-only too).
   */
  private async withoutOvertakers(rows: OutboxRow[]): Promise<OutboxRow[]> {
    const { layout, filter } = this.options
    if (rows.length === 0 || !layout.delivery.inline) return rows
    const c = layout.columns
    const d = layout.delivery
    const table = q(layout.table)
    const maxId = rows[rows.length - 1]!.id
    const known = [...rows.map((r) => r.id), ...this.outstanding]
    const [other] = await this.connection.query<RowDataPacket[]>(
      `SELECT 1 AS found FROM ${table} o${this.statusIndexHint} WHERE o.${q(d.status)} = 'pending' AND o.${q(c.id)} < ? AND o.${q(c.id)} NOT IN (?) LIMIT 1`,
      [maxId, known],
    )
    if (other.length === 0) return rows
    const aggregates = new Map<string, [string, string]>()
    for (const r of rows) aggregates.set(`${r.aggregateType}\u0000${r.aggregateId}`, [r.aggregateType, r.aggregateId])
    // the rows this replay would take (its filter), pending: a row outside the filter never holds the replay back
    const where = filterConditions(layout, { ...filter, status: 'pending' })
    const [earlier] = await this.connection.query<RowDataPacket[]>(
      `SELECT o.${q(c.aggregateType)} AS t, o.${q(c.aggregateId)} AS a, MIN(o.${q(c.id)}) AS first FROM ${table} o${this.aggregateIndexHint} ` +
        `WHERE ${where.sql} AND (o.${q(c.aggregateType)}, o.${q(c.aggregateId)}) IN (?) AND o.${q(c.id)} < ? AND o.${q(c.id)} NOT IN (?) GROUP BY 1, 2`,
      [...where.params, [...aggregates.values()], maxId, known],
    )
    if (earlier.length === 0) return rows
    const firstBlocked = new Map(earlier.map((e) => [`${String(e.t)}\u0000${String(e.a)}`, BigInt(String(e.first))]))
    return rows.filter((r) => {
      const blocker = firstBlocked.get(`${r.aggregateType}\u0000${r.aggregateId}`)
      return blocker === undefined || BigInt(r.id) < blocker
    })
  }

  /**
   * One claim: three round trips on the claim session (opened with multipleStatements): "START TRANSACTION; SELECT ...
   * FOR UPDATE SKIP LOCKED", the ordering guard's probe, "UPDATE (stamp); COMMIT". Every round trip waits for the
   * event loop, which is busy publishing the previous batch, so fewer of them shortens the pipeline's critical path.
   */
  async claim(limit: number): Promise<OutboxRow[]> {
    const { layout, leaseMs, filter } = this.options
    const d = layout.delivery
    const c = this.connection
    try {
      // READ COMMITTED is the session's level (start())
      const [results] = this.materializeSql
        ? await c.query<RowDataPacket[][]>(`${this.materializeSql}; START TRANSACTION; ${this.selectSql}`, [
            ...this.selectParams,
            limit,
            ...this.selectParams,
            limit,
          ])
        : await c.query<RowDataPacket[][]>(`START TRANSACTION; ${this.selectSql}`, [...this.selectParams, limit])
      const rows = await this.withoutOvertakers(results[results.length - 1]!.map(toRow))
      if (rows.length === 0) {
        await c.query('COMMIT')
        return rows
      }
      const ids = rows.map((r) => r.id)
      // republishing failed or published rows is explicit (--status): they start over as pending
      const restart = filter.status === 'pending' ? '' : `, ${q(d.status)} = 'pending', ${q(d.attempts)} = 0`
      if (d.inline) {
        await c.query(
          `UPDATE ${q(d.table)} SET ${q(d.claimedBy)} = ?, ${q(d.claimedUntil)} = NOW(6) + INTERVAL ? MICROSECOND${restart} WHERE ${q(d.key)} IN (?); COMMIT`,
          [this.token, leaseMs * 1000, ids],
        )
      } else {
        await c.query(
          `INSERT INTO ${q(d.table)} (${q(d.key)}, ${q(d.status)}, ${q(d.attempts)}, ${q(d.claimedBy)}, ${q(d.claimedUntil)}) ` +
            `SELECT id, 'pending', 0, ?, NOW(6) + INTERVAL ? MICROSECOND FROM JSON_TABLE(?, '$[*]' COLUMNS (id VARCHAR(255) PATH '$')) AS ids ` +
            `ON DUPLICATE KEY UPDATE ${q(d.claimedBy)} = VALUES(${q(d.claimedBy)}), ${q(d.claimedUntil)} = VALUES(${q(d.claimedUntil)})${restart}; COMMIT`,
          [this.token, leaseMs * 1000, JSON.stringify(ids)],
        )
      }
      for (const r of rows) this.outstanding.add(r.id)
      return rows
    } catch (error) {
      // a failed multi-statement may have opened the transaction before the error: roll back either way
      await c.query('ROLLBACK').catch(() => undefined)
      throw error
    }
  }
}
