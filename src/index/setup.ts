import type { Client } from '@elastic/elasticsearch'
import { OperationFailedError } from '../core/errors'
import { copyWithPointInTime, copyWithReindexTask, hasReindexModule, idsMissingFrom, localCheckpoint, waitForInFlightWrites } from './copy'
import type { IndexDefinition, TemplateDefinition } from './definitions'
import { acquireLease, type Lease } from './lease'
import { readLiveIndex, readLiveTemplate } from './live-state'
import { flattenSettings, type FlatValue } from './normalize'
import { planIndex, planTemplate, type IndexPlan, type TemplatePlan } from './plan'
import { rejectedDefinition, type IndexSession } from './session'

export type CopyMethod = 'reindex-task' | 'point-in-time'

export interface ReindexReport {
  from: string
  to: string
  method: CopyMethod
  copied: number
  /** documents copied again by the catch-up passes (written or updated during the copy) */
  caughtUp: number
  /** documents removed from the new index because they were deleted from the old one during the copy */
  deleted: number
  durationMs: number
  oldIndexDeleted: boolean
}

export interface SetupEntry {
  plan: IndexPlan | TemplatePlan
  applied: boolean
  reindex?: ReindexReport
}

export interface SetupReport {
  entries: SetupEntry[]
  changed: number
}

export interface SetupOptions {
  deleteOld: boolean
  /** overrides index.leaseWait */
  leaseWaitMs?: number
  onProgress?: (event: { alias: string; phase: string; copied: number; total: number }) => void
}

/** Applies the plan: templates, then each index under its lease, re-planned once the lease is held. */
export async function setupIndices(session: IndexSession, options: SetupOptions): Promise<SetupReport> {
  const entries: SetupEntry[] = []
  for (const def of session.definitions.templates) entries.push(await applyTemplate(session.client, def))
  for (const def of session.definitions.indices) {
    const first = planIndex(def, await readLiveIndex(session.client, def.alias))
    if (first.action === 'unchanged') {
      entries.push({ plan: first, applied: false })
      continue
    }
    const cfg = session.config.index
    const lease = await acquireLease(session.client, `setup:${def.alias}`, {
      index: cfg.leaseIndex,
      ttlMs: cfg.leaseTtl,
      waitMs: options.leaseWaitMs ?? cfg.leaseWait,
    })
    try {
      // another run may have applied it while we waited
      const plan = planIndex(def, await readLiveIndex(session.client, def.alias))
      entries.push(await applyIndex(session, def, plan, { ...options, lease }))
    } finally {
      await lease.release()
    }
  }
  return { entries, changed: entries.filter((e) => e.applied).length }
}

async function applyTemplate(client: Client, def: TemplateDefinition): Promise<SetupEntry> {
  const plan = planTemplate(def, await readLiveTemplate(client, def))
  if (plan.action === 'unchanged') return { plan, applied: false }
  try {
    if (def.kind === 'component_template') await client.cluster.putComponentTemplate({ name: def.name, ...(def.body as object) } as never)
    else await client.indices.putIndexTemplate({ name: def.name, ...(def.body as object) } as never)
  } catch (error) {
    throw rejectedDefinition(def.file, `the ${def.kind.replace('_', ' ')} "${def.name}"`, error)
  }
  return { plan, applied: true }
}

type HeldOptions = SetupOptions & { lease: Lease }

async function applyIndex(session: IndexSession, def: IndexDefinition, plan: IndexPlan, options: HeldOptions): Promise<SetupEntry> {
  const { client } = session
  if (plan.action === 'unchanged') return { plan, applied: false }
  if (plan.action === 'create') {
    await assertNameFree(client, def)
    await createIndex(client, def, plan.to!, { copying: false, withAliases: true })
    return { plan, applied: true }
  }
  if (plan.action === 'update') {
    try {
      if (plan.settingsUpdate) await client.indices.putSettings({ index: plan.from!, settings: plan.settingsUpdate as never })
      if (plan.mappingsUpdate) await client.indices.putMapping({ index: plan.from!, ...(def.mappings as object) } as never)
    } catch (error) {
      throw rejectedDefinition(def.file, `the in-place update of ${plan.from}`, error)
    }
    if (plan.aliasesUpdate) await rewriteExtraAliases(client, def, plan.from!)
    return { plan, applied: true }
  }
  const reindex = await reindexBehindAlias(session, def, plan, options)
  return { plan, applied: true, reindex }
}

async function assertNameFree(client: Client, def: IndexDefinition): Promise<void> {
  const live = await readLiveIndex(client, def.alias)
  if (live.nameTakenByIndex) {
    throw new OperationFailedError({
      code: 'INDEX_NAME_TAKEN',
      message: `${def.file}: an index (not an alias) named "${def.alias}" already exists, so the alias cannot be created`,
      hint: `Copy it into a managed index first, or delete it if it is disposable (DELETE /${def.alias}).`,
    })
  }
}

/** Creates `name` from the definition; while copying, refresh is off and replicas are 0 (restored before the swap). */
async function createIndex(client: Client, def: IndexDefinition, name: string, how: { copying: boolean; withAliases: boolean }): Promise<void> {
  const settings: Record<string, unknown> = { ...def.settings }
  if (how.copying) Object.assign(settings, { 'index.refresh_interval': '-1', 'index.number_of_replicas': 0 })
  const aliases = how.withAliases ? { [def.alias]: { is_write_index: true }, ...def.aliases } : undefined
  try {
    await client.indices.create({
      index: name,
      settings: settings as never,
      mappings: def.mappings as never,
      ...(aliases ? { aliases: aliases as never } : {}),
      wait_for_active_shards: '1',
    } as never)
  } catch (error) {
    throw rejectedDefinition(def.file, `the index ${name}`, error)
  }
}

