// `generate publisher` and `generate consumer`: the generation pipeline with one messaging generator, plus what the
// generated code needs on the broker added to the topology file (queue.file) in the same tree, so --dry-run shows it.
import type { Config } from '../core/config'
import { addToTopology } from '../queue/add-to-topology'
import { consumerTopology, publisherTopology } from './generators/messaging/topology'
import type { DomainModel } from './model'
import { planGeneration, type GenerationRun } from './pipeline'
import { messagingOptions } from './pipeline/plan-generation'
import { planWrites, type WritePlan } from './tree'

export interface MessagingTopologyResult {
  /** skipped: queue.file is a definitions export (.json), which infra reads but never rewrites */
  status: 'updated' | 'unchanged' | 'skipped'
  file: string
  added: { exchanges: string[]; queues: string[]; bindings: string[] }
}

export interface MessagingRun extends GenerationRun {
  readonly topology: MessagingTopologyResult
}

export interface MessagingRequest {
  readonly events: readonly string[]
  readonly all: boolean
  readonly force: boolean
  readonly now?: Date
  readonly model?: DomainModel
}

export function planMessagingGeneration(config: Config, kind: 'publisher' | 'consumer', request: MessagingRequest): MessagingRun {
  const run = planGeneration(config, { ports: [], events: request.events, all: request.all, force: request.force, generators: [kind], ...optional(request) })
  const messaging = messagingOptions(config)
  const generated = run.exports.map((e) => e.implements)
  const events = Object.values(run.model.events ?? {}).filter((e) => generated.includes(e.name))
  const file = config.queue.file
  const empty = { exchanges: [], queues: [], bindings: [] }
  if (events.length === 0) return { ...run, topology: { status: 'unchanged', file, added: empty } }
  if (file.toLowerCase().endsWith('.json')) return { ...run, topology: { status: 'skipped', file, added: empty } }
  const topology = kind === 'publisher' ? publisherTopology(messaging) : consumerTopology(events, messaging)
  const before = run.tree.read(file) ?? undefined
  const changes = addToTopology(before, topology, file)
  if (changes.text === before) return { ...run, topology: { status: 'unchanged', file, added: changes.added } }
  run.tree.write(file, changes.text)
  return { ...run, plan: withTopology(planWrites(run.tree, { force: request.force }), file), topology: { status: 'updated', file, added: changes.added } }
}

/** The topology file is the user's: the edit keeps everything in it, so it is applied although infra did not write it. */
function withTopology(plan: WritePlan, file: string): WritePlan {
  const change = plan.skipped.find((c) => c.path === file)
  if (!change) return plan
  return {
    ...plan,
    apply: [...plan.apply, change],
    skipped: plan.skipped.filter((c) => c !== change),
    files: plan.files.map((f) => (f.path === file ? { path: f.path, action: 'update' as const } : f)),
  }
}

function optional(request: MessagingRequest): { now?: Date; model?: DomainModel } {
  return { ...(request.now ? { now: request.now } : {}), ...(request.model ? { model: request.model } : {}) }
}
