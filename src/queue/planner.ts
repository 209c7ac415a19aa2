// Pure planning: desired topology + live state -> one item per entity. No I/O, no driver imports.
import type { ExternalReference, LoadedTopology } from './load-topology'
import type { Difference, LiveBinding, LiveExchange, LiveQueue, LiveState } from './live-state'
import {
  bindingKey,
  bindingLabel,
  canonicalJson,
  isBuiltInExchange,
  type BindingSpec,
  type ExchangeSpec,
  type Origin,
  type PolicySpec,
  type QueueSpec,
  type VhostSpec,
} from './model'

export type PlanAction =
  /** missing on the broker: declared */
  | 'create'
  /** on the broker as the file says */
  | 'unchanged'
  /** on the broker with other arguments: the broker cannot change them in place */
  | 'conflict'
  /** a conflicting queue or exchange deleted and declared again, with its bindings from the file (--recreate) */
  | 'recreate'
  /** a policy whose definition changed: set again in place */
  | 'update'
  /** on the broker, not in the file: left alone */
  | 'not-in-file'
  /** not in the file and removed (--prune) */
  | 'delete'
  /** cannot be compared without the management API (bindings in passive mode): declared, which is idempotent */
  | 'unverified'

interface ItemBase {
  vhost: string
  name: string
  action: PlanAction
  differences?: Difference[]
  /** messages the queue holds (for conflicts, recreate and prune) */
  messages?: number
  consumers?: number
  /** what to do about a conflict or a refusal */
  hint?: string
  origin?: Origin
}

export type PlanItem =
  | (ItemBase & { kind: 'vhost'; spec?: VhostSpec })
  | (ItemBase & { kind: 'exchange'; spec?: ExchangeSpec })
  | (ItemBase & { kind: 'queue'; spec?: QueueSpec })
  | (ItemBase & { kind: 'binding'; spec?: BindingSpec; live?: LiveBinding })
  | (ItemBase & { kind: 'policy'; spec?: PolicySpec })

export interface PlanOptions {
  /** delete and redeclare conflicting queues that are empty, and conflicting exchanges whose deletion loses no messages */
  recreate?: boolean
  /** with recreate: also queues that hold messages, and exchanges whose deletion would lose bindings or messages */
  force?: boolean
  /** remove entities that are not in the file, when empty and unused */
  prune?: boolean
}

export interface QueuePlan {
  file: string
  source: LiveState['source']
  items: PlanItem[]
  counts: Record<PlanAction, number>
  /** binding ends declared neither in the file nor on the broker */
  missingReferences: ExternalReference[]
}

const ACTIONS: PlanAction[] = ['create', 'unchanged', 'conflict', 'recreate', 'update', 'not-in-file', 'delete', 'unverified']

const key = (vhost: string, name: string) => `${vhost}\u0000${name}`

