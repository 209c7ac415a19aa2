import type { ConfigValues } from '../core/config/schema'
import { InvalidInputError } from '../core/errors'

type OutboxConfig = ConfigValues['outbox']

/** Where delivery state (status, attempts, claim) lives: in the outbox table itself, or in a companion table keyed by the outbox id. */
export interface DeliveryStore {
  /** true: the outbox table's own columns; false: a companion table (Debezium layout) */
  inline: boolean
  table: string
  /** the companion table's key column (the outbox id); equals the outbox id column when inline */
  key: string
  status: string
  attempts: string
  lastError: string
  publishedAt: string
  claimedBy: string
  claimedUntil: string
}

/** The resolved outbox table: names only, no I/O. */
export interface OutboxLayout {
  kind: 'default' | 'debezium'
  table: string
  columns: {
    id: string
    messageId: string | null
    aggregateType: string
    aggregateId: string
    eventType: string
    payload: string
    headers: string | null
    createdAt: string | null
  }
  delivery: DeliveryStore
}

const DEFAULT_COLUMNS = {
  id: 'id',
  messageId: 'message_id',
  aggregateType: 'aggregate_type',
  aggregateId: 'aggregate_id',
  eventType: 'event_type',
  payload: 'payload',
  headers: 'headers',
  createdAt: 'created_at',
} as const

const DEBEZIUM_COLUMNS = {
  id: 'id',
  messageId: null,
  aggregateType: 'aggregatetype',
  aggregateId: 'aggregateid',
  eventType: 'type',
  payload: 'payload',
  headers: null,
  createdAt: null,
} as const

const DELIVERY_COLUMNS = {
  status: 'status',
  attempts: 'attempts',
  lastError: 'last_error',
  publishedAt: 'published_at',
  claimedBy: 'claimed_by',
  claimedUntil: 'claimed_until',
} as const

/** The layout the config describes, with each unset column taking its layout's default. */
export function resolveLayout(config: OutboxConfig): OutboxLayout {
  const given = config.columns
  const base = config.layout === 'debezium' ? DEBEZIUM_COLUMNS : DEFAULT_COLUMNS
  const pick = <K extends keyof typeof base>(key: K): (typeof base)[K] | string | null => (given[key] === undefined ? base[key] : given[key]!)
  const columns = {
    id: pick('id') as string,
    messageId: pick('messageId'),
    aggregateType: pick('aggregateType') as string,
    aggregateId: pick('aggregateId') as string,
    eventType: pick('eventType') as string,
    payload: pick('payload') as string,
    headers: pick('headers'),
    createdAt: pick('createdAt'),
  }
  const delivery = {
    status: given.status ?? DELIVERY_COLUMNS.status,
    attempts: given.attempts ?? DELIVERY_COLUMNS.attempts,
    lastError: given.lastError ?? DELIVERY_COLUMNS.lastError,
    publishedAt: given.publishedAt ?? DELIVERY_COLUMNS.publishedAt,
    claimedBy: given.claimedBy ?? DELIVERY_COLUMNS.claimedBy,
    claimedUntil: given.claimedUntil ?? DELIVERY_COLUMNS.claimedUntil,
  }
  if (config.layout === 'default' && config.deliveryTable !== undefined) {
    throw new InvalidInputError({
      code: 'OUTBOX_CONFIG_INVALID',
      message: 'outbox.deliveryTable is set but outbox.layout is "default" (delivery state lives in the outbox table itself)',
      hint: 'Remove outbox.deliveryTable, or set outbox.layout to "debezium".',
    })
  }
  const names = Object.values(columns).filter((n): n is string => n !== null)
  const duplicate = names.find((n, i) => names.indexOf(n) !== i)
  if (duplicate) {
    throw new InvalidInputError({
      code: 'OUTBOX_CONFIG_INVALID',
      message: `outbox.columns maps two keys to the column "${duplicate}"`,
      hint: 'Give each outbox.columns key its own column.',
    })
  }
  const inline = config.layout === 'default'
  return {
    kind: config.layout,
    table: config.table,
    columns,
    delivery: inline
      ? { inline, table: config.table, key: columns.id, ...delivery }
      : { inline, table: config.deliveryTable ?? `${config.table}_delivery`, key: 'outbox_id', ...delivery },
  }
}

/** `name` quoted as a MySQL identifier (names are validated identifiers already; the quoting is for reserved words). */
export function q(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``
}
