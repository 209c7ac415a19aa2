import type { Connection, RowDataPacket } from 'mysql2/promise'
import { connectRabbitmq, withVhost } from '../core/connections'
import { maskUrl } from '../core/mask'
import { Claimer, claimableSql, rowFieldsSql, toRow } from './claimer'
import { connectOutboxDatabase, describeDatabaseError, type OutboxDatabaseTarget } from './database'
import { filterConditions, fromClause, type ReplayFilter } from './filter'
import { q, type OutboxLayout } from './layout'
import { Marker, type MarkResult } from './marker'
import { compileRoutingKey, toMessage } from './message'
import { ConfirmPublisher } from './publisher'
import { runReplayEngine, type ReplayCounts } from './replay-engine'

export interface ReplaySettings {
  mysql: OutboxDatabaseTarget
  rabbitmq: { url: string; vhost?: string; timeoutMs: number }
  layout: OutboxLayout
  filter: ReplayFilter
  exchange: string
  routingKey: string
  batchSize: number
  window: number
  maxAttempts: number
  leaseMs: number
  reconnectTimeoutMs: number
  limit?: number
  rate?: number
}

export interface ReplaySummary extends ReplayCounts {
  durationMs: number
  rowsPerSecond: number
  reconnects: number
}

export interface DryRunSummary {
  dryRun: true
  /** rows the filter selects that no live replayer holds */
  matching: number
  sample: Array<{ id: string; messageId: string; aggregateType: string; aggregateId: string; eventType: string; routingKey: string; exchange: string }>
}

export interface ReplayHooks {
  signal?: AbortSignal
  onMarked?: (result: MarkResult) => void
  onBrokerEvent?: (event: { event: string; republished?: number; reason?: string }) => void
}

/** Counts the claimable rows of a filter (no lock taken): the progress bar's total and --dry-run's figure. */
export async function countClaimable(connection: Connection, layout: OutboxLayout, filter: ReplayFilter): Promise<number> {
  const where = filterConditions(layout, filter)
  const [rows] = await connection.query<RowDataPacket[]>(
    `SELECT COUNT(*) AS n FROM ${fromClause(layout)} WHERE ${where.sql} AND ${claimableSql(layout)}`,
    where.params,
  )
  return Number(rows[0]!.n)
}

export async function dryRun(settings: ReplaySettings, sampleSize = 5): Promise<DryRunSummary> {
  const connection = await connectOutboxDatabase(settings.mysql)
  try {
    const { layout, filter } = settings
    const routingKey = compileRoutingKey(settings.routingKey, layout)
    const matching = await countClaimable(connection, layout, filter)
    const where = filterConditions(layout, filter)
    const [raw] = await connection.query<RowDataPacket[]>(
      `SELECT ${rowFieldsSql(layout)} FROM ${fromClause(layout)} WHERE ${where.sql} AND ${claimableSql(layout)} ORDER BY o.${q(layout.columns.id)} LIMIT ?`,
      [...where.params, Math.min(sampleSize, settings.limit ?? sampleSize)],
    )
    const sample = raw.map(toRow).map((row) => {
      const m = toMessage(row, routingKey)
      return {
        id: row.id,
        messageId: row.messageId,
        aggregateType: row.aggregateType,
        aggregateId: row.aggregateId,
        eventType: row.eventType,
        routingKey: m.routingKey,
        exchange: settings.exchange,
      }
    })
    return { dryRun: true, matching: settings.limit === undefined ? matching : Math.min(matching, settings.limit), sample }
  } catch (error) {
    throw describeDatabaseError(settings.mysql, settings.layout, error)
  } finally {
    await connection.end().catch(() => undefined)
  }
}

/** An open replayer: two database sessions (claim, mark) and one publisher, reusable across runs (the relay loops). */
export class Replayer {
  private constructor(
    private readonly settings: ReplaySettings,
    private readonly claimConnection: Connection,
    private readonly markConnection: Connection,
    readonly claimer: Claimer,
    private readonly marker: Marker,
    readonly publisher: ConfirmPublisher,
  ) {}

  static async open(settings: ReplaySettings, hooks: ReplayHooks = {}): Promise<Replayer> {
    const routingKeyCheck = compileRoutingKey(settings.routingKey, settings.layout) // invalid templates fail before connecting
    void routingKeyCheck
    const claimConnection = await connectOutboxDatabase(settings.mysql, { multipleStatements: true })
    let markConnection: Connection | undefined
    try {
      markConnection = await connectOutboxDatabase(settings.mysql)
      await markConnection.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED')
      const claimer = new Claimer(claimConnection, { layout: settings.layout, filter: settings.filter, leaseMs: settings.leaseMs })
      await claimer.start()
      const marker = new Marker(markConnection, settings.layout, settings.maxAttempts, claimer.token)
      const { url, vhost, timeoutMs } = settings.rabbitmq
      const publisher = new ConfirmPublisher({
        connect: () => connectRabbitmq({ url, vhost, timeoutMs }),
        address: maskUrl(vhost === undefined ? url : withVhost(url, vhost)),
        exchange: settings.exchange,
        window: settings.window,
        reconnectTimeoutMs: settings.reconnectTimeoutMs,
        onEvent: hooks.onBrokerEvent,
      })
      await publisher.open()
      return new Replayer(settings, claimConnection, markConnection, claimer, marker, publisher)
    } catch (error) {
      await claimConnection.end().catch(() => undefined)
      await markConnection?.end().catch(() => undefined)
      throw describeDatabaseError(settings.mysql, settings.layout, error)
    }
  }

  /** Publishes claimable rows until none is left (or the limit, or the signal). */
  async run(hooks: ReplayHooks = {}, limit = this.settings.limit): Promise<ReplaySummary> {
    const started = Date.now()
    try {
      const counts = await runReplayEngine({
        claimer: this.claimer,
        marker: this.marker,
        publisher: this.publisher,
        routingKey: compileRoutingKey(this.settings.routingKey, this.settings.layout),
        batchSize: this.settings.batchSize,
        limit,
        rate: this.settings.rate,
        signal: hooks.signal,
        onMarked: hooks.onMarked,
      })
      const durationMs = Date.now() - started
      const rowsPerSecond = durationMs > 0 ? Math.round(((counts.published + counts.failed) * 1000) / durationMs) : 0
      return { ...counts, durationMs, rowsPerSecond, reconnects: this.publisher.reconnects }
    } catch (error) {
      throw describeDatabaseError(this.settings.mysql, this.settings.layout, error)
    }
  }

  async countClaimable(): Promise<number> {
    return countClaimable(this.markConnection, this.settings.layout, this.settings.filter)
  }

  async close(): Promise<void> {
    await this.publisher.close()
    // ending the claim session frees the token's named lock: any row still claimed is claimable at once
    await this.claimConnection.end().catch(() => undefined)
    await this.markConnection.end().catch(() => undefined)
  }
}
