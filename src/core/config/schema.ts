import { z } from 'zod'
import { durationMsOf } from '../duration'

/** A connection URL whose scheme must be one of `schemes` (without the colon). */
function serviceUrl(schemes: readonly string[]) {
  const list = schemes.map((s) => `${s}://`).join(' or ')
  return z.string({ error: `expected a URL string (${list}...)` }).superRefine((value, ctx) => {
    let parsed: URL
    try {
      parsed = new URL(value)
    } catch {
      ctx.addIssue({ code: 'custom', message: `expected a URL (${list}...), got "${maskForMessage(value)}"` })
      return
    }
    const scheme = parsed.protocol.replace(/:$/, '')
    if (!schemes.includes(scheme)) {
      ctx.addIssue({ code: 'custom', message: `unsupported URL scheme "${scheme}:", expected ${list}` })
    }
  })
}

function maskForMessage(value: string): string {
  return value.replace(/(\/\/[^:@/]*):[^@/]*@/, '$1:***@')
}

/** "90s", "5m" or a number of milliseconds (1500), parsed once here: every consumer reads milliseconds. */
const duration = z.union([z.string(), z.number().nonnegative()]).transform((value, ctx) => {
  const ms = typeof value === 'number' ? value : durationMsOf(value)
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a duration like 500ms, 30s, 5m or a number of milliseconds, got "${String(value)}"` })
    return z.NEVER
  }
  return ms
})

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_$]*$/, 'expected an SQL identifier (letters, digits, _)')

export const MysqlConfigSchema = z.strictObject({
  url: serviceUrl(['mysql', 'mariadb']).default('mysql://root@127.0.0.1:3306/app'),
})

export const ElasticsearchConfigSchema = z.strictObject({
  url: serviceUrl(['http', 'https']).default('http://127.0.0.1:9200'),
})

export const RedisConfigSchema = z.strictObject({
  url: serviceUrl(['redis', 'rediss']).default('redis://127.0.0.1:6379'),
  /** Redis Cluster: 'auto' asks the server at url (INFO cluster); true connects as a cluster client; false: one server */
  cluster: z.union([z.boolean(), z.literal('auto')]).default('auto'),
  /** more nodes of the same cluster to seed from (credentials and TLS come from url) */
  nodes: z.array(serviceUrl(['redis', 'rediss'])).default([]),
})

export const RabbitmqConfigSchema = z.strictObject({
  url: serviceUrl(['amqp', 'amqps']).default('amqp://guest:guest@127.0.0.1:5672'),
  /** the management API; set to false to skip it (doctor, queue prune need it) */
  managementUrl: z.union([serviceUrl(['http', 'https']), z.literal(false)]).default('http://guest:guest@127.0.0.1:15672'),
})

/** A column type a property may be given instead of its default (generate.columns). */
const columnTypeOverride = z
  .string()
  .regex(
    /^(INT|BIGINT|DECIMAL\(\d+,\s*\d+\)|CHAR\(\d+\)|VARCHAR\(\d+\)|TEXT|JSON|DOUBLE)$/i,
    'expected INT, BIGINT, DECIMAL(p,s), CHAR(n), VARCHAR(n), TEXT, JSON or DOUBLE',
  )

/** Per-entity settings of the generated repository (generate.entities). */
export const GenerateEntityConfigSchema = z.strictObject({
  /** optimistic locking through a `version` column (default true) */
  locking: z.boolean().optional(),
  /** created_at/updated_at columns maintained by the repository (default false) */
  timestamps: z.boolean().optional(),
  /** property -> false: a single-result finder on it gets a plain index, not a UNIQUE one; true: UNIQUE without a finder */
  unique: z.record(z.string(), z.boolean()).optional(),
})

/** `generate search` (docs/search.md): which ports are search ports, and the indexer's refresh policy. */
export const SearchGenerateConfigSchema = z.strictObject({
  /** a port whose name ends in one of these is a search port (Elasticsearch), not a repository */
  suffixes: z.array(z.string().min(1)).default(['Search', 'SearchPort', 'ReadModel', 'ReadModelPort']),
  /** further ports, by name, that are search ports whatever their name */
  ports: z.array(z.string().min(1)).default([]),
  /** the generated indexer's default refresh: false (async, fastest), wait_for (visible when the call returns), true */
  refresh: z.union([z.boolean(), z.literal('wait_for')]).default(false),
})

export const GenerateConfigSchema = z.strictObject({
  /** the user's source root */
  sourceRoot: z.string().default('src'),
  /** where generated adapters go */
  infrastructureDir: z.string().default('src/infrastructure'),
  /** files that hold ports, entities and value objects (globs relative to the project root); default: the tsconfig's files under sourceRoot */
  domainSources: z.array(z.string()).optional(),
  tsconfig: z.string().default('tsconfig.json'),
  /** a type whose name ends in one of these is a repository port */
  portSuffixes: z.array(z.string().min(1)).default(['Repository', 'RepositoryPort', 'Repo', 'RepoPort']),
  /** the generated code's module system; auto reads package.json "type" and the tsconfig */
  moduleSystem: z.enum(['auto', 'commonjs', 'esm']).default('auto'),
  /** the project's template overrides */
  templatesDir: z.string().default('infra/templates'),
  /** per-entity write and schema settings of the generated repositories, e.g. { User: { locking: false } } (docs/generate.md) */
  entities: z.record(z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, 'expected an entity name'), GenerateEntityConfigSchema).default({}),
  /** column type overrides by `Entity.property.path` or by `property.path` (all entities): INT, BIGINT, DECIMAL(p,s), CHAR(n), VARCHAR(n), TEXT, JSON */
  columns: z.record(z.string().regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/, 'expected Entity.property or property'), columnTypeOverride).default({}),
  /** how the outbox writer takes an aggregate's events: a pulling method, or an array property plus the method clearing it */
  events: z
    .strictObject({
      pull: identifier.default('pullDomainEvents'),
      list: identifier.default('domainEvents'),
      clear: identifier.default('clearEvents'),
      /** the event property holding its documented name (else the class name is the event type) */
      nameProperty: identifier.default('eventName'),
      /** the event property holding its own id (else a UUID v4 is the message id) */
      idProperty: identifier.default('eventId'),
    })
    .prefault({}),
  search: SearchGenerateConfigSchema.prefault({}),
})

export const MigrateConfigSchema = z.strictObject({
  directory: z.string().default('infra/migrations'),
  table: identifier.default('infra_migrations'),
  lockTimeout: duration.default(60_000),
})

/** Column names of the outbox table; unset keys take the layout's defaults (docs/outbox.md), null means "this table has no such column". */
export const OutboxColumnsSchema = z.strictObject({
  id: identifier.optional(),
  messageId: identifier.nullable().optional(),
  aggregateType: identifier.optional(),
  aggregateId: identifier.optional(),
  eventType: identifier.optional(),
  payload: identifier.optional(),
  headers: identifier.nullable().optional(),
  createdAt: identifier.nullable().optional(),
  status: identifier.optional(),
  publishedAt: identifier.optional(),
  attempts: identifier.optional(),
  lastError: identifier.optional(),
  /** the replayer that holds the row (claim token; its liveness is a MariaDB named lock) */
  claimedBy: identifier.optional(),
  /** lease end: after it, another replayer may take the row even if the holder looks alive */
  claimedUntil: identifier.optional(),
})

export const OutboxConfigSchema = z.strictObject({
  table: identifier.default('outbox_messages'),
  /** `default` is the layout of docs/outbox.md; `debezium` is id/aggregatetype/aggregateid/type/payload with a delivery companion table */
  layout: z.enum(['default', 'debezium']).default('default'),
  columns: OutboxColumnsSchema.prefault({}),
  /** debezium layout: the companion table recording delivery (default: `<table>_delivery`) */
  deliveryTable: identifier.optional(),
  exchange: z.string().default('domain-events'),
  /** template over columns, e.g. "{{aggregate_type}}.{{event_type}}" */
  routingKey: z.string().default('{{event_type}}'),
  /** rows per claim (bench/outbox-replay.ts: 1000 beat 500 and 2000 on this 2-core machine) */
  batchSize: z.number().int().positive().default(1000),
  /** unconfirmed messages allowed in flight (two batches, so one batch is published while the other is confirmed) */
  window: z.number().int().positive().default(2000),
  maxAttempts: z.number().int().positive().default(5),
  /** how long a claim lasts before another replayer may take the row although its holder still looks alive */
  lease: duration.default(300_000),
  /** how long to keep reconnecting to RabbitMQ before giving up (exit 5) */
  reconnectTimeout: duration.default(60_000),
})

export const QueueConfigSchema = z.strictObject({
  /** the RabbitMQ topology (topology.yaml, or a definitions export .json), relative to the project root */
  file: z.string().min(1).default('infra/rabbitmq/topology.yaml'),
})

/** Generated publishers and consumers (docs/messaging.md). */
export const MessagingConfigSchema = z.strictObject({
  /** a declaration whose name ends in one of these is a domain event */
  eventSuffixes: z.array(z.string().min(1)).default(['Event']),
  /** the event type (AMQP type, x-event-type, default routing key) by event name; default the name itself */
  eventTypes: z.record(z.string(), z.string().min(1)).default({}),
  /** the exchange publishers send to and consumers bind to (default: outbox.exchange) */
  exchange: z.string().min(1).optional(),
  /** consumer queues are named <queuePrefix><event type> */
  queuePrefix: z.string().default(''),
  /** unacknowledged messages per consumer */
  prefetch: z.number().int().positive().default(10),
  /** deliveries before a message goes to the dead-letter queue */
  attempts: z.number().int().positive().default(5),
  /** how long a failed message waits in the delay queue */
  retryDelay: duration.default(30_000),
  /** the consumers' inbox table (message ids already handled) */
  inboxTable: identifier.default('inbox_messages'),
})

export const IndexConfigSchema = z.strictObject({
  /** index definitions (one file per alias) and templates (docs/index.md) */
  directory: z.string().default('infra/elastic'),
  /** the small internal index holding the setup leases */
  leaseIndex: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'expected a lowercase index name')
    .default('infra-index-leases'),
  /** a lease not renewed for this long is free again (a killed run's lease expires by itself) */
  leaseTtl: duration.default(60_000),
  /** how long setup waits for another run's lease before exiting 3 */
  leaseWait: duration.default(0),
  /** parallel slices of the client-side copy (point in time + search_after) */
  slices: z.number().int().positive().default(2),
  /** documents per search page and bulk request */
  batchSize: z.number().int().positive().default(2000),
})

/** Per-entity cache settings (the generated decorator reads them; unset keys take the section's values). */
export const CacheEntityConfigSchema = z.strictObject({
  ttl: duration.optional(),
  jitter: z.number().min(0).max(1).optional(),
  /** false: never cache "not found" for this entity */
  negativeTtl: z.union([duration, z.literal(false)]).optional(),
  /** false: the decorator passes straight through to the repository */
  enabled: z.boolean().optional(),
})

/** The Redis cache (docs/cache.md): key prefix for `infra cache`, and what the generated decorator does. */
export const CacheConfigSchema = z.strictObject({
  /** every key starts with `{<prefix>:<Entity>}`; `infra cache` never touches a key outside it */
  prefix: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]+$/, 'expected letters, digits, _ . - or : (no braces, no glob characters)')
    .default('cache'),
  /** how long a cached entity lives */
  ttl: duration.default(3_600_000),
  /** TTLs vary by up to this fraction either way (0.1 = plus or minus 10%), so keys filled together do not expire together */
  jitter: z.number().min(0).max(1).default(0.1),
  /** cache "not found" for this long; false (default) never caches a miss */
  negativeTtl: z.union([duration, z.literal(false)]).default(false),
  /** how long a tombstone written after a commit blocks write-backs of older reads; longer than the slowest repository read */
  tombstoneTtl: duration.default(5_000),
  /** Redis unavailable: true reads through to the repository (logged once per failureLogInterval); false raises the error */
  failOpen: z.boolean().default(true),
  failureLogInterval: duration.default(60_000),
  /** settings per entity name, e.g. { User: { ttl: '10m' } } */
  entities: z.record(z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, 'expected an entity name'), CacheEntityConfigSchema).default({}),
})

export const ConfigSchema = z.strictObject({
  mysql: MysqlConfigSchema.prefault({}),
  elasticsearch: ElasticsearchConfigSchema.prefault({}),
  redis: RedisConfigSchema.prefault({}),
  rabbitmq: RabbitmqConfigSchema.prefault({}),
  /** how long a connection attempt may take before the service counts as unreachable */
  connectTimeout: duration.default(5_000),
  generate: GenerateConfigSchema.prefault({}),
  migrate: MigrateConfigSchema.prefault({}),
  outbox: OutboxConfigSchema.prefault({}),
  queue: QueueConfigSchema.prefault({}),
  messaging: MessagingConfigSchema.prefault({}),
  index: IndexConfigSchema.prefault({}),
  cache: CacheConfigSchema.prefault({}),
})

/** What a config file may contain (every key optional). */
export type ConfigValues = z.output<typeof ConfigSchema>
