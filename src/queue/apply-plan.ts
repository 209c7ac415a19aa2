// Apply: the plan's changes, idempotently. Every refusal is found before the first declaration (conflicts, queues that
// hold messages); then, per vhost: deletes for --recreate (queues, then exchanges), exchanges and queues, bindings,
// prune, policies.
import type { ChannelModel } from 'amqplib'
import type { RabbitmqManagement } from '../core/connections'
import { DeclareFailedError, ManagementRequiredError, QueueConflictError, QueueNotEmptyError } from './errors'
import { bindingLabel, type BindingSpec } from './model'
import type { PlanItem, QueuePlan } from './planner'
import { countMessages, declaredArguments, type VhostConnector } from './read-live-state'
import { runOnChannels, type Outcome } from './run-on-channels'

export interface ApplyTarget {
  connect: VhostConnector
  /** null when the management API is not used */
  management: RabbitmqManagement | null
  managementReason?: string
}

export interface ApplyOptions {
  force?: boolean
  /** called once per change applied (progress) */
  onChange?: (item: PlanItem) => void
  /** before a queue holding messages is deleted (--recreate --force) */
  onDeleteMessages?: (queue: { vhost: string; name: string; messages: number }) => void
}

export interface ApplyResult {
  applied: number
  /** queues deleted and declared again, with the messages they held */
  recreated: { vhost: string; name: string; messages: number }[]
  /** exchanges deleted and declared again (their bindings from the file are bound again) */
  recreatedExchanges: { vhost: string; name: string }[]
  pruned: number
  /** not-in-file entities prune left because the broker found them in use */
  notPruned: { kind: string; vhost: string; name: string; reason: string }[]
}

/** quorum queues and streams refuse if-empty on delete (their count was checked exactly just before) */
function isClassic(item: PlanItem): boolean {
  return item.kind !== 'queue' || !item.spec || item.spec.queueType === 'classic'
}

const CHANGES = new Set(['create', 'recreate', 'update', 'delete', 'unverified'])

