import type { Cluster, Redis } from 'ioredis'
import { describeCause } from '../core/errors'
import { isWithinPrefix } from './keys'
import type { NodeSweep, SweepOptions } from './sweep'
import { Pace } from './pace'
import { groupBySlot } from './slot'

/** A sweep's options, but a set names the keys instead of a pattern. */
export type DrainOptions = Omit<SweepOptions, 'pattern'>

/**
 * Invalidates the keys a set (a tag set or an instance set) names: SSCAN it in batches, UNLINK the batch's keys,
 * then SREM that batch. The set is never deleted whole: a key added by a concurrent write-back stays in it, with its value.
 */
export async function drainSet(client: Redis | Cluster, setKey: string, options: DrainOptions): Promise<NodeSweep> {
  const report: NodeSweep = { source: setKey, status: 'done', matched: 0, deleted: 0, scans: 0, cursor: '0', sample: [] }
  const pace = new Pace(options.rate)
  let cursor = '0'
  try {
    do {
      const [next, members] = await client.sscan(setKey, cursor, 'COUNT', options.count)
      report.scans++
      const keys = members.filter((key) => isWithinPrefix(options.prefix, key))
      report.matched += keys.length
      for (const key of keys) if (report.sample.length < options.sampleSize) report.sample.push(key)
      if (!options.dryRun && members.length > 0) {
        const groups = keys.length === 0 ? [] : options.cluster ? groupBySlot(keys) : [keys]
        for (const n of await Promise.all(groups.map((group) => client.unlink(...group)))) report.deleted += n
        await client.srem(setKey, ...members)
      }
      cursor = next
      report.cursor = cursor
      options.onBatch?.(keys.length)
      await pace.wait(report.matched)
    } while (cursor !== '0')
  } catch (error) {
    report.status = 'failed'
    report.error = describeCause(error)
    report.cause = error
  }
  return report
}
