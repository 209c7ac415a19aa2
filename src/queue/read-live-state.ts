// Live state from the broker: the management API (one call per entity kind and vhost) when it answers, else passive
// checks on throwaway channels (a failed check closes only its own channel).
import type { ChannelModel } from 'amqplib'
import { InfraError } from '../core/errors'
import type { RabbitmqManagement } from '../core/connections'
import type { LoadedTopology } from './load-topology'
import type { Difference, LiveBinding, LiveExchange, LivePolicy, LiveQueue, LiveState } from './live-state'
import type { ExchangeType, PolicyTarget, QueueType } from './model'
import { runOnChannels } from './run-on-channels'

/** The vhosts a topology touches: its own list, the default one, and every entity's. */
export function vhostsOf(topology: LoadedTopology): string[] {
  const names = new Set([topology.defaultVhost, ...topology.vhosts.map((v) => v.name)])
  for (const entity of [...topology.exchanges, ...topology.queues, ...topology.bindings, ...topology.policies]) names.add(entity.vhost)
  return [...names]
}

interface ManagementQueue {
  name: string
  durable: boolean
  auto_delete: boolean
  exclusive: boolean
  arguments: Record<string, unknown>
  type?: string
  messages?: number
  messages_ready?: number
  messages_unacknowledged?: number
  consumers?: number
}

/** Everything in the topology's vhosts, read through the management API in one request per kind and vhost. */
export async function readLiveStateByManagement(management: RabbitmqManagement, vhosts: readonly string[]): Promise<LiveState> {
  const existing = new Set((await management.get<{ name: string }[]>('/vhosts?columns=name')).map((v) => v.name))
  const present = vhosts.filter((v) => existing.has(v))
  const perVhost = await Promise.all(
    present.map(async (vhost) => {
      const v = encodeURIComponent(vhost)
      const [exchanges, queues, bindings, policies] = await Promise.all([
        management.get<{ name: string; type: string; durable: boolean; auto_delete: boolean; internal: boolean; arguments: Record<string, unknown> }[]>(
          `/exchanges/${v}?columns=name,type,durable,auto_delete,internal,arguments`,
        ),
        management.get<ManagementQueue[]>(
          `/queues/${v}?columns=name,durable,auto_delete,exclusive,arguments,type,messages,messages_ready,messages_unacknowledged,consumers`,
        ),
        management.get<
          { source: string; destination: string; destination_type: 'queue' | 'exchange'; routing_key: string; arguments: Record<string, unknown> }[]
        >(`/bindings/${v}?columns=source,destination,destination_type,routing_key,arguments`),
        management.get<{ name: string; pattern: string; 'apply-to': string; priority: number; definition: Record<string, unknown> }[]>(`/policies/${v}`),
      ])
      return {
        exchanges: exchanges.map((e): LiveExchange => ({
          vhost,
          name: e.name,
          attributes: { type: e.type as ExchangeType, durable: e.durable, autoDelete: e.auto_delete, internal: e.internal, arguments: e.arguments ?? {} },
        })),
        queues: queues.map((q) => liveQueueOf(vhost, q)),
        bindings: bindings.map((b): LiveBinding => ({
          vhost,
          source: b.source,
          destination: b.destination,
          destinationType: b.destination_type,
          routingKey: b.routing_key,
          arguments: b.arguments ?? {},
        })),
        policies: policies.map((p): LivePolicy => ({
          vhost,
          name: p.name,
          pattern: p.pattern,
          applyTo: p['apply-to'] as PolicyTarget,
          priority: p.priority,
          definition: p.definition,
        })),
      }
    }),
  )
  return {
    source: 'management',
    vhosts: present,
    exchanges: perVhost.flatMap((v) => v.exchanges),
    queues: perVhost.flatMap((v) => v.queues),
    bindings: perVhost.flatMap((v) => v.bindings),
    policies: perVhost.flatMap((v) => v.policies),
  }
}

function liveQueueOf(vhost: string, q: ManagementQueue): LiveQueue {
  const { 'x-queue-type': typeArgument, ...args } = q.arguments ?? {}
  const queueType = (q.type ?? typeArgument ?? 'classic') as QueueType
  return {
    vhost,
    name: q.name,
    attributes: { queueType, durable: q.durable, autoDelete: q.auto_delete, exclusive: q.exclusive, arguments: args },
    // statistics appear a few seconds after a queue is declared: until then, count from a passive check (see refineCounts)
    ...(q.messages === undefined ? {} : { messages: q.messages }),
    ...(q.messages_ready === undefined ? {} : { ready: q.messages_ready }),
    ...(q.messages_unacknowledged === undefined ? {} : { unacknowledged: q.messages_unacknowledged }),
    ...(q.consumers === undefined ? {} : { consumers: q.consumers }),
  }
}

/** A connection per vhost, opened on demand; null when the vhost does not exist (or refuses this user). */
export type VhostConnector = (vhost: string) => Promise<ChannelModel | null>

