// The queue operations composed: settings -> topology file -> live state -> plan -> apply / status.
import type { ChannelModel } from 'amqplib'
import type { Config } from '../core/config'
import { connectRabbitmq, RabbitmqManagement } from '../core/connections'
import { InfraError, ServiceUnreachableError } from '../core/errors'
import { applyPlan, type ApplyOptions, type ApplyResult } from './apply-plan'
import { UnknownReferenceError } from './errors'
import type { LiveState } from './live-state'
import { loadTopology, topologyPathOf, type LoadedTopology } from './load-topology'
import { planTopology, type PlanOptions, type QueuePlan } from './planner'
import { countMessages, readLiveStateByManagement, readLiveStateByPassiveChecks, vhostsOf, type VhostConnector } from './read-live-state'

export interface QueueSettings {
  file: string
  displayFile: string
  url: string
  managementUrl: string | false
  timeoutMs: number
  /** the URL's vhost ("/" when it names none) */
  defaultVhost: string
}

export function queueSettingsOf(config: Config, flags: { file?: string }): QueueSettings {
  const { file, displayFile } = topologyPathOf(config.root, flags.file ?? config.queue.file)
  return {
    file,
    displayFile,
    url: config.rabbitmq.url,
    managementUrl: config.rabbitmq.managementUrl,
    timeoutMs: config.connectTimeout,
    defaultVhost: vhostOfUrl(config.rabbitmq.url),
  }
}

export function vhostOfUrl(url: string): string {
  const pathname = new URL(url).pathname
  return pathname === '' || pathname === '/' ? '/' : decodeURIComponent(pathname.slice(1))
}

/** A connection per vhost; null when the broker says the vhost does not exist. */
function connectorOf(settings: QueueSettings): VhostConnector {
  return async (vhost) => {
    try {
      return await connectRabbitmq({ url: settings.url, timeoutMs: settings.timeoutMs, vhost })
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      if (/NOT_ALLOWED|vhost .* not found|access to vhost/i.test(message)) return null
      throw error
    }
  }
}

export interface QueueSession {
  topology: LoadedTopology
  live: LiveState
  plan: QueuePlan
  management: RabbitmqManagement | null
  connect: VhostConnector
}

/** File -> live state -> plan. Binding ends declared nowhere are invalid input (exit 4). */
export async function planQueues(settings: QueueSettings, options: PlanOptions = {}): Promise<QueueSession> {
  const topology = loadTopology({ file: settings.file, displayFile: settings.displayFile, defaultVhost: settings.defaultVhost })
  const connect = connectorOf(settings)
  let management: RabbitmqManagement | null = settings.managementUrl === false ? null : new RabbitmqManagement(settings.managementUrl, settings.timeoutMs)
  let live: LiveState
  try {
    if (!management) throw new ServiceUnreachableError('RabbitMQ management API', 'rabbitmq.managementUrl', undefined)
    live = await readLiveStateByManagement(management, vhostsOf(topology))
  } catch (error) {
    if (!(error instanceof ServiceUnreachableError)) throw error
    const reason = settings.managementUrl === false ? 'rabbitmq.managementUrl is false' : error.message
    management = null
    live = await readLiveStateByPassiveChecks(topology, connect, reason)
  }
  const plan = planTopology(topology, live, options)
  if (plan.missingReferences.length > 0) throw new UnknownReferenceError(topology.file, plan.missingReferences)
  return { topology, live, plan, management, connect }
}

export interface DeclareReport {
  plan: QueuePlan
  result: ApplyResult
}

export async function declareQueues(
  settings: QueueSettings,
  options: PlanOptions & ApplyOptions & { onPlanned?: (plan: QueuePlan) => void } = {},
): Promise<DeclareReport> {
  const session = await planQueues(settings, options)
  options.onPlanned?.(session.plan)
  const result = await applyPlan(
    session.plan,
    { connect: session.connect, management: session.management, managementReason: session.live.fallbackReason },
    options,
  )
  return { plan: session.plan, result }
}

export type QueueMatch = 'yes' | 'missing' | 'conflict' | 'not-in-file'

export interface QueueStatusRow {
  vhost: string
  name: string
  matches: QueueMatch
  ready: number | null
  unacknowledged: number | null
  consumers: number | null
}

export interface QueueStatusReport {
  file: string
  source: LiveState['source']
  queues: QueueStatusRow[]
}

/** Per queue of the file and of the broker: messages ready and unacknowledged, consumers, and whether it matches the file. */
export async function queueStatus(settings: QueueSettings): Promise<QueueStatusReport> {
  const session = await planQueues(settings)
  const liveByKey = new Map(session.live.queues.map((q) => [`${q.vhost}\u0000${q.name}`, q]))
  const rows: QueueStatusRow[] = session.plan.items
    .filter((i) => i.kind === 'queue')
    .map((item) => {
      const live = liveByKey.get(`${item.vhost}\u0000${item.name}`)
      const matches: QueueMatch =
        item.action === 'create' ? 'missing' : item.action === 'conflict' ? 'conflict' : item.action === 'not-in-file' ? 'not-in-file' : 'yes'
      return {
        vhost: item.vhost,
        name: item.name,
        matches,
        ready: live?.ready ?? null,
        unacknowledged: live?.unacknowledged ?? null,
        consumers: live?.consumers ?? null,
      }
    })
  // exact ready and consumer counts (the management API's statistics lag a few seconds)
  for (const vhost of new Set(rows.filter((r) => r.matches !== 'missing').map((r) => r.vhost))) {
    let connection: ChannelModel | null = null
    try {
      connection = await session.connect(vhost)
      if (!connection) continue
      const mine = rows.filter((r) => r.vhost === vhost && r.matches !== 'missing')
      const counts = await countMessages(
        connection,
        mine.map((r) => r.name),
      )
      for (const row of mine) {
        const count = counts.get(row.name)
        if (!count) continue
        row.ready = count.messages
        row.consumers = count.consumers
      }
    } catch (error) {
      if (error instanceof InfraError) throw error
    } finally {
      await connection?.close().catch(() => undefined)
    }
  }
  return { file: session.topology.file, source: session.live.source, queues: rows }
}
