import type { MarkResult } from './marker'
import { Replayer, type ReplayHooks, type ReplaySettings } from './replay'

export interface RelaySummary {
  published: number
  failed: number
  skipped: number
  durationMs: number
  rowsPerSecond: number
  reconnects: number
}

export interface RelayOptions {
  /** aborting stops the relay after the in-flight batch is confirmed and marked (unsent claims are released) */
  signal: AbortSignal
  /** idle polling: starts at minIdleMs, doubles while nothing is found, up to maxIdleMs */
  minIdleMs?: number
  maxIdleMs?: number
  /** a rate line every this many ms (0: never) */
  reportEveryMs?: number
  onReport?: (line: { published: number; failed: number; rowsPerSecond: number; intervalMs: number }) => void
  onBrokerEvent?: ReplayHooks['onBrokerEvent']
}

/** The replay engine as a long-running process: drain, poll with backoff while idle, stop cleanly on the signal. */
export async function runRelay(settings: ReplaySettings, options: RelayOptions): Promise<RelaySummary> {
  const started = Date.now()
  const totals = { published: 0, failed: 0, skipped: 0 }
  let window = { published: 0, failed: 0, since: Date.now() }
  const onMarked = (r: MarkResult) => {
    totals.published += r.published
    totals.failed += r.failed
    window.published += r.published
    window.failed += r.failed
  }
  const report = () => {
    const intervalMs = Date.now() - window.since
    options.onReport?.({
      published: window.published,
      failed: window.failed,
      rowsPerSecond: Math.round((window.published * 1000) / Math.max(intervalMs, 1)),
      intervalMs,
    })
    window = { published: 0, failed: 0, since: Date.now() }
  }
  const timer = options.reportEveryMs ? setInterval(report, options.reportEveryMs) : undefined
  const replayer = await Replayer.open(settings, { onBrokerEvent: options.onBrokerEvent })
  const minIdle = options.minIdleMs ?? 200
  const maxIdle = options.maxIdleMs ?? 5000
  let idle = minIdle
  try {
    while (!options.signal.aborted) {
      const counts = await replayer.run({ signal: options.signal, onMarked })
      totals.skipped += counts.skipped
      if (counts.published + counts.failed + counts.retried > 0) {
        idle = minIdle
        continue
      }
      await sleep(idle, options.signal)
      idle = Math.min(idle * 2, maxIdle)
    }
  } finally {
    if (timer) clearInterval(timer)
    await replayer.close()
  }
  const durationMs = Date.now() - started
  return { ...totals, durationMs, rowsPerSecond: Math.round((totals.published * 1000) / Math.max(durationMs, 1)), reconnects: replayer.publisher.reconnects }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
  })
}