export function planTopology(topology: LoadedTopology, live: LiveState, options: PlanOptions = {}): QueuePlan {
  const items: PlanItem[] = []
  const liveVhosts = new Set(live.vhosts)
  const desiredVhosts = new Map<string, VhostSpec | undefined>(topology.vhosts.map((v) => [v.name, v]))
  for (const entity of [...topology.exchanges, ...topology.queues, ...topology.bindings, ...topology.policies]) {
    if (!desiredVhosts.has(entity.vhost)) desiredVhosts.set(entity.vhost, undefined)
  }
  for (const [name, spec] of desiredVhosts) {
    items.push({
      kind: 'vhost',
      vhost: name,
      name,
      action: liveVhosts.has(name) ? 'unchanged' : 'create',
      spec: spec ?? { name, origin: { file: topology.file, path: [] } },
      origin: spec?.origin,
    })
  }

  const liveExchanges = new Map(live.exchanges.map((e) => [key(e.vhost, e.name), e]))
  const recreatedExchanges = new Set<string>()
  for (const spec of topology.exchanges) {
    const item = exchangeItem(spec, liveExchanges.get(key(spec.vhost, spec.name)), { topology, live, options })
    if (item.action === 'recreate') recreatedExchanges.add(key(spec.vhost, spec.name))
    items.push(item)
  }

  const liveQueues = new Map(live.queues.map((q) => [key(q.vhost, q.name), q]))
  const recreated = new Set<string>()
  for (const spec of topology.queues) {
    const item = queueItem(spec, liveQueues.get(key(spec.vhost, spec.name)), options)
    if (item.action === 'recreate') recreated.add(key(spec.vhost, spec.name))
    items.push(item)
  }

  const liveBindings = new Map((live.bindings ?? []).map((b) => [key(b.vhost, bindingKey(b)), b]))
  for (const spec of topology.bindings) {
    const present = liveBindings.has(key(spec.vhost, bindingKey(spec)))
    // a deleted queue or exchange takes its bindings with it (as source and as destination): they are bound again
    const destinationRecreated = (spec.destinationType === 'queue' ? recreated : recreatedExchanges).has(key(spec.vhost, spec.destination))
    const sourceRecreated = recreatedExchanges.has(key(spec.vhost, spec.source))
    const action: PlanAction = live.bindings === null ? 'unverified' : !present || destinationRecreated || sourceRecreated ? 'create' : 'unchanged'
    items.push({
      kind: 'binding',
      vhost: spec.vhost,
      name: bindingLabel(spec),
      action,
      spec,
      origin: spec.origin,
      ...(destinationRecreated || sourceRecreated
        ? { hint: `bound again after its ${destinationRecreated ? spec.destinationType : 'exchange'} is recreated` }
        : {}),
    })
  }

  const livePolicies = new Map((live.policies ?? []).map((p) => [key(p.vhost, p.name), p]))
  for (const spec of topology.policies) {
    const current = livePolicies.get(key(spec.vhost, spec.name))
    let action: PlanAction = 'create'
    let differences: Difference[] | undefined
    if (live.policies === null) action = 'unverified'
    else if (current) {
      differences = compare([
        ['pattern', current.pattern, spec.pattern],
        ['applyTo', current.applyTo, spec.applyTo],
        ['priority', current.priority, spec.priority],
        ['definition', current.definition, spec.definition],
      ])
      action = differences.length > 0 ? 'update' : 'unchanged'
    }
    items.push({ kind: 'policy', vhost: spec.vhost, name: spec.name, action, spec, origin: spec.origin, ...(differences?.length ? { differences } : {}) })
  }

  items.push(...notInFile(topology, live, options))
  const missingReferences = topology.external.filter((ref) => !(ref.kind === 'exchange' ? liveExchanges : liveQueues).has(key(ref.vhost, ref.name)))
  const counts = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<PlanAction, number>
  for (const item of items) counts[item.action]++
  return { file: topology.file, source: live.source, items, counts, missingReferences }
}

interface ExchangeContext {
  topology: LoadedTopology
  live: LiveState
  options: PlanOptions
}

function exchangeItem(spec: ExchangeSpec, live: LiveExchange | undefined, context: ExchangeContext): PlanItem {
  const base = { kind: 'exchange' as const, vhost: spec.vhost, name: spec.name, spec, origin: spec.origin }
  if (!live) return { ...base, action: 'create' }
  const differences = live.attributes
    ? compare([
        ['type', live.attributes.type, spec.type],
        ['durable', live.attributes.durable, spec.durable],
        ['autoDelete', live.attributes.autoDelete, spec.autoDelete],
        ['internal', live.attributes.internal, spec.internal],
        ...argumentPairs(live.attributes.arguments, spec.arguments),
      ])
    : (live.inequivalent ?? [])
  if (differences.length === 0) return { ...base, action: 'unchanged' }
  const losses = exchangeLosses(spec, context)
  if (context.options.recreate && (losses.length === 0 || context.options.force)) {
    return { ...base, action: 'recreate', differences, ...(losses.length > 0 ? { hint: `--force: ${losses.join('; ')}` } : {}) }
  }
  const viaPolicy = differences.some((d) => d.field === 'alternate-exchange')
    ? ' An alternate exchange can also be set by a policy (alternate-exchange) without redeclaring.'
    : ''
  const hint =
    losses.length > 0
      ? `Deleting "${spec.name}" to declare it again would lose messages: ${losses.join('; ')}. Put those bindings in the file, or run declare --recreate --force when nothing is routed through it.${viaPolicy}`
      : `The broker cannot change a declared exchange: run declare --recreate (it is deleted and declared again, with its bindings from the file, as source and as destination), or declare a new exchange under another name and move the bindings.${viaPolicy}`
  return { ...base, action: 'conflict', differences, hint }
}

/**
 * What deleting an exchange (to declare it again) would lose: live bindings of it the file does not declare (they
 * would not come back), and messages dead-lettered or rerouted into it while it is gone. Empty: safe to recreate.
 */
