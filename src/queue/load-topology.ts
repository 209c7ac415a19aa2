// Desired state: the topology file (topology.yaml, or a RabbitMQ definitions export) read, validated and normalised,
// before any connection. Every problem names the file, the path and (for YAML) the line; all are reported together.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { z } from 'zod'
import { InvalidInputError } from '../core/errors'
import { argumentProblems, queueTypeProblems } from './arguments'
import {
  bindingKey,
  bindingLabel,
  describeOrigin,
  formatPath,
  type AmqpArguments,
  type BindingSpec,
  type ExchangeSpec,
  type ExchangeType,
  type Origin,
  type PolicySpec,
  type QueueSpec,
  type QueueType,
  type Topology,
  type VhostSpec,
} from './model'
import {
  DefinitionsSchema,
  looksLikeDefinitions,
  SKIPPED_DEFINITION_KEYS,
  TopologyFileSchema,
  type DefinitionsFile,
  type QueueEntry,
  type TopologyFile,
} from './topology-schema'

type PathPart = string | number

export interface TopologyProblem {
  path: readonly PathPart[]
  line?: number
  message: string
}

/** A binding's end that the file does not declare: it must exist on the broker (checked against live state). */
export interface ExternalReference {
  kind: 'exchange' | 'queue'
  vhost: string
  name: string
  origin: Origin
}

export interface LoadedTopology extends Topology {
  external: ExternalReference[]
}

export interface ParseTopologyOptions {
  text: string
  /** shown in messages (relative to the project root when possible) */
  file: string
  /** the vhost of entities that name none: the connection URL's */
  defaultVhost: string
}

/** Reads `file`; a missing file is invalid input naming it. */
export function loadTopology(options: { file: string; displayFile?: string; defaultVhost: string }): LoadedTopology {
  const shown = options.displayFile ?? options.file
  if (!existsSync(options.file)) {
    throw new InvalidInputError({
      code: 'TOPOLOGY_NOT_FOUND',
      message: `topology file ${shown} does not exist`,
      hint: 'Create infra/rabbitmq/topology.yaml (docs/queue.md), or name another with --file or the config key queue.file.',
      details: { file: shown },
    })
  }
  return parseTopology({ text: readFileSync(options.file, 'utf8'), file: shown, defaultVhost: options.defaultVhost })
}

/** Pure: the text of a topology file -> the normalised topology, or one InvalidInputError listing every problem. */
export function parseTopology(options: ParseTopologyOptions): LoadedTopology {
  const source = readSource(options)
  const problems: TopologyProblem[] = []
  const at = (p: readonly PathPart[], message: string) => problems.push({ path: p, line: source.lineOf(p), message })
  let topology: LoadedTopology
  if (looksLikeDefinitions(source.value)) {
    const parsed = DefinitionsSchema.safeParse(source.value)
    if (!parsed.success) throw invalid(options.file, zodProblems(parsed.error, source.lineOf))
    topology = fromDefinitions(parsed.data, { ...options, lineOf: source.lineOf })
  } else {
    const parsed = TopologyFileSchema.safeParse(source.value ?? {})
    if (!parsed.success) throw invalid(options.file, zodProblems(parsed.error, source.lineOf))
    topology = fromTopologyFile(parsed.data, { ...options, lineOf: source.lineOf, at })
  }
  checkEntities(topology, at)
  if (problems.length > 0) throw invalid(options.file, problems)
  return topology
}

interface Source {
  value: unknown
  lineOf(path: readonly PathPart[]): number | undefined
}