async function rewriteExtraAliases(client: Client, def: IndexDefinition, index: string): Promise<void> {
  const current = (await client.indices.getAlias({ index }))[index]?.aliases ?? {}
  const actions: unknown[] = []
  for (const name of Object.keys(current)) if (name !== def.alias) actions.push({ remove: { index, alias: name } })
  for (const [name, body] of Object.entries(def.aliases)) actions.push({ add: { index, alias: name, ...body } })
  await client.indices.updateAliases({ actions: actions as never })
}

/**
 * Zero-downtime reindex (docs/index.md, "How a reindex stays correct"):
 * 1. note the old index's local checkpoint c0, refresh, copy everything visible (a point in time);
 * 2. catch-up passes: copy the documents whose _seq_no > the previous checkpoint until a pass finds few;
 * 3. block writes on the old index, wait for the writes already in flight, one last pass, delete from the new index
 *    the ids the old one no longer has;
 * 4. one _aliases call moves the alias (and the extra aliases) to the new index. Writers see the block for the
 *    duration of steps 3-4 only and retry; readers always see one complete index.
 */
async function reindexBehindAlias(session: IndexSession, def: IndexDefinition, plan: IndexPlan, options: HeldOptions): Promise<ReindexReport> {
  const { client } = session
  const from = plan.from!
  const to = plan.to!
  const started = Date.now()
  const method: CopyMethod = (await hasReindexModule(client)) ? 'reindex-task' : 'point-in-time'
  await createIndex(client, def, to, { copying: true, withAliases: false })
  const total = Number((await client.count({ index: from })).count)
  const report = (phase: string) => (copied: number) => options.onProgress?.({ alias: def.alias, phase, copied, total })
  const copy = (query: Record<string, unknown> | undefined, phase: string) =>
    (method === 'reindex-task' ? copyWithReindexTask : copyWithPointInTime)(client, {
      source: from,
      target: to,
      query,
      slices: session.config.index.slices,
      batchSize: session.config.index.batchSize,
      onProgress: report(phase),
    })
  const sinceCheckpoint = (checkpoint: number) => ({ range: { _seq_no: { gt: checkpoint } } })

  let checkpoint = await localCheckpoint(client, from)
  await client.indices.refresh({ index: from })
  const copied = await copy(undefined, 'copy')
  let caughtUp = 0
  for (let pass = 0; pass < 10; pass++) {
    const next = await localCheckpoint(client, from)
    await client.indices.refresh({ index: from })
    const n = await copy(sinceCheckpoint(checkpoint), 'catch-up')
    caughtUp += n
    checkpoint = next
    if (n < 1000) break
  }

  let blocked = false
  try {
    await client.indices.putSettings({ index: from, settings: { 'index.blocks.write': true } as never })
    blocked = true
    await waitForInFlightWrites(client, from)
    await client.indices.refresh({ index: from })
    caughtUp += await copy(sinceCheckpoint(checkpoint), 'final catch-up')
    await restoreCopySettings(client, def, to)
    await client.indices.refresh({ index: to })
    let deleted = 0
    const [fromCount, toCount] = await Promise.all([client.count({ index: from }), client.count({ index: to })])
    // every live document of the old index is in the new one, so equal counts mean nothing was deleted
    if (fromCount.count !== toCount.count) {
      const missing = await idsMissingFrom(client, from, to)
      for (let i = 0; i < missing.length; i += 1000) {
        const body = missing.slice(i, i + 1000).map((id) => ({ delete: { _index: to, _id: id } }))
        await client.bulk({ operations: body as never, refresh: false })
      }
      deleted = missing.length
      await client.indices.refresh({ index: to })
    }
    await client.cluster.health({ index: to, wait_for_status: 'yellow', timeout: '60s' })
    await options.lease.assertHeld()
    const actions: unknown[] = [
      { remove: { index: from, alias: def.alias } },
      { add: { index: to, alias: def.alias, is_write_index: true } },
      ...Object.keys((await client.indices.getAlias({ index: from }))[from]?.aliases ?? {})
        .filter((name) => name !== def.alias)
        .map((name) => ({ remove: { index: from, alias: name } })),
      ...Object.entries(def.aliases).map(([name, body]) => ({ add: { index: to, alias: name, ...body } })),
    ]
    await client.indices.updateAliases({ actions: actions as never })
    let oldIndexDeleted = false
    if (options.deleteOld) {
      await client.indices.delete({ index: from })
      oldIndexDeleted = true
    }
    return { from, to, method, copied, caughtUp, deleted, durationMs: Date.now() - started, oldIndexDeleted }
  } catch (error) {
    // the alias did not move: the old index takes writes again, the half-built new one stays for inspection
    if (blocked) await client.indices.putSettings({ index: from, settings: { 'index.blocks.write': null } as never }).catch(() => undefined)
    throw error
  }
}

/** Back to the definition's refresh interval and replicas (or the server defaults when the file sets none). */
async function restoreCopySettings(client: Client, def: IndexDefinition, index: string): Promise<void> {
  const flat = flattenSettings(def.settings)
  const settings: Record<string, FlatValue> = {
    'index.refresh_interval': flat['index.refresh_interval'] ?? null,
    'index.number_of_replicas': flat['index.number_of_replicas'] ?? null,
  }
  await client.indices.putSettings({ index, settings: settings as never })
}