/**
 * Without the management API: for each exchange and queue the file names, a passive check (does it exist?), then for
 * those that exist, the file's declaration tried on a throwaway channel: the broker accepts an equivalent declaration
 * as a no-op and refuses an inequivalent one, naming the argument. Bindings and policies cannot be read this way.
 */
export async function readLiveStateByPassiveChecks(topology: LoadedTopology, connect: VhostConnector, fallbackReason: string): Promise<LiveState> {
  const state: LiveState = { source: 'passive', vhosts: [], exchanges: [], queues: [], bindings: null, policies: null, fallbackReason }
  for (const vhost of vhostsOf(topology)) {
    const connection = await connect(vhost)
    if (!connection) continue
    state.vhosts.push(vhost)
    const exchanges = [
      ...topology.exchanges.filter((e) => e.vhost === vhost).map((e) => e.name),
      ...topology.external.filter((r) => r.vhost === vhost && r.kind === 'exchange').map((r) => r.name),
    ]
    const queues = [
      ...topology.queues.filter((q) => q.vhost === vhost).map((q) => q.name),
      ...topology.external.filter((r) => r.vhost === vhost && r.kind === 'queue').map((r) => r.name),
    ]
    const exchangeChecks = await runOnChannels(connection, exchanges, (channel, name) => channel.checkExchange(name))
    const queueChecks = await runOnChannels(connection, queues, (channel, name) => channel.checkQueue(name))
    const foundExchanges = exchanges.filter((_, i) => exchangeChecks[i]!.ok)
    const foundQueues = queues.filter((_, i) => queueChecks[i]!.ok)
    const exchangeSpecs = topology.exchanges.filter((e) => e.vhost === vhost && foundExchanges.includes(e.name))
    const queueSpecs = topology.queues.filter((q) => q.vhost === vhost && foundQueues.includes(q.name))
    const exchangeProbes = await runOnChannels(connection, exchangeSpecs, (channel, e) =>
      channel.assertExchange(e.name, e.type, { durable: e.durable, autoDelete: e.autoDelete, internal: e.internal, arguments: e.arguments }),
    )
    const queueProbes = await runOnChannels(connection, queueSpecs, (channel, q) =>
      channel.assertQueue(q.name, { durable: q.durable, autoDelete: q.autoDelete, arguments: declaredArguments(q) }),
    )
    for (const name of foundExchanges) {
      const index = exchangeSpecs.findIndex((e) => e.name === name)
      const probe = index < 0 ? undefined : exchangeProbes[index]
      state.exchanges.push({ vhost, name, ...(probe && !probe.ok ? { inequivalent: inequivalenceOf(probe.error) } : {}) })
    }
    queues.forEach((name, i) => {
      const check = queueChecks[i]!
      if (!check.ok) return
      const index = queueSpecs.findIndex((q) => q.name === name)
      const probe = index < 0 ? undefined : queueProbes[index]
      const counted = check.value as { messageCount: number; consumerCount: number }
      state.queues.push({
        vhost,
        name,
        messages: counted.messageCount,
        ready: counted.messageCount,
        consumers: counted.consumerCount,
        ...(probe && !probe.ok ? { inequivalent: inequivalenceOf(probe.error) } : {}),
      })
    })
    await connection.close().catch(() => undefined)
  }
  return state
}

/** The arguments a queue is declared with: x-queue-type only for non-classic queues (as the broker stores classic ones). */
export function declaredArguments(q: { queueType: QueueType; arguments: Record<string, unknown> }): Record<string, unknown> {
  return q.queueType === 'classic' ? q.arguments : { ...q.arguments, 'x-queue-type': q.queueType }
}

/** The broker's PRECONDITION_FAILED text, e.g. "inequivalent arg 'x-message-ttl' for queue 'q' in vhost 'v': received '1' but current is '2'". */
export function inequivalenceOf(error: unknown): Difference[] {
  const message = error instanceof Error ? error.message : String(error)
  const match = /inequivalent arg '([^']+)'.*?received (.*?) but current is (.*?)(?:"|$)/.exec(message)
  if (match) return [{ field: match[1]!, live: match[3]!.trim(), desired: match[2]!.trim() }]
  if (error instanceof InfraError) throw error
  return [{ field: 'declaration', live: message.replace(/^Operation failed: \w+; /, ''), desired: 'as in the file' }]
}

/**
 * Exact message and consumer counts from passive checks (the management API's statistics lag a few seconds behind):
 * used before a queue is deleted and by `queue status`.
 */
export async function countMessages(connection: ChannelModel, names: readonly string[]): Promise<Map<string, { messages: number; consumers: number } | null>> {
  const results = await runOnChannels(connection, names, (channel, name) => channel.checkQueue(name))
  return new Map(
    names.map((name, i) => {
      const r = results[i]!
      return [
        name,
        r.ok ? { messages: (r.value as { messageCount: number }).messageCount, consumers: (r.value as { consumerCount: number }).consumerCount } : null,
      ]
    }),
  )
}
