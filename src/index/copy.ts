import type { Client } from '@elastic/elasticsearch'
import { OperationFailedError } from '../core/errors'

export interface CopyOptions {
  source: string
  target: string
  /** only documents matching this query (the catch-up passes select by _seq_no) */
  query?: Record<string, unknown>
  /** parallel slices of the point-in-time search */
  slices: number
  /** documents per search page and bulk request */
  batchSize: number
  onProgress?: (copied: number) => void
}

interface Hit {
  _id: string
  _source?: Record<string, unknown>
  _seq_no?: number
  sort?: unknown[]
}

/**
 * Client-side copy: one point in time over `source`, `slices` sliced searches paged by search_after, each feeding the
 * bulk helper. Every document is written with version = its _seq_no in the source (version_type external_gte), so a
 * copy of an older state can never overwrite a newer one already in the target; such conflicts are expected and skipped.
 */
export async function copyWithPointInTime(client: Client, options: CopyOptions): Promise<number> {
  const pit = await client.openPointInTime({ index: options.source, keep_alive: '5m' })
  let copied = 0
  try {
    await Promise.all(
      Array.from({ length: options.slices }, (_, slice) =>
        copySlice(client, options, pit.id, slice, (n) => {
          copied += n
          options.onProgress?.(copied)
        }),
      ),
    )
  } finally {
    await client.closePointInTime({ id: pit.id }).catch(() => undefined)
  }
  return copied
}

async function copySlice(client: Client, options: CopyOptions, pitId: string, slice: number, onCopied: (n: number) => void): Promise<void> {
  const failures: string[] = []
  async function* pages(): AsyncGenerator<Hit> {
    let searchAfter: unknown[] | undefined
    for (;;) {
      const response = await client.search<Record<string, unknown>>({
        pit: { id: pitId, keep_alive: '5m' },
        size: options.batchSize,
        sort: ['_shard_doc'],
        seq_no_primary_term: true,
        track_total_hits: false,
        ...(options.slices > 1 ? { slice: { id: String(slice), max: options.slices } } : {}),
        ...(options.query ? { query: options.query as never } : {}),
        ...(searchAfter ? { search_after: searchAfter as never } : {}),
      })
      const hits = response.hits.hits as Hit[]
      if (hits.length === 0) return
      for (const hit of hits) yield hit
      searchAfter = hits[hits.length - 1]!.sort
      if (hits.length < options.batchSize) return
    }
  }
  let pending = 0
  await client.helpers.bulk<Hit>({
    datasource: pages(),
    flushBytes: 5_000_000,
    concurrency: 2,
    retries: 3,
    refreshOnCompletion: false,
    onDocument: (hit) => {
      pending++
      if (pending >= 1000) {
        onCopied(pending)
        pending = 0
      }
      return [{ index: { _index: options.target, _id: hit._id, version: hit._seq_no ?? 0, version_type: 'external_gte' } }, hit._source ?? {}]
    },
    onDrop: (dropped) => {
      if (dropped.status !== 409) failures.push(`${dropped.document._id}: ${JSON.stringify(dropped.error)}`)
    },
  })
  onCopied(pending)
  if (failures.length > 0) {
    throw new OperationFailedError({
      code: 'INDEX_COPY_FAILED',
      message: `copying ${options.source} into ${options.target}: ${failures.length} documents were refused, e.g. ${failures[0]}`,
      hint: 'The new index keeps its partial copy and the alias still points to the old index; fix the mapping and run setup again.',
    })
  }
}

/** Server-side copy: `_reindex` as a task (slices=auto), progress from the task status. */
export async function copyWithReindexTask(client: Client, options: CopyOptions): Promise<number> {
  const started = await client.reindex({
    source: { index: options.source, size: options.batchSize, ...(options.query ? { query: options.query as never } : {}) },
    dest: { index: options.target },
    slices: 'auto',
    conflicts: 'proceed',
    wait_for_completion: false,
  })
  const taskId = String(started.task)
  for (;;) {
    const task = await client.tasks.get({ task_id: taskId, wait_for_completion: true, timeout: '1s' }, { ignore: [408] }).catch((error: unknown) => {
      if ((error as { meta?: { statusCode?: number } }).meta?.statusCode === 408) return undefined
      throw error
    })
    const status = (task?.task?.status ?? {}) as { created?: number; updated?: number }
    options.onProgress?.((status.created ?? 0) + (status.updated ?? 0))
    if (task?.completed) {
      const response = (task.response ?? {}) as { created?: number; updated?: number; failures?: unknown[] }
      if (task.error || (response.failures?.length ?? 0) > 0) {
        throw new OperationFailedError({
          code: 'INDEX_REINDEX_FAILED',
          message: `_reindex ${options.source} -> ${options.target} failed: ${JSON.stringify(task.error ?? response.failures?.[0])}`,
        })
      }
      return (response.created ?? 0) + (response.updated ?? 0)
    }
  }
}