function exchangeLosses(spec: ExchangeSpec, { topology, live }: ExchangeContext): string[] {
  if (live.bindings === null) return ['its bindings cannot be read without the management API (they would not all come back)']
  const inFile = new Set(topology.bindings.filter((b) => b.vhost === spec.vhost).map(bindingKey))
  const lost = live.bindings.filter(
    (b) =>
      b.vhost === spec.vhost && (b.source === spec.name || (b.destinationType === 'exchange' && b.destination === spec.name)) && !inFile.has(bindingKey(b)),
  )
  const losses =
    lost.length > 0
      ? [`${lost.length} binding(s) not in the file would be lost (${lost.slice(0, 3).map(bindingLabel).join(', ')}${lost.length > 3 ? ', ...' : ''})`]
      : []
  const deadLettering = live.queues.filter((q) => q.vhost === spec.vhost && q.attributes?.arguments['x-dead-letter-exchange'] === spec.name).map((q) => q.name)
  if (deadLettering.length > 0)
    losses.push(
      `queue(s) ${deadLettering.slice(0, 3).join(', ')}${deadLettering.length > 3 ? ', ...' : ''} dead-letter into it: messages dead-lettered while it is gone are dropped`,
    )
  const alternateOf = live.exchanges.filter((e) => e.vhost === spec.vhost && e.attributes?.arguments['alternate-exchange'] === spec.name).map((e) => e.name)
  if (alternateOf.length > 0) losses.push(`it is the alternate exchange of ${alternateOf.join(', ')}: messages unroutable there while it is gone are dropped`)
  const policies = (live.policies ?? []).filter(
    (p) => p.vhost === spec.vhost && (p.definition['dead-letter-exchange'] === spec.name || p.definition['alternate-exchange'] === spec.name),
  )
  if (policies.length > 0)
    losses.push(`policy ${policies.map((p) => p.name).join(', ')} routes dead letters or unroutable messages into it: those are dropped while it is gone`)
  return losses
}

function queueItem(spec: QueueSpec, live: LiveQueue | undefined, options: PlanOptions): PlanItem {
  const base = { kind: 'queue' as const, vhost: spec.vhost, name: spec.name, spec, origin: spec.origin }
  if (!live) return { ...base, action: 'create' }
  const counts = { ...(live.messages === undefined ? {} : { messages: live.messages }), ...(live.consumers === undefined ? {} : { consumers: live.consumers }) }
  const differences = live.attributes
    ? compare([
        ['type', live.attributes.queueType, spec.queueType],
        ['durable', live.attributes.durable, spec.durable],
        ['autoDelete', live.attributes.autoDelete, spec.autoDelete],
        ...argumentPairs(live.attributes.arguments, spec.arguments),
      ])
    : (live.inequivalent ?? [])
  if (differences.length === 0) return { ...base, ...counts, action: 'unchanged' }
  const messages = live.messages ?? 0
  const policyable = differences.every((d) => POLICY_KEYS.has(d.field))
  if (options.recreate && (messages === 0 || options.force)) {
    return { ...base, ...counts, action: 'recreate', differences, ...(messages > 0 ? { hint: `--force: its ${messages} message(s) are deleted with it` } : {}) }
  }
  const viaPolicy = policyable
    ? ` Or leave the queue as it is and set ${differences.map((d) => d.field).join(', ')} by a policy (policies: in the file), which applies without redeclaring.`
    : ''
  const hint =
    messages > 0
      ? `The queue holds ${messages} message(s): drain it (let consumers empty it) and run declare --recreate, or declare --recreate --force to delete them with the queue.${viaPolicy}`
      : `The broker cannot change a declared queue's arguments: run declare --recreate (the queue is empty; it is deleted and declared again, with its bindings from the file).${viaPolicy}`
  return { ...base, ...counts, action: 'conflict', differences, hint }
}

/** Arguments a policy can set instead (x- prefix dropped in the policy definition). */
const POLICY_KEYS = new Set([
  'x-message-ttl',
  'x-expires',
  'x-max-length',
  'x-max-length-bytes',
  'x-overflow',
  'x-dead-letter-exchange',
  'x-dead-letter-routing-key',
  'x-delivery-limit',
  'x-queue-mode',
  'x-max-age',
])

