// The two file formats, as zod schemas (the types of the raw file content derive from them).
import { z } from 'zod'
import { durationMsOf } from '../core/duration'

const name = z.string({ error: 'expected a name (a string)' }).min(1, 'expected a non-empty name')
const args = z.record(z.string(), z.unknown(), { error: 'expected a map of arguments ("x-...": value)' })

/** 30s, 5m, 1h, or a number of milliseconds (the broker's unit). */
const durationMs = z
  .union([z.number().int().nonnegative(), z.string()], { error: 'expected a duration like 30s, 5m or a number of milliseconds' })
  .transform((value, ctx) => {
    const ms = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value) : durationMsOf(value)
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected a duration like 30s, 5m or a number of milliseconds, got "${value}"` })
      return z.NEVER
    }
    return ms
  })

export const EXCHANGE_TYPES = ['direct', 'topic', 'fanout', 'headers'] as const

const exchangeType = z
  .string({ error: 'expected an exchange type' })
  .refine((t) => (EXCHANGE_TYPES as readonly string[]).includes(t) || /^x-[\w.-]+$/.test(t), {
    error: (issue) => `unknown exchange type ${JSON.stringify(issue.input)}: expected ${EXCHANGE_TYPES.join(', ')} (or a plugin type x-...)`,
  })

const vhost = z.string().min(1).optional()

export const ExchangeEntrySchema = z.strictObject({
  name,
  type: exchangeType,
  vhost,
  durable: z.boolean().default(true),
  autoDelete: z.boolean().default(false),
  internal: z.boolean().default(false),
  alternateExchange: name.optional(),
  arguments: args.default({}),
})

export const RetryEntrySchema = z.strictObject({
  /** how long a failed message waits in the delay queue before it returns to the work queue */
  delay: durationMs,
  /** deliveries before a message goes to the dead-letter queue (counted by the consumer from x-death) */
  attempts: z.number().int().positive(),
  delayQueue: name.optional(),
  deadLetterQueue: name.optional(),
})

export const QueueEntrySchema = z.strictObject({
  name,
  type: z.enum(['classic', 'quorum', 'stream']).default('classic'),
  vhost,
  durable: z.boolean().default(true),
  autoDelete: z.boolean().default(false),
  deadLetterExchange: z.string().optional(),
  deadLetterRoutingKey: z.string().optional(),
  messageTtl: durationMs.optional(),
  expires: durationMs.optional(),
  maxLength: z.number().int().nonnegative().optional(),
  maxLengthBytes: z.number().int().nonnegative().optional(),
  overflow: z.enum(['drop-head', 'reject-publish', 'reject-publish-dlx']).optional(),
  deliveryLimit: z.number().int().nonnegative().optional(),
  singleActiveConsumer: z.boolean().optional(),
  arguments: args.default({}),
  retry: RetryEntrySchema.optional(),
})

export const BindingEntrySchema = z
  .strictObject({
    /** the source exchange */
    exchange: z.string({ error: 'expected the source exchange name' }),
    queue: name.optional(),
    /** exchange-to-exchange: the destination exchange */
    toExchange: name.optional(),
    vhost,
    routingKey: z.string().optional(),
    routingKeys: z.array(z.string()).min(1).optional(),
    arguments: args.default({}),
  })
  .superRefine((b, ctx) => {
    if ((b.queue === undefined) === (b.toExchange === undefined))
      ctx.addIssue({ code: 'custom', message: 'a binding names exactly one destination: queue or toExchange' })
    if (b.routingKey !== undefined && b.routingKeys !== undefined) ctx.addIssue({ code: 'custom', message: 'give routingKey or routingKeys, not both' })
  })

const policyTarget = z.enum(['queues', 'exchanges', 'all', 'classic_queues', 'quorum_queues', 'streams'])

export const PolicyEntrySchema = z.strictObject({
  name,
  pattern: z.string(),
  vhost,
  applyTo: policyTarget.default('all'),
  priority: z.number().int().default(0),
  definition: z.record(z.string(), z.unknown()).refine((d) => Object.keys(d).length > 0, 'a policy needs at least one key in its definition'),
})

export const TopologyFileSchema = z.strictObject({
  /** the vhost of entities that name none (default: the connection URL's) */
  vhost: z.string().min(1).optional(),
  /** vhosts to create when missing (needs the management API) */
  vhosts: z.array(name).default([]),
  exchanges: z.array(ExchangeEntrySchema).default([]),
  queues: z.array(QueueEntrySchema).default([]),
  bindings: z.array(BindingEntrySchema).default([]),
  policies: z.array(PolicyEntrySchema).default([]),
})

export type TopologyFile = z.output<typeof TopologyFileSchema>
export type QueueEntry = z.output<typeof QueueEntrySchema>

// --- `rabbitmqctl export_definitions` (or GET /api/definitions[/vhost]): snake_case, every field present ---

const definitionsVhost = z.string().optional()

export const DefinitionsSchema = z.looseObject({
  vhosts: z.array(z.looseObject({ name })).default([]),
  exchanges: z
    .array(
      z.looseObject({
        name: z.string(),
        vhost: definitionsVhost,
        type: exchangeType,
        durable: z.boolean().default(true),
        auto_delete: z.boolean().default(false),
        internal: z.boolean().default(false),
        arguments: args.default({}),
      }),
    )
    .default([]),
  queues: z
    .array(
      z.looseObject({
        name,
        vhost: definitionsVhost,
        durable: z.boolean().default(true),
        auto_delete: z.boolean().default(false),
        arguments: args.default({}),
      }),
    )
    .default([]),
  bindings: z
    .array(
      z.looseObject({
        source: z.string(),
        vhost: definitionsVhost,
        destination: name,
        destination_type: z.enum(['queue', 'exchange']),
        routing_key: z.string().default(''),
        arguments: args.default({}),
      }),
    )
    .default([]),
  policies: z
    .array(
      z.looseObject({
        name,
        vhost: definitionsVhost,
        pattern: z.string(),
        'apply-to': policyTarget.default('all'),
        priority: z.number().int().default(0),
        definition: z.record(z.string(), z.unknown()),
      }),
    )
    .default([]),
})

export type DefinitionsFile = z.output<typeof DefinitionsSchema>

/** Keys of a definitions export that infra reads but does not apply. */
export const SKIPPED_DEFINITION_KEYS = ['users', 'permissions', 'topic_permissions', 'parameters', 'global_parameters'] as const

/** A definitions export has these at the top level; a topology file never does. */
export function looksLikeDefinitions(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const record = value as Record<string, unknown>
  if ('rabbit_version' in record || 'rabbitmq_version' in record || SKIPPED_DEFINITION_KEYS.some((k) => k in record)) return true
  const first = (key: string) => (Array.isArray(record[key]) ? (record[key] as unknown[])[0] : undefined) as Record<string, unknown> | undefined
  return (
    Boolean(first('queues') && 'auto_delete' in first('queues')!) ||
    Boolean(first('exchanges') && 'auto_delete' in first('exchanges')!) ||
    Boolean(first('bindings') && 'destination_type' in first('bindings')!)
  )
}