/** Whether the cluster ships the reindex module (real clusters do; the integ-test distribution does not). */
export async function hasReindexModule(client: Client): Promise<boolean> {
  const info = await client.nodes.info({ metric: 'plugins', filter_path: 'nodes.*.modules.name' })
  const nodes = Object.values(info.nodes ?? {})
  return nodes.length > 0 && nodes.every((node) => (node.modules ?? []).some((m) => m.name === 'reindex'))
}

/** The lowest local checkpoint over the primaries: every operation at or below it is processed on its shard. */
export async function localCheckpoint(client: Client, index: string): Promise<number> {
  const stats = (await client.indices.stats({
    index,
    level: 'shards',
    metric: 'docs',
    filter_path: 'indices.*.shards.*.routing.primary,indices.*.shards.*.seq_no.local_checkpoint',
  } as never)) as unknown as {
    indices?: Record<string, { shards?: Record<string, Array<{ routing?: { primary?: boolean }; seq_no?: { local_checkpoint?: number } }>> }>
  }
  let lowest = Number.POSITIVE_INFINITY
  for (const shards of Object.values(stats.indices?.[index]?.shards ?? {})) {
    for (const copy of shards) if (copy.routing?.primary) lowest = Math.min(lowest, copy.seq_no?.local_checkpoint ?? -1)
  }
  return Number.isFinite(lowest) ? lowest : -1
}

/** Ids in `target` that `source` no longer has (documents deleted in the source while it was being copied). */
export async function idsMissingFrom(client: Client, source: string, target: string): Promise<string[]> {
  const sourceIds = new Set<string>()
  for await (const id of allIds(client, source)) sourceIds.add(id)
  const missing: string[] = []
  for await (const id of allIds(client, target)) if (!sourceIds.has(id)) missing.push(id)
  return missing
}

async function* allIds(client: Client, index: string): AsyncGenerator<string> {
  const pit = await client.openPointInTime({ index, keep_alive: '2m' })
  try {
    let searchAfter: unknown[] | undefined
    for (;;) {
      const response = await client.search({
        pit: { id: pit.id, keep_alive: '2m' },
        size: 5000,
        sort: ['_shard_doc'],
        _source: false,
        track_total_hits: false,
        ...(searchAfter ? { search_after: searchAfter as never } : {}),
      })
      const hits = response.hits.hits
      for (const hit of hits) yield hit._id!
      if (hits.length < 5000) return
      searchAfter = hits[hits.length - 1]!.sort as unknown[]
    }
  } finally {
    await client.closePointInTime({ id: pit.id }).catch(() => undefined)
  }
}

/**
 * After the write block: waits until every primary has processed every operation it assigned a sequence number
 * (local checkpoint = max seq_no), so a write that passed the block check just before it is visible after a refresh.
 */
export async function waitForInFlightWrites(client: Client, index: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const stats = (await client.indices.stats({
      index,
      level: 'shards',
      filter_path: 'indices.*.shards.*.routing.primary,indices.*.shards.*.seq_no',
    } as never)) as unknown as {
      indices?: Record<
        string,
        { shards?: Record<string, Array<{ routing?: { primary?: boolean }; seq_no?: { local_checkpoint?: number; max_seq_no?: number } }>> }
      >
    }
    const primaries = Object.values(stats.indices?.[index]?.shards ?? {}).flatMap((copies) => copies.filter((c) => c.routing?.primary))
    if (primaries.every((p) => p.seq_no?.local_checkpoint === p.seq_no?.max_seq_no)) return
    if (Date.now() > deadline)
      throw new OperationFailedError({
        code: 'INDEX_WRITES_IN_FLIGHT',
        message: `${index}: writes still in flight ${timeoutMs} ms after the write block`,
        hint: 'Run setup again.',
      })
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