function readSource(options: ParseTopologyOptions): Source {
  const yaml = require('yaml') as typeof import('yaml')
  const positions = () => {
    const lineCounter = new yaml.LineCounter()
    const document = yaml.parseDocument(options.text, { lineCounter, uniqueKeys: true })
    return { lineCounter, document }
  }
  // JSON (a definitions export) parses fast with JSON.parse; its lines are found only when a message needs one
  if (options.file.endsWith('.json')) {
    let value: unknown
    try {
      value = JSON.parse(options.text)
    } catch (error) {
      throw new InvalidInputError({
        code: 'TOPOLOGY_UNREADABLE',
        message: `${options.file}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
        hint: 'Fix the JSON syntax (a definitions export is written by `rabbitmqctl export_definitions`).',
        details: { file: options.file },
      })
    }
    let cached: ReturnType<typeof positions> | undefined
    return { value, lineOf: (p) => lineIn((cached ??= positions()), p) }
  }
  // a large topology.yaml: js-yaml reads the value several times faster than the `yaml` document, and the entities'
  // lines come from a scan of the text; the document (exact position of any path, exact syntax errors) is built only
  // when the fast read fails or a message needs a line the scan does not give
  let cached: ReturnType<typeof positions> | undefined
  const exact = () => (cached ??= positions())
  const fast = fastYaml(options.text)
  if (fast !== undefined) {
    const lines = entityLines(options.text, fast)
    return { value: fast, lineOf: (p) => (p.length === 2 && typeof p[1] === 'number' ? lines.get(String(p[0]))?.[p[1]] : undefined) ?? lineIn(exact(), p) }
  }
  const parsed = exact()
  const [first] = parsed.document.errors
  if (first) {
    const position = first.linePos?.[0]
    throw new InvalidInputError({
      code: 'TOPOLOGY_UNREADABLE',
      message: `${options.file}${position ? `:${position.line}:${position.col}` : ''}: ${first.message.split('\n')[0]}`,
      hint: 'Fix the YAML syntax at that position.',
      details: { file: options.file, line: position?.line, column: position?.col },
    })
  }
  return { value: parsed.document.toJS(), lineOf: (p) => lineIn(parsed, p) }
}

interface JsYaml {
  load(text: string, options: { schema: unknown; json: boolean }): unknown
  CORE_SCHEMA: unknown
}

/** The value of a YAML text by js-yaml (YAML 1.2 core schema, as the `yaml` document reads it); undefined when it refuses the text. */
function fastYaml(text: string): unknown {
  const jsYaml = require('js-yaml') as JsYaml
  try {
    // json: false keeps js-yaml's refusal of duplicate keys (the `yaml` document's uniqueKeys)
    return jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, json: false }) ?? null
  } catch {
    return undefined
  }
}

/**
 * The line of each item of the top-level block sequences (`queues:` followed by `- ...` items), by a scan of the text.
 * A section is listed only when the scan finds exactly as many items as the parsed value has; any other layout (flow
 * sequences, quoted keys) is left to the exact document.
 */
function entityLines(text: string, value: unknown): Map<string, number[]> {
  const found = new Map<string, number[]>()
  let section: string | undefined
  let indent: number | undefined
  text.split('\n').forEach((line, index) => {
    const key = /^([A-Za-z_][\w-]*)\s*:(?:\s|$)/.exec(line)
    if (key) {
      section = key[1]!
      indent = undefined
      found.set(section, [])
      return
    }
    if (section === undefined) return
    const item = /^( *)-(?:\s|$)/.exec(line)
    if (!item) return
    indent ??= item[1]!.length
    if (item[1]!.length === indent) found.get(section)!.push(index + 1)
  })
  const sections = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {}
  for (const [name, lines] of found) {
    const items = sections[name]
    if (!Array.isArray(items) || items.length !== lines.length) found.delete(name)
  }
  return found
}

function lineIn(parsed: { lineCounter: import('yaml').LineCounter; document: import('yaml').Document }, p: readonly PathPart[]): number | undefined {
  for (let length = p.length; length >= 0; length--) {
    const node = parsed.document.getIn(p.slice(0, length), true) as { range?: [number, number, number] } | undefined
    if (node && typeof node === 'object' && node.range) return parsed.lineCounter.linePos(node.range[0]).line
  }
  return undefined
}

function zodProblems(error: z.ZodError, lineOf: Source['lineOf']): TopologyProblem[] {
  return error.issues.map((issue) => {
    const p = issue.path.filter((k): k is PathPart => typeof k !== 'symbol')
    const message =
      issue.code === 'unrecognized_keys' ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message
    return { path: p, line: lineOf(p), message }
  })
}

function invalid(file: string, problems: TopologyProblem[]): InvalidInputError {
  const lines = problems.map((p) => `  ${file}: ${formatPath(p.path)}${p.line === undefined ? '' : ` (line ${p.line})`}: ${p.message}`)
  const first = problems[0]!
  return new InvalidInputError({
    code: 'TOPOLOGY_INVALID',
    message: `${file}: ${problems.length} problem${problems.length > 1 ? 's' : ''} in the topology:\n${lines.join('\n')}`,
    hint: `Fix ${formatPath(first.path)}${first.line === undefined ? '' : ` at line ${first.line}`} (docs/queue.md describes the file).`,
    details: { file, problems: problems.map((p) => ({ path: formatPath(p.path), line: p.line, message: p.message })) },
  })
}

interface Context extends ParseTopologyOptions {
  lineOf: Source['lineOf']
}

function origin(context: Context, p: readonly PathPart[]): Origin {
  return { file: context.file, path: p, line: context.lineOf(p) }
}

function fromTopologyFile(file: TopologyFile, context: Context & { at: (p: readonly PathPart[], message: string) => void }): LoadedTopology {
  const defaultVhost = file.vhost ?? context.defaultVhost
  const vhostOf = (v: string | undefined) => v ?? defaultVhost
  const vhosts: VhostSpec[] = file.vhosts.map((name, i) => ({ name, origin: origin(context, ['vhosts', i]) }))
  const exchanges: ExchangeSpec[] = file.exchanges.map((e, i) => ({
    vhost: vhostOf(e.vhost),
    name: e.name,
    type: e.type as ExchangeType,
    durable: e.durable,
    autoDelete: e.autoDelete,
    internal: e.internal,
    arguments: { ...e.arguments, ...(e.alternateExchange === undefined ? {} : { 'alternate-exchange': e.alternateExchange }) },
    origin: origin(context, ['exchanges', i]),
  }))
  const queues: QueueSpec[] = []
  file.queues.forEach((q, i) => queues.push(...queuesOf(q, { vhost: vhostOf(q.vhost), origin: origin(context, ['queues', i]), at: context.at })))
  const bindings: BindingSpec[] = file.bindings.flatMap((b, i) =>
    (b.routingKeys ?? [b.routingKey ?? '']).map((routingKey) => ({
      vhost: vhostOf(b.vhost),
      source: b.exchange,
      destination: (b.queue ?? b.toExchange)!,
      destinationType: b.queue === undefined ? ('exchange' as const) : ('queue' as const),
      routingKey,
      arguments: b.arguments,
      origin: origin(context, ['bindings', i]),
    })),
  )
  const policies: PolicySpec[] = file.policies.map((p, i) => ({
    vhost: vhostOf(p.vhost),
    name: p.name,
    pattern: p.pattern,
    applyTo: p.applyTo,
    priority: p.priority,
    definition: p.definition,
    origin: origin(context, ['policies', i]),
  }))
  return { file: context.file, format: 'topology', defaultVhost, vhosts, exchanges, queues, bindings, policies, notices: [], external: [] }
}

/** A queue entry with its short-hands turned into arguments; the retry short-hand adds its delay and dead-letter queues. */
function queuesOf(entry: QueueEntry, context: { vhost: string; origin: Origin; at: (p: readonly PathPart[], message: string) => void }): QueueSpec[] {
  const shorthand: AmqpArguments = {}
  const set = (key: string, value: unknown) => {
    if (value !== undefined) shorthand[key] = value
  }
  set('x-dead-letter-exchange', entry.deadLetterExchange)
  set('x-dead-letter-routing-key', entry.deadLetterRoutingKey)
  set('x-message-ttl', entry.messageTtl)
  set('x-expires', entry.expires)
  set('x-max-length', entry.maxLength)
  set('x-max-length-bytes', entry.maxLengthBytes)
  set('x-overflow', entry.overflow)
  set('x-delivery-limit', entry.deliveryLimit)
  set('x-single-active-consumer', entry.singleActiveConsumer)
  for (const key of Object.keys(shorthand)) {
    if (key in entry.arguments) context.at([...context.origin.path, 'arguments', key], `${key} is also set by a short-hand key of this queue: keep one`)
  }
  const { 'x-queue-type': typeArgument, ...rest } = { ...entry.arguments, ...shorthand }
  if (typeArgument !== undefined && typeArgument !== entry.type)
    context.at([...context.origin.path, 'arguments', 'x-queue-type'], `contradicts type: ${entry.type}; use the type key`)
  const base = { vhost: context.vhost, queueType: entry.type as QueueType, durable: entry.durable, autoDelete: entry.autoDelete }
  if (!entry.retry) return [{ ...base, name: entry.name, arguments: rest, origin: context.origin }]

  const retryPath = [...context.origin.path, 'retry']
  const retryOrigin: Origin = { ...context.origin, path: retryPath }
  if (entry.type === 'stream') context.at(retryPath, 'a stream cannot retry: messages are never rejected out of a stream')
  for (const key of ['x-dead-letter-exchange', 'x-dead-letter-routing-key']) {
    if (key in rest)
      context.at(
        retryPath,
        `retry dead-letters the queue into its delay queue: remove ${key} (the dead-letter queue is ${entry.retry.deadLetterQueue ?? `${entry.name}.dead`})`,
      )
  }
  const delayQueue = entry.retry.delayQueue ?? `${entry.name}.retry`
  const deadLetterQueue = entry.retry.deadLetterQueue ?? `${entry.name}.dead`
  const retry = { delayMs: entry.retry.delay, attempts: entry.retry.attempts, delayQueue, deadLetterQueue }
  return [
    // rejected messages go to the delay queue through the default exchange...
    { ...base, name: entry.name, arguments: { ...rest, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': delayQueue }, retry, origin: context.origin },
    // ...wait there for the delay, then return to the work queue
    {
      ...base,
      name: delayQueue,
      arguments: { 'x-message-ttl': entry.retry.delay, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': entry.name },
      origin: retryOrigin,
    },
    // the consumer moves a message here after `attempts` deliveries (counted from x-death)
    { ...base, name: deadLetterQueue, arguments: {}, origin: retryOrigin },
  ]
}

function fromDefinitions(file: DefinitionsFile, context: Context): LoadedTopology {
  const vhostOf = (v: string | undefined) => v ?? context.defaultVhost
  const notices: string[] = []
  for (const key of SKIPPED_DEFINITION_KEYS) {
    const value = (file as Record<string, unknown>)[key]
    const count = Array.isArray(value) ? value.length : 0
    if (count > 0)
      notices.push(`${context.file}: ${count} ${key.replace('_', ' ')} skipped (infra declares vhosts, exchanges, queues, bindings and policies only)`)
  }
  const vhosts: VhostSpec[] = file.vhosts.map((v, i) => ({ name: v.name, origin: origin(context, ['vhosts', i]) }))
  const exchanges: ExchangeSpec[] = file.exchanges.map((e, i) => ({
    vhost: vhostOf(e.vhost),
    name: e.name,
    type: e.type as ExchangeType,
    durable: e.durable,
    autoDelete: e.auto_delete,
    internal: e.internal,
    arguments: e.arguments,
    origin: origin(context, ['exchanges', i]),
  }))
  const queues: QueueSpec[] = file.queues.map((q, i) => {
    const { 'x-queue-type': queueType = 'classic', ...rest } = q.arguments
    return {
      vhost: vhostOf(q.vhost),
      name: q.name,
      queueType: queueType as QueueType,
      durable: q.durable,
      autoDelete: q.auto_delete,
      arguments: rest,
      origin: origin(context, ['queues', i]),
    }
  })
  const bindings: BindingSpec[] = file.bindings.map((b, i) => ({
    vhost: vhostOf(b.vhost),
    source: b.source,
    destination: b.destination,
    destinationType: b.destination_type,
    routingKey: b.routing_key,
    arguments: b.arguments,
    origin: origin(context, ['bindings', i]),
  }))
  const policies: PolicySpec[] = file.policies.map((p, i) => ({
    vhost: vhostOf(p.vhost),
    name: p.name,
    pattern: p.pattern,
    applyTo: p['apply-to'],
    priority: p.priority,
    definition: p.definition,
    origin: origin(context, ['policies', i]),
  }))
  return { file: context.file, format: 'definitions', defaultVhost: context.defaultVhost, vhosts, exchanges, queues, bindings, policies, notices, external: [] }
}

/** Checks that need the whole topology: arguments, duplicate names, references between entities. */
function checkEntities(topology: LoadedTopology, at: (p: readonly PathPart[], message: string) => void): void {
  const seen = new Map<string, Origin>()
  const unique = (kind: string, key: string, o: Origin, label: string) => {
    const earlier = seen.get(`${kind}\u0000${key}`)
    if (earlier) at(o.path, `duplicate ${kind} ${label}: already declared at ${describeOrigin(earlier)}`)
    else seen.set(`${kind}\u0000${key}`, o)
  }
  for (const e of topology.exchanges) {
    unique('exchange', `${e.vhost}\u0000${e.name}`, e.origin, `"${e.name}" in vhost "${e.vhost}"`)
    if (e.name === '' || e.name.startsWith('amq.'))
      at([...e.origin.path, 'name'], `"${e.name}" is a built-in exchange name (amq.* is reserved): choose another`)
    for (const p of argumentProblems('exchange', e.arguments)) at([...e.origin.path, 'arguments', p.argument], p.message)
  }
  for (const q of topology.queues) {
    unique('queue', `${q.vhost}\u0000${q.name}`, q.origin, `"${q.name}" in vhost "${q.vhost}"`)
    if (q.name.startsWith('amq.')) at([...q.origin.path, 'name'], `"${q.name}": queue names starting with amq. are reserved by the broker`)
    for (const p of [
      ...argumentProblems('queue', q.arguments),
      ...queueTypeProblems(q.queueType, { durable: q.durable, autoDelete: q.autoDelete, args: q.arguments }),
    ]) {
      at([...q.origin.path, ...(p.argument.startsWith('x-') ? ['arguments', p.argument] : [p.argument])], p.message)
    }
  }
  for (const p of topology.policies) unique('policy', `${p.vhost}\u0000${p.name}`, p.origin, `"${p.name}" in vhost "${p.vhost}"`)
  const exchanges = new Set(topology.exchanges.map((e) => `${e.vhost}\u0000${e.name}`))
  const queues = new Set(topology.queues.map((q) => `${q.vhost}\u0000${q.name}`))
  const external = new Map<string, ExternalReference>()
  const refer = (kind: 'exchange' | 'queue', vhost: string, name: string, o: Origin) => {
    const key = `${kind}\u0000${vhost}\u0000${name}`
    const declared = kind === 'exchange' ? name === '' || exchanges.has(`${vhost}\u0000${name}`) : queues.has(`${vhost}\u0000${name}`)
    if (!declared && !external.has(key)) external.set(key, { kind, vhost, name, origin: o })
  }
  for (const b of topology.bindings) {
    unique('binding', `${b.vhost}\u0000${bindingKey(b)}`, b.origin, bindingLabel(b))
    if (b.source === '') at([...b.origin.path, 'exchange'], 'the default exchange cannot be bound: it routes to every queue by its name already')
    refer('exchange', b.vhost, b.source, b.origin)
    refer(b.destinationType, b.vhost, b.destination, b.origin)
    const xMatch = b.arguments['x-match']
    if (xMatch !== undefined && !['all', 'any', 'all-with-x', 'any-with-x'].includes(String(xMatch)))
      at([...b.origin.path, 'arguments', 'x-match'], `expected all, any, all-with-x or any-with-x, got ${JSON.stringify(xMatch)}`)
  }
  topology.external = [...external.values()]
}

/** The topology file of a project: --file, else the config key queue.file, resolved from the project root. */
export function topologyPathOf(root: string, file: string): { file: string; displayFile: string } {
  const absolute = path.resolve(root, file)
  const relative = path.relative(process.cwd(), absolute)
  return { file: absolute, displayFile: relative && !relative.startsWith('..') ? relative : absolute }
}
