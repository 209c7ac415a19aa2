import type { CacheRedis } from './connect'
import { drainSet } from './drain-set'
import type { InvalidationPlan, InvalidationStep } from './plan-invalidation'
import { groupBySlot } from './slot'
import { sweepNode, type NodeSweep } from './sweep'

export interface InvalidateOptions {
  dryRun: boolean
  /** keys per second across the whole run (split evenly between masters); undefined: no limit */
  rate?: number
  /** SCAN / SSCAN COUNT */
  count: number
  sampleSize: number
  /** keys matched so far, for a progress bar */
  onProgress?: (matched: number) => void
}

export interface InvalidateResult {
  description: string
  prefix: string
  mode: CacheRedis['mode']
  dryRun: boolean
  /** keys found (with --dry-run: the keys that would be removed) */
  matched: number
  /** keys removed */
  deleted: number
  sample: string[]
  /** per node swept or set drained: how far each got */
  parts: Omit<NodeSweep, 'cause'>[]
  /** false when a node or set failed part-way (see parts): the command exits non-zero */
  complete: boolean
  durationMs: number
  keysPerSecond: number
}

/** Applies an invalidation plan; a failing node stops only its own part, and the result says how far each got. */
export async function invalidate(
  redis: CacheRedis,
  plan: InvalidationPlan,
  options: InvalidateOptions,
): Promise<{ result: InvalidateResult; failures: NodeSweep[] }> {
  const started = Date.now()
  const parts: NodeSweep[] = []
  for (const step of plan.steps) parts.push(...(await runStep(redis, plan.prefix, step, options)))
  const durationMs = Date.now() - started
  const matched = sum(parts.map((p) => p.matched))
  const deleted = sum(parts.map((p) => p.deleted))
  const failures = parts.filter((p) => p.status === 'failed')
  const result: InvalidateResult = {
    description: plan.description,
    prefix: plan.prefix,
    mode: redis.mode,
    dryRun: options.dryRun,
    matched,
    deleted,
    sample: parts.flatMap((p) => p.sample).slice(0, options.sampleSize),
    parts: parts.map(({ cause: _cause, ...part }) => part),
    complete: failures.length === 0,
    durationMs,
    keysPerSecond: Math.round(((options.dryRun ? matched : deleted) / Math.max(durationMs, 1)) * 1000),
  }
  return { result, failures }
}

async function runStep(redis: CacheRedis, prefix: string, step: InvalidationStep, options: InvalidateOptions): Promise<NodeSweep[]> {
  let matched = 0
  const onBatch = (n: number): void => {
    matched += n
    options.onProgress?.(matched)
  }
  const cluster = redis.mode === 'cluster'
  const common = { prefix, count: options.count, dryRun: options.dryRun, sampleSize: options.sampleSize, cluster, onBatch }
  switch (step.kind) {
    case 'unlink-keys':
      return [await unlinkKeys(redis, step.keys, options)]
    case 'sweep': {
      const masters = redis.masters()
      const rate = options.rate === undefined ? undefined : options.rate / masters.length
      return Promise.all(masters.map((node) => sweepNode(node, redis.addressOf(node), { ...common, pattern: step.pattern, rate })))
    }
    case 'drain-sets':
      return drainEach(redis, step.sets, { ...common, rate: options.rate })
    case 'drain-found-sets': {
      // find the sets first (never touching them), then drain each
      const found = await Promise.all(
        redis
          .masters()
          .map((node) =>
            sweepNode(node, redis.addressOf(node), { ...common, onBatch: undefined, pattern: step.pattern, dryRun: true, sampleSize: Number.MAX_SAFE_INTEGER }),
          ),
      )
      const failed = found.filter((f) => f.status === 'failed').map((f) => ({ ...f, matched: 0, sample: [] }))
      const sets = [...new Set(found.flatMap((f) => f.sample))]
      return [...failed, ...(await drainEach(redis, sets, { ...common, rate: options.rate }))]
    }
  }
}

async function drainEach(redis: CacheRedis, sets: readonly string[], options: Parameters<typeof drainSet>[2]): Promise<NodeSweep[]> {
  const reports: NodeSweep[] = []
  for (const set of sets) reports.push(await drainSet(redis.client, set, options))
  return reports
}

async function unlinkKeys(redis: CacheRedis, keys: readonly string[], options: InvalidateOptions): Promise<NodeSweep> {
  const report: NodeSweep = { source: 'keys', status: 'done', matched: 0, deleted: 0, scans: 0, cursor: '0', sample: [] }
  try {
    const groups = redis.mode === 'cluster' ? groupBySlot(keys) : [[...keys]]
    const existing = sum(await Promise.all(groups.map((group) => redis.client.exists(...group))))
    report.matched = existing
    report.sample = keys.slice(0, options.sampleSize)
    if (!options.dryRun) report.deleted = sum(await Promise.all(groups.map((group) => redis.client.unlink(...group))))
  } catch (error) {
    report.status = 'failed'
    report.error = error instanceof Error ? error.message : String(error)
    report.cause = error
  }
  return report
}

function sum(values: readonly number[]): number {
  return values.reduce((total, n) => total + n, 0)
}
