import type { Claimer } from './claimer'
import type { Delivery, Marker, MarkResult } from './marker'
import { toMessage, type OutboxRow, type RoutingKeyTemplate } from './message'
import type { ConfirmPublisher } from './publisher'

export interface ReplayEngineOptions {
  claimer: Claimer
  marker: Marker
  publisher: ConfirmPublisher
  routingKey: RoutingKeyTemplate
  batchSize: number
  /** stop after claiming this many rows */
  limit?: number
  /** at most this many messages per second */
  rate?: number
  /** aborting stops claiming; sent messages are confirmed and marked, unsent claimed rows are released */
  signal?: AbortSignal
  /** called with the rows settled in each marked batch */
  onMarked?: (result: MarkResult) => void
}

export interface ReplayCounts {
  published: number
  failed: number
  /** nacked, back to pending for another attempt */
  retried: number
  /** claimed but given back unsent (the run was stopped) */
  skipped: number
  batches: number
}

/** Batches whose marking may lag behind publishing: bounds memory while the database catches up. */
const MAX_UNMARKED_BATCHES = 3

/**
 * The pipeline: while batch N waits for confirms and is marked (on the marker's connection), batch N+1 is already
 * being claimed (on the claimer's connection), so database and broker work overlap instead of alternating.
 * Returns when no claimable row is left (or `limit` is reached, or `signal` aborts).
 */
export async function runReplayEngine(options: ReplayEngineOptions): Promise<ReplayCounts> {
  const { claimer, marker, publisher, signal } = options
  const counts: ReplayCounts = { published: 0, failed: 0, retried: 0, skipped: 0, batches: 0 }
  let claimed = 0
  let fatal: unknown = null
  const unmarked: Array<Promise<void>> = []
  const pacer = options.rate ? new Pacer(options.rate) : null

  const claimNext = (): Promise<OutboxRow[]> => {
    const want = options.limit === undefined ? options.batchSize : Math.min(options.batchSize, options.limit - claimed)
    if (want <= 0 || signal?.aborted || fatal !== null) return Promise.resolve([])
    const claim = claimer.claim(want)
    claim.catch(() => undefined) // awaited below; an early exit must not leave it unhandled
    return claim
  }

  const markBatch = async (sent: SentMessage[], unsent: OutboxRow[]): Promise<void> => {
    const settled = await Promise.allSettled(sent.map((m) => m.settled))
    const deliveries = settled.map((s, i): Delivery => {
      if (s.status === 'fulfilled') return s.value
      // the broker never confirmed it: not published, back to pending (it may go out twice: at-least-once)
      fatal ??= s.reason
      return { rowId: sent[i]!.rowId, outcome: 'unsent' }
    })
    for (const row of unsent) deliveries.push({ rowId: row.id, outcome: 'unsent' })
    const result = await marker.mark(deliveries)
    claimer.settled(deliveries.map((x) => x.rowId))
    counts.published += result.published
    counts.failed += result.failed
    counts.retried += result.retried
    counts.skipped += result.released
    options.onMarked?.(result)
  }

  let next = claimNext()
  try {
    while (true) {
      const rows = await next
      claimed += rows.length
      if (rows.length === 0) {
        if (unmarked.length > 0) {
          // nacked rows come back as pending once marked: look again after the tail is marked
          await Promise.all(unmarked.splice(0))
        } else {
          const limitReached = options.limit !== undefined && claimed >= options.limit
          if (limitReached || signal?.aborted || !(await claimer.hasClaimable())) break
          // rows are there but were locked for an instant by another replayer: try again shortly
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
        next = claimNext()
        continue
      }
      counts.batches++
      next = claimNext() // overlap: claim N+1 while N is published and marked
      const sent: SentMessage[] = []
      for (const row of rows) {
        if (signal?.aborted || fatal !== null) break
        if (pacer) await pacer.wait()
        try {
          sent.push({ rowId: row.id, settled: (await publisher.send(toMessage(row, options.routingKey))).settled })
        } catch (error) {
          fatal ??= error
          break
        }
      }
      const marking = markBatch(sent, rows.slice(sent.length))
      marking.catch(() => undefined)
      unmarked.push(marking)
      while (unmarked.length > MAX_UNMARKED_BATCHES) await unmarked.shift()
      if (fatal !== null || signal?.aborted) break
    }
  } catch (error) {
    fatal ??= error
  }
  // whatever happened, record what the broker did confirm before reporting
  const results = await Promise.allSettled(unmarked.splice(0))
  const markError = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  const leftover = await next.catch((error: unknown) => {
    fatal ??= error
    return [] as OutboxRow[]
  })
  if (leftover.length > 0 && fatal === null) {
    const ids = leftover.map((r) => r.id)
    await marker.release(ids)
    claimer.settled(ids)
    counts.skipped += leftover.length
  }
  if (fatal !== null) throw fatal
  if (markError) throw markError.reason
  return counts
}

interface SentMessage {
  rowId: string
  settled: Promise<Delivery>
}

/** Spaces sends evenly to stay under `rate` per second. */
class Pacer {
  private readonly started = Date.now()
  private sent = 0
  constructor(private readonly rate: number) {}
  async wait(): Promise<void> {
    const due = this.started + (this.sent++ * 1000) / this.rate
    const delay = due - Date.now()
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay))
  }
}
