import type { Redis } from 'ioredis'
import { describeCause } from '../core/errors'
import { isWithinPrefix } from './keys'
import { Pace } from './pace'
import { groupBySlot } from './slot'
import { isScriptRefused, sweepStep } from './sweep-script'

export interface SweepOptions {
  /** SCAN MATCH pattern, matched against raw key names */
  pattern: string
  /** keys outside `{<prefix>:` are never touched, whatever the pattern says */
  prefix: string
  /** SCAN COUNT: buckets visited per call (each call stays far below a millisecond of server time) */
  count: number
  dryRun: boolean
  /** keys per second for this node; undefined: as fast as the server answers */
  rate?: number
  /** keep up to this many matching key names as a sample */
  sampleSize: number
  /** the server is a cluster node: one UNLINK per slot (multi-key commands need one slot) */
  cluster: boolean
  /** called after each SCAN batch with the number of keys it matched */
  onBatch?: (matched: number) => void
  /** false: SCAN and UNLINK from the client even where the server runs scripts (default true) */
  script?: boolean
}

export interface NodeSweep {
  /** the node swept (host:port), or the set drained */
  source: string
  status: 'done' | 'failed'
  /** keys the pattern matched inside the prefix (a key SCAN returns twice during a rehash counts twice) */
  matched: number
  /** keys UNLINK removed (0 with --dry-run) */
  deleted: number
  /** SCAN calls made */
  scans: number
  /** where the scan stopped on failure ("0" when done) */
  cursor: string
  sample: string[]
  error?: string
  /** the failure's driver error (kept for the exit code; not serialised) */
  cause?: unknown
}

// server time one scripted step may take: far below the 50 ms a client may be kept waiting, and long enough that
// round trips do not dominate; with --rate every step is one SCAN batch, so the pace stays even
const STEP_BUDGET_MS = 2
// UNLINK calls sent but not yet answered before the next SCAN waits for them: keeps the pipe full without unbounded memory
const MAX_IN_FLIGHT = 16
// keys per UNLINK: small enough that one call frees quickly (UNLINK frees big values in the background anyway)
const UNLINK_BATCH = 500

/**
 * SCAN one node with MATCH and COUNT and UNLINK what matches, one batch at a time: inside the server where it runs
 * scripts (sweep-script.ts), from the client otherwise. Never KEYS, never one huge DEL. A failure stops this node and
 * reports how far it got.
 */
export async function sweepNode(node: Redis, address: string, options: SweepOptions): Promise<NodeSweep> {
  if (options.script === false) return sweepFromClient(node, address, options)
  const report: NodeSweep = { source: address, status: 'done', matched: 0, deleted: 0, scans: 0, cursor: '0', sample: [] }
  const pace = new Pace(options.rate)
  let cursor = '0'
  try {
    do {
      const budgetMs = options.rate ? 0 : STEP_BUDGET_MS
      const step = await sweepStep(node, { ...options, cursor, budgetMs, sampleSize: options.sampleSize - report.sample.length })
      report.scans++
      report.matched += step.matched
      report.deleted += step.deleted
      report.sample.push(...step.sample)
      cursor = step.cursor
      report.cursor = cursor
      if (step.error !== undefined) throw Object.assign(new Error(step.error), { name: 'ReplyError' })
      options.onBatch?.(step.matched)
      await pace.wait(report.matched)
    } while (cursor !== '0')
  } catch (error) {
    if (report.scans === 0 && isScriptRefused(error)) return sweepFromClient(node, address, options)
    report.status = 'failed'
    report.error = describeCause(error)
    report.cause = error
  }
  return report
}

/**
 * The sweep from the client: SCAN with MATCH and COUNT, UNLINK what matches, pipelined (the next SCAN is sent while
 * the previous batch's UNLINKs are in flight).
 */
async function sweepFromClient(node: Redis, address: string, options: SweepOptions): Promise<NodeSweep> {
  const report: NodeSweep = { source: address, status: 'done', matched: 0, deleted: 0, scans: 0, cursor: '0', sample: [] }
  const pace = new Pace(options.rate)
  let inFlight: Promise<number>[] = []
  const settle = async (): Promise<void> => {
    const batch = inFlight
    inFlight = []
    for (const n of await Promise.all(batch)) report.deleted += n
  }
  let cursor = '0'
  try {
    do {
      const [next, found] = await node.scan(cursor, 'MATCH', options.pattern, 'COUNT', options.count)
      report.scans++
      const keys = found.filter((key) => isWithinPrefix(options.prefix, key))
      report.matched += keys.length
      for (const key of keys) if (report.sample.length < options.sampleSize) report.sample.push(key)
      if (!options.dryRun && keys.length > 0) {
        for (const group of options.cluster ? groupBySlot(keys) : [keys]) {
          for (let i = 0; i < group.length; i += UNLINK_BATCH) inFlight.push(handled(node.unlink(...group.slice(i, i + UNLINK_BATCH))))
        }
        if (inFlight.length >= MAX_IN_FLIGHT) await settle()
      }
      cursor = next
      report.cursor = cursor
      options.onBatch?.(keys.length)
      if (options.rate) {
        await settle()
        await pace.wait(report.matched)
      }
    } while (cursor !== '0')
    await settle()
  } catch (error) {
    // what was in flight may or may not have been applied: count what answered
    for (const result of await Promise.allSettled(inFlight)) if (result.status === 'fulfilled') report.deleted += result.value
    report.status = 'failed'
    report.error = describeCause(error)
    report.cause = error
  }
  return report
}

/** The same promise, marked as handled: it is awaited later, after the next SCAN, and must not count as unhandled meanwhile. */
export function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined)
  return promise
}
