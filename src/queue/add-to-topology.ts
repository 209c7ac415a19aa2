// For the commands that add what they need to the topology file (outbox init, generate publisher / consumer): the
// file's text with more exchanges, queues and bindings, comments and layout kept (yaml's Document API). An entity of
// the same name (and vhost) already there is left as it is. Pure: the caller reads and writes the file.
import type { Document, YAMLSeq } from 'yaml'
import { InvalidInputError } from '../core/errors'
import type { ExchangeType } from './model'

export interface ExchangeDeclaration {
  name: string
  type: ExchangeType
  durable?: boolean
  vhost?: string
}

export interface QueueDeclaration {
  name: string
  type?: 'classic' | 'quorum'
  vhost?: string
  /** the retry short-hand: delay queue `<name>.retry` with this TTL, dead-letter queue `<name>.dead` after `attempts` */
  retry?: { delayMs: number; attempts: number }
}

export interface BindingDeclaration {
  exchange: string
  queue: string
  routingKey: string
  vhost?: string
}

export interface TopologyAdditions {
  exchanges?: readonly ExchangeDeclaration[]
  queues?: readonly QueueDeclaration[]
  bindings?: readonly BindingDeclaration[]
}

/** What was added, by kind (names; a binding as `exchange -> queue (routing key)`). */
export interface TopologyChanges {
  text: string
  added: { exchanges: string[]; queues: string[]; bindings: string[] }
  /** already in the file, left unchanged */
  present: { exchanges: string[]; queues: string[]; bindings: string[] }
}

const EMPTY_TOPOLOGY = '# RabbitMQ topology, declared by `infra queue declare` (docs/queue.md)\nexchanges: []\n'

export function addToTopology(text: string | undefined, additions: TopologyAdditions, file = 'infra/rabbitmq/topology.yaml'): TopologyChanges {
  const yaml = require('yaml') as typeof import('yaml')
  const source = text && text.trim() !== '' ? text : EMPTY_TOPOLOGY
  const document = parse(yaml, source, file)
  const changes: TopologyChanges = {
    text: text ?? source,
    added: { exchanges: [], queues: [], bindings: [] },
    present: { exchanges: [], queues: [], bindings: [] },
  }
  const vhostOf = (item: unknown) => (yaml.isMap(item) ? (item.get('vhost') ?? undefined) : undefined)
  for (const exchange of additions.exchanges ?? []) {
    const list = listOf(yaml, document, 'exchanges', file)
    if (list.items.some((item) => yaml.isMap(item) && item.get('name') === exchange.name && vhostOf(item) === exchange.vhost)) {
      changes.present.exchanges.push(exchange.name)
      continue
    }
    const entry: Record<string, unknown> = { name: exchange.name, type: exchange.type }
    if (exchange.durable === false) entry.durable = false
    if (exchange.vhost !== undefined) entry.vhost = exchange.vhost
    append(document, list, entry)
    changes.added.exchanges.push(exchange.name)
  }
  for (const queue of additions.queues ?? []) {
    const list = listOf(yaml, document, 'queues', file)
    if (list.items.some((item) => yaml.isMap(item) && item.get('name') === queue.name && vhostOf(item) === queue.vhost)) {
      changes.present.queues.push(queue.name)
      continue
    }
    const entry: Record<string, unknown> = { name: queue.name }
    if (queue.type !== undefined && queue.type !== 'classic') entry.type = queue.type
    if (queue.vhost !== undefined) entry.vhost = queue.vhost
    if (queue.retry) entry.retry = { delay: durationText(queue.retry.delayMs), attempts: queue.retry.attempts }
    append(document, list, entry)
    changes.added.queues.push(queue.name)
  }
  for (const binding of additions.bindings ?? []) {
    const list = listOf(yaml, document, 'bindings', file)
    const label = `${binding.exchange} -> ${binding.queue} (${binding.routingKey})`
    const same = (item: unknown) =>
      yaml.isMap(item) &&
      item.get('exchange') === binding.exchange &&
      item.get('queue') === binding.queue &&
      vhostOf(item) === binding.vhost &&
      (item.get('routingKey') === binding.routingKey || routingKeysOf(yaml, item).includes(binding.routingKey))
    if (list.items.some(same)) {
      changes.present.bindings.push(label)
      continue
    }
    const entry: Record<string, unknown> = { exchange: binding.exchange, queue: binding.queue, routingKey: binding.routingKey }
    if (binding.vhost !== undefined) entry.vhost = binding.vhost
    append(document, list, entry)
    changes.added.bindings.push(label)
  }
  const added = changes.added.exchanges.length + changes.added.queues.length + changes.added.bindings.length
  if (added > 0) changes.text = document.toString()
  return changes
}

function parse(yaml: typeof import('yaml'), source: string, file: string): Document {
  const document = yaml.parseDocument(source)
  const [error] = document.errors
  if (error) {
    throw new InvalidInputError({
      code: 'TOPOLOGY_UNREADABLE',
      message: `${file}${error.linePos ? `:${error.linePos[0].line}` : ''}: ${error.message.split('\n')[0]}`,
      hint: 'Fix the YAML syntax, then run the command again.',
    })
  }
  if (document.contents === null) document.contents = document.createNode({}) as never
  if (!yaml.isMap(document.contents))
    throw new InvalidInputError({
      code: 'TOPOLOGY_INVALID',
      message: `${file}: expected a map at the top level (exchanges:, queues:, ...)`,
      hint: 'See docs/queue.md.',
    })
  return document
}

/** The top-level list `key:`, created (empty, block style) when missing or null. */
function listOf(yaml: typeof import('yaml'), document: Document, key: string, file: string): YAMLSeq {
  let list = document.get(key, true)
  if (list === undefined || list === null || (yaml.isScalar(list) && list.value === null)) {
    list = document.createNode([])
    document.set(key, list)
  }
  if (!yaml.isSeq(list)) throw new InvalidInputError({ code: 'TOPOLOGY_INVALID', message: `${file}: ${key}: expected a list`, hint: 'See docs/queue.md.' })
  return list
}

function append(document: Document, list: YAMLSeq, entry: Record<string, unknown>): void {
  // a flow-style empty list ([]) would put the new entry inline: switch it to block style
  if (list.items.length === 0) list.flow = false
  list.items.push(document.createNode(entry))
}

function routingKeysOf(yaml: typeof import('yaml'), item: import('yaml').YAMLMap): unknown[] {
  const keys = item.get('routingKeys', true)
  return yaml.isSeq(keys) ? keys.items.map((k) => (yaml.isScalar(k) ? k.value : k)) : []
}

/** 30000 -> `30s`, 90000 -> `90s`, 1500 -> 1500 (the topology file takes both) */
function durationText(ms: number): string | number {
  return ms % 1000 === 0 ? `${ms / 1000}s` : ms
}
