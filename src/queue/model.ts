// The desired topology, normalised: what the planner compares with the broker. Both file formats (topology.yaml and a
// RabbitMQ definitions export) load into these shapes; arguments are kept exactly as the broker stores them.

/** AMQP arguments (`x-...`), as the broker stores them. */
export type AmqpArguments = Record<string, unknown>

/** Where an entity came from: the file and the path inside it (line when the format has lines). */
export interface Origin {
  file: string
  path: readonly (string | number)[]
  line?: number
}

export type ExchangeType = 'direct' | 'topic' | 'fanout' | 'headers' | `x-${string}`
export type QueueType = 'classic' | 'quorum' | 'stream'

export interface ExchangeSpec {
  vhost: string
  name: string
  type: ExchangeType
  durable: boolean
  autoDelete: boolean
  internal: boolean
  /** includes `alternate-exchange` */
  arguments: AmqpArguments
  origin: Origin
}

/** The retry short-hand, expanded: the delay queue and the dead-letter queue it created (for consumers to read). */
export interface RetrySpec {
  delayMs: number
  attempts: number
  delayQueue: string
  deadLetterQueue: string
}

export interface QueueSpec {
  vhost: string
  name: string
  queueType: QueueType
  durable: boolean
  autoDelete: boolean
  /** every argument except `x-queue-type` (kept in queueType) */
  arguments: AmqpArguments
  retry?: RetrySpec
  origin: Origin
}

export interface BindingSpec {
  vhost: string
  source: string
  destination: string
  destinationType: 'queue' | 'exchange'
  routingKey: string
  arguments: AmqpArguments
  origin: Origin
}

export type PolicyTarget = 'queues' | 'exchanges' | 'all' | 'classic_queues' | 'quorum_queues' | 'streams'

export interface PolicySpec {
  vhost: string
  name: string
  pattern: string
  applyTo: PolicyTarget
  priority: number
  definition: Record<string, unknown>
  origin: Origin
}

export interface VhostSpec {
  name: string
  origin: Origin
}

export interface Topology {
  file: string
  format: 'topology' | 'definitions'
  /** the vhost of entities that name none (the connection URL's) */
  defaultVhost: string
  vhosts: VhostSpec[]
  exchanges: ExchangeSpec[]
  queues: QueueSpec[]
  bindings: BindingSpec[]
  policies: PolicySpec[]
  /** what was read but not declared (users, permissions, parameters of a definitions export) */
  notices: string[]
}

/** The exchanges every vhost has: never created, compared or pruned. */
export function isBuiltInExchange(name: string): boolean {
  return name === '' || name.startsWith('amq.')
}

/** A binding's identity within its vhost (bindings have no name). */
export function bindingKey(b: Pick<BindingSpec, 'source' | 'destination' | 'destinationType' | 'routingKey' | 'arguments'>): string {
  return `${b.source}\u0000${b.destinationType}\u0000${b.destination}\u0000${b.routingKey}\u0000${canonicalJson(b.arguments)}`
}

/** A readable name of a binding: `source -> queue:dest [key]`. */
export function bindingLabel(b: Pick<BindingSpec, 'source' | 'destination' | 'destinationType' | 'routingKey' | 'arguments'>): string {
  const args = Object.keys(b.arguments).length > 0 ? ` ${canonicalJson(b.arguments)}` : ''
  return `${b.source || '(default)'} -> ${b.destinationType}:${b.destination} [${b.routingKey}]${args}`
}

/** JSON with sorted keys: equal values give equal text whatever the key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value))
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    )
  }
  return value
}

/** `file: path (line n)` for messages. */
export function describeOrigin(origin: Origin): string {
  return `${origin.file}: ${formatPath(origin.path)}${origin.line === undefined ? '' : ` (line ${origin.line})`}`
}

export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(top level)'
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_][\w]*$/.test(p) ? `${i === 0 ? '' : '.'}${p}` : `[${JSON.stringify(p)}]`)).join('')
}