export async function applyPlan(plan: QueuePlan, target: ApplyTarget, options: ApplyOptions = {}): Promise<ApplyResult> {
  const conflicts = plan.items.filter((i) => i.action === 'conflict')
  if (conflicts.length > 0) throw new QueueConflictError(plan.file, conflicts)
  const changes = plan.items.filter((i) => CHANGES.has(i.action))
  const result: ApplyResult = { applied: 0, recreated: [], recreatedExchanges: [], pruned: 0, notPruned: [] }
  if (changes.length === 0) return result
  if (!target.management) {
    const needing = changes.filter((i) => i.kind === 'vhost' || i.kind === 'policy')
    if (needing.length > 0)
      throw new ManagementRequiredError(
        needing[0]!.kind === 'vhost' ? `creating vhost "${needing[0]!.name}"` : 'policies',
        target.managementReason ?? 'rabbitmq.managementUrl is false',
      )
  }

  const connections = new Map<string, ChannelModel>()
  const connectionOf = async (vhost: string) => {
    let connection = connections.get(vhost)
    if (!connection) {
      connection = (await target.connect(vhost)) ?? undefined
      if (!connection) throw new DeclareFailedError(`anything in vhost "${vhost}"`, new Error('the vhost does not exist or refuses this user'), result.applied)
      connections.set(vhost, connection)
    }
    return connection
  }
  try {
    // refusals first: a queue to recreate that holds messages (counted exactly, not from lagging statistics)
    const recreate = changes.filter((i) => i.kind === 'queue' && i.action === 'recreate')
    const counted: { vhost: string; name: string; messages: number }[] = []
    for (const vhost of new Set(recreate.map((i) => i.vhost))) {
      const names = recreate.filter((i) => i.vhost === vhost).map((i) => i.name)
      const counts = await countMessages(await connectionOf(vhost), names)
      for (const name of names) counted.push({ vhost, name, messages: counts.get(name)?.messages ?? 0 })
    }
    const holding = counted.filter((q) => q.messages > 0)
    if (holding.length > 0 && !options.force) throw new QueueNotEmptyError(holding)

    for (const item of changes.filter((i) => i.kind === 'vhost')) {
      await target.management!.request('PUT', `/vhosts/${encodeURIComponent(item.name)}`, {})
      done(item)
    }
    for (const vhost of new Set(changes.filter((i) => i.kind !== 'vhost').map((i) => i.vhost))) {
      const mine = changes.filter((i) => i.vhost === vhost && i.kind !== 'vhost')
      const amqpWork = mine.some((i) => i.kind !== 'policy')
      const connection = amqpWork ? await connectionOf(vhost) : undefined

      for (const q of counted.filter((c) => c.vhost === vhost)) {
        if (q.messages > 0) options.onDeleteMessages?.(q)
      }
      await run(
        connection,
        mine.filter((i) => i.kind === 'queue' && i.action === 'recreate'),
        (channel, item) => channel.deleteQueue(item.name, options.force || !isClassic(item) ? {} : { ifEmpty: true }).then(() => undefined),
        'deleting',
      )
      result.recreated.push(...counted.filter((c) => c.vhost === vhost))
      // a conflicting exchange the planner found safe to delete (or --force): gone with its bindings, declared below
      const exchanges = mine.filter((i) => i.kind === 'exchange' && i.action === 'recreate')
      await run(connection, exchanges, (channel, item) => channel.deleteExchange(item.name).then(() => undefined), 'deleting')
      result.recreatedExchanges.push(...exchanges.map((i) => ({ vhost, name: i.name })))

      const declarations = mine.filter((i) => (i.kind === 'exchange' || i.kind === 'queue') && (i.action === 'create' || i.action === 'recreate'))
      await run(connection, declarations, async (channel, item) => {
        if (item.kind === 'exchange' && item.spec) {
          const e = item.spec
          await channel.assertExchange(e.name, e.type, { durable: e.durable, autoDelete: e.autoDelete, internal: e.internal, arguments: e.arguments })
        } else if (item.kind === 'queue' && item.spec) {
          const q = item.spec
          await channel.assertQueue(q.name, { durable: q.durable, autoDelete: q.autoDelete, arguments: declaredArguments(q) })
        }
      })
      const bindings = mine.filter((i) => i.kind === 'binding' && i.spec !== undefined && (i.action === 'create' || i.action === 'unverified'))
      await run(connection, bindings, (channel, item) => {
        const b = (item as { spec: BindingSpec }).spec
        return (
          b.destinationType === 'queue'
            ? channel.bindQueue(b.destination, b.source, b.routingKey, b.arguments)
            : channel.bindExchange(b.destination, b.source, b.routingKey, b.arguments)
        ).then(() => undefined)
      })
      await prune(connection, mine, result)
      for (const item of mine.filter((i) => i.kind === 'policy')) {
        const path = `/policies/${encodeURIComponent(vhost)}/${encodeURIComponent(item.name)}`
        if (item.action === 'delete') await target.management!.request('DELETE', path)
        else if (item.spec) {
          const p = item.spec
          await target.management!.request('PUT', path, { pattern: p.pattern, 'apply-to': p.applyTo, priority: p.priority, definition: p.definition })
        }
        done(item)
      }
    }
    return result
  } finally {
    await Promise.all([...connections.values()].map((c) => c.close().catch(() => undefined)))
  }

  function done(item: PlanItem): void {
    result.applied++
    options.onChange?.(item)
  }

  async function run(
    connection: ChannelModel | undefined,
    items: PlanItem[],
    operation: (channel: import('amqplib').Channel, item: PlanItem) => Promise<void>,
    verb = 'declaring',
  ): Promise<void> {
    if (items.length === 0 || !connection) return
    const outcomes = await runOnChannels(connection, items, operation)
    outcomes.forEach((o, i) => {
      if (o.ok) done(items[i]!)
    })
    const failed = outcomes.findIndex((o) => !o.ok)
    if (failed >= 0)
      throw new DeclareFailedError(
        `${verb === 'deleting' ? 'delete' : 'declare'} ${items[failed]!.kind} "${items[failed]!.name}"`,
        (outcomes[failed] as Outcome<void> & { ok: false }).error,
        result.applied,
      )
  }

  // not-in-file entities: bindings first, then queues the broker finds empty and unused, then unused exchanges
  async function prune(connection: ChannelModel | undefined, mine: PlanItem[], into: ApplyResult): Promise<void> {
    if (!connection) return
    const deletes = mine.filter((i) => i.action === 'delete' && i.kind !== 'policy')
    // quorum queues do not support if-empty/if-unused: count exactly, and delete only what is empty and unused now
    const queueNames = deletes.filter((i) => i.kind === 'queue').map((i) => i.name)
    const counts = await countMessages(connection, queueNames)
    const order = ['binding', 'queue', 'exchange'] as const
    for (const kind of order) {
      const items = deletes.filter((i) => i.kind === kind)
      const outcomes = await runOnChannels(connection, items, async (channel, item) => {
        if (item.kind === 'binding' && item.live) {
          const b = item.live
          await (b.destinationType === 'queue'
            ? channel.unbindQueue(b.destination, b.source, b.routingKey, b.arguments)
            : channel.unbindExchange(b.destination, b.source, b.routingKey, b.arguments))
        } else if (item.kind === 'queue') {
          const count = counts.get(item.name)
          if (!count || count.messages > 0 || count.consumers > 0)
            throw new Error(count ? `in use: ${count.messages} message(s), ${count.consumers} consumer(s)` : 'gone')
          await channel.deleteQueue(item.name)
        } else if (item.kind === 'exchange') await channel.deleteExchange(item.name, { ifUnused: true })
      })
      outcomes.forEach((o, i) => {
        const item = items[i]!
        if (o.ok) {
          into.pruned++
          done(item)
        } else
          into.notPruned.push({
            kind: item.kind,
            vhost: item.vhost,
            name: item.kind === 'binding' && item.live ? bindingLabel(item.live) : item.name,
            reason: o.error instanceof Error ? o.error.message : String(o.error),
          })
      })
    }
  }
}