function argumentPairs(live: Record<string, unknown>, desired: Record<string, unknown>): [string, unknown, unknown][] {
  const keys = [...new Set([...Object.keys(live), ...Object.keys(desired)])].sort()
  return keys.map((k) => [k, live[k], desired[k]])
}

function compare(pairs: [string, unknown, unknown][]): Difference[] {
  return pairs
    .filter(([, live, desired]) => canonicalJson(live ?? null) !== canonicalJson(desired ?? null))
    .map(([field, live, desired]) => ({ field, live: live ?? null, desired: desired ?? null }))
}

/** Live entities of the topology's vhosts that the file does not name; with prune, the empty and unused ones are deleted. */
function notInFile(topology: LoadedTopology, live: LiveState, options: PlanOptions): PlanItem[] {
  if (live.source !== 'management' || live.bindings === null) return []
  const items: PlanItem[] = []
  const vhosts = new Set([
    topology.defaultVhost,
    ...topology.vhosts.map((v) => v.name),
    ...topology.exchanges.map((e) => e.vhost),
    ...topology.queues.map((q) => q.vhost),
  ])
  const exchanges = new Set(topology.exchanges.map((e) => key(e.vhost, e.name)))
  const queues = new Set(topology.queues.map((q) => key(q.vhost, q.name)))
  const bindings = new Set(topology.bindings.map((b) => key(b.vhost, bindingKey(b))))
  const policies = new Set(topology.policies.map((p) => key(p.vhost, p.name)))
  const exclusive = new Set(live.queues.filter((q) => q.attributes?.exclusive).map((q) => key(q.vhost, q.name)))

  const prunedBindings = new Set<LiveBinding>()
  for (const b of live.bindings) {
    if (!vhosts.has(b.vhost) || b.source === '' || bindings.has(key(b.vhost, bindingKey(b)))) continue
    if (b.destinationType === 'queue' && exclusive.has(key(b.vhost, b.destination))) continue
    if (options.prune) prunedBindings.add(b)
    items.push({ kind: 'binding', vhost: b.vhost, name: bindingLabel(b), action: options.prune ? 'delete' : 'not-in-file', live: b })
  }
  for (const q of live.queues) {
    if (!vhosts.has(q.vhost) || queues.has(key(q.vhost, q.name)) || q.attributes?.exclusive || q.name.startsWith('amq.')) continue
    const busy = (q.messages ?? 0) > 0 || (q.consumers ?? 0) > 0
    const counts = { messages: q.messages ?? 0, consumers: q.consumers ?? 0 }
    if (options.prune && !busy) items.push({ kind: 'queue', vhost: q.vhost, name: q.name, action: 'delete', ...counts })
    else
      items.push({
        kind: 'queue',
        vhost: q.vhost,
        name: q.name,
        action: 'not-in-file',
        ...counts,
        ...(options.prune ? { hint: `not pruned: it holds ${counts.messages} message(s) and has ${counts.consumers} consumer(s)` } : {}),
      })
  }
  const desiredEnds = new Set(
    topology.bindings.flatMap((b) => [key(b.vhost, b.source), ...(b.destinationType === 'exchange' ? [key(b.vhost, b.destination)] : [])]),
  )
  for (const e of live.exchanges) {
    if (!vhosts.has(e.vhost) || isBuiltInExchange(e.name) || exchanges.has(key(e.vhost, e.name))) continue
    const used =
      desiredEnds.has(key(e.vhost, e.name)) ||
      live.bindings.some(
        (b) => b.vhost === e.vhost && !prunedBindings.has(b) && (b.source === e.name || (b.destinationType === 'exchange' && b.destination === e.name)),
      )
    if (options.prune && !used) items.push({ kind: 'exchange', vhost: e.vhost, name: e.name, action: 'delete' })
    else
      items.push({
        kind: 'exchange',
        vhost: e.vhost,
        name: e.name,
        action: 'not-in-file',
        ...(options.prune ? { hint: 'not pruned: bindings still use it' } : {}),
      })
  }
  for (const p of live.policies ?? []) {
    if (!vhosts.has(p.vhost) || policies.has(key(p.vhost, p.name))) continue
    items.push({ kind: 'policy', vhost: p.vhost, name: p.name, action: options.prune ? 'delete' : 'not-in-file' })
  }
  return items
}

/** Items that differ from the file (what --check fails on). */
export function changesOf(plan: QueuePlan): PlanItem[] {
  return plan.items.filter((i) => i.action !== 'unchanged')
}
