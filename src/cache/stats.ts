import type { Redis } from 'ioredis'
import { describeCause } from '../core/errors'
import type { CacheRedis } from './connect'
import { isWithinPrefix, prefixPattern } from './keys'
import { handled } from './sweep'
import { serverStatsOf, StatsAccumulator, sumServerStats, type GroupStats, type ServerStats } from './stats-model'

export interface StatsOptions {
  prefix: string
  /** SCAN COUNT */
  count: number
  /** MEMORY USAGE calls per entity (the rest is scaled from them) */
  memorySamples: number
  /** keys counted so far, for a progress bar */
  onProgress?: (keys: number) => void
}

/** How far the scan of one master got. */
export interface NodeScan {
  source: string
  status: 'done' | 'failed'
  /** keys of the prefix this node returned */
  keys: number
  scans: number
  /** where the scan stopped on failure ("0" when done) */
  cursor: string
  error?: string
  /** the driver error (for the exit code; not serialised) */
  cause?: unknown
}

export interface CacheStats {
  prefix: string
  mode: CacheRedis['mode']
  /** per entity (keys that follow no convention under the prefix count as "(other)") */
  entities: GroupStats[]
  total: GroupStats
  /** memory figures are MEMORY USAGE of a sample scaled to the key count: an estimate */
  memoryEstimate: { samplesPerEntity: number; note: string }
  /** INFO of every master: server-wide figures, not limited to the prefix */
  servers: ServerStats[]
  server: ReturnType<typeof sumServerStats>
  nodes: Omit<NodeScan, 'cause'>[]
  /** false when a master failed part-way: the counts cover only what was scanned, and the command exits non-zero */
  complete: boolean
  durationMs: number
}

// pipelines sent but not yet answered before the next SCAN waits for them
const MAX_IN_FLIGHT = 8

/** Scans every master for the prefix's keys: counts, TTL buckets, sampled memory; and each master's INFO. */
export async function collectStats(redis: CacheRedis, options: StatsOptions): Promise<{ result: CacheStats; failures: NodeScan[] }> {
  const started = Date.now()
  const stats = new StatsAccumulator(options.prefix, options.memorySamples)
  let counted = 0
  const onKeys = (n: number): void => {
    counted += n
    options.onProgress?.(counted)
  }
  const masters = redis.masters()
  const nodes = await Promise.all(masters.map((node) => scanNode(node, redis.addressOf(node), { ...options, stats, onKeys })))
  const servers: ServerStats[] = []
  for (const [i, node] of masters.entries()) {
    // a node that failed its scan is reported there; its INFO is left out rather than failing twice
    if (nodes[i]!.status === 'failed') continue
    try {
      servers.push(serverStatsOf(redis.addressOf(node), `${await node.info('stats')}\n${await node.info('memory')}`))
    } catch (error) {
      Object.assign(nodes[i]!, { status: 'failed', error: describeCause(error), cause: error })
    }
  }
  const { groups, total } = stats.result()
  const failures = nodes.filter((n) => n.status === 'failed')
  const result: CacheStats = {
    prefix: options.prefix,
    mode: redis.mode,
    entities: groups,
    total,
    memoryEstimate: {
      samplesPerEntity: options.memorySamples,
      note: `an estimate: MEMORY USAGE of up to ${options.memorySamples} key(s) per entity, scaled to its key count`,
    },
    servers,
    server: sumServerStats(servers),
    nodes: nodes.map(({ cause: _cause, ...node }) => node),
    complete: failures.length === 0,
    durationMs: Date.now() - started,
  }
  return { result, failures }
}

interface ScanNodeOptions extends StatsOptions {
  stats: StatsAccumulator
  onKeys: (n: number) => void
}

/** SCAN one master; each batch's PTTL and sampled MEMORY USAGE go in one pipeline while the next SCAN runs. */
async function scanNode(node: Redis, address: string, options: ScanNodeOptions): Promise<NodeScan> {
  const report: NodeScan = { source: address, status: 'done', keys: 0, scans: 0, cursor: '0' }
  let inFlight: Promise<void>[] = []
  const settle = async (): Promise<void> => {
    const batch = inFlight
    inFlight = []
    await Promise.all(batch)
  }
  let cursor = '0'
  try {
    do {
      const [next, found] = await node.scan(cursor, 'MATCH', prefixPattern(options.prefix), 'COUNT', options.count)
      report.scans++
      const keys = found.filter((key) => isWithinPrefix(options.prefix, key))
      if (keys.length > 0) inFlight.push(handled(describeKeys(node, keys, options)))
      if (inFlight.length >= MAX_IN_FLIGHT) await settle()
      report.keys += keys.length
      cursor = next
      report.cursor = cursor
    } while (cursor !== '0')
    await settle()
  } catch (error) {
    await Promise.allSettled(inFlight)
    report.status = 'failed'
    report.error = describeCause(error)
    report.cause = error
  }
  return report
}

async function describeKeys(node: Redis, keys: readonly string[], options: ScanNodeOptions): Promise<void> {
  const pipeline = node.pipeline()
  const sampled = keys.map((key) => options.stats.wantsMemory(key))
  keys.forEach((key, i) => {
    pipeline.pttl(key)
    if (sampled[i]) pipeline.memory('USAGE', key)
  })
  const replies = (await pipeline.exec()) ?? []
  let at = 0
  keys.forEach((key, i) => {
    const [ttlError, pttl] = replies[at++] ?? [new Error('no reply')]
    if (ttlError) throw ttlError
    let memory: number | null | undefined
    if (sampled[i]) {
      const [memoryError, bytes] = replies[at++] ?? [new Error('no reply')]
      if (memoryError) throw memoryError
      memory = typeof bytes === 'number' ? bytes : null
    }
    options.stats.add(key, Number(pttl), memory)
  })
  options.onKeys(keys.length)
}
