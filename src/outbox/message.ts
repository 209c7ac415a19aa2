import { InvalidInputError } from '../core/errors'
import { messageProperties, type MessageProperties } from '../core/message-conventions'
import type { OutboxLayout } from './layout'

/** One claimed outbox row, as read (payload untouched: the string the database stored). */
export interface OutboxRow {
  id: string
  messageId: string
  aggregateType: string
  aggregateId: string
  eventType: string
  payload: string
  headers: string | null
  createdAt: Date | null
}

/** What goes to the broker for one row. */
export interface OutboundMessage {
  rowId: string
  messageId: string
  aggregateKey: string
  routingKey: string
  content: Buffer
  properties: MessageProperties
}

export type RoutingKeyTemplate = (row: OutboxRow) => string

/**
 * Compiles "{{aggregate_type}}.{{event_type}}" over the layout's column names (also accepted: the config keys,
 * e.g. {{eventType}}, and the default layout's column names, e.g. {{event_type}} over Debezium's `type`). Unknown names fail here, before any row is read.
 */
export function compileRoutingKey(template: string, layout: OutboxLayout): RoutingKeyTemplate {
  const c = layout.columns
  const fields: Record<string, (row: OutboxRow) => string> = {}
  const bind = (column: string | null, key: string, get: (row: OutboxRow) => string) => {
    if (column) fields[column] = get
    fields[key] = get
  }
  bind(c.id, 'id', (r) => r.id)
  bind(c.messageId, 'messageId', (r) => r.messageId)
  bind(c.aggregateType, 'aggregateType', (r) => r.aggregateType)
  bind(c.aggregateId, 'aggregateId', (r) => r.aggregateId)
  bind(c.eventType, 'eventType', (r) => r.eventType)
  // the default layout's column names work over any layout, so the default "{{event_type}}" routes a Debezium table too
  const aliases = { message_id: 'messageId', aggregate_type: 'aggregateType', aggregate_id: 'aggregateId', event_type: 'eventType' } as const
  for (const [alias, key] of Object.entries(aliases)) fields[alias] ??= fields[key]!
  const parts: Array<string | ((row: OutboxRow) => string)> = []
  let last = 0
  for (const match of template.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)) {
    const get = fields[match[1]!]
    if (!get) {
      throw new InvalidInputError({
        code: 'OUTBOX_ROUTING_KEY_INVALID',
        message: `outbox.routingKey "${template}" names {{${match[1]}}}, which is not a column of the outbox layout`,
        hint: `Use one of: ${Object.keys(fields)
          .map((k) => `{{${k}}}`)
          .join(', ')}.`,
      })
    }
    parts.push(template.slice(last, match.index), get)
    last = match.index + match[0].length
  }
  parts.push(template.slice(last))
  return (row) => parts.map((p) => (typeof p === 'string' ? p : p(row))).join('')
}

/** The row's own header column (a JSON object), or nothing. */
function ownHeadersOf(row: OutboxRow): Record<string, unknown> {
  if (!row.headers) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(row.headers)
  } catch {
    parsed = undefined
  }
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {}
}

/** The message of one row, by the shared conventions (src/core/message-conventions.ts). */
export function toMessage(row: OutboxRow, routingKey: RoutingKeyTemplate): OutboundMessage {
  return {
    rowId: row.id,
    messageId: row.messageId,
    aggregateKey: `${row.aggregateType}:${row.aggregateId}`,
    routingKey: routingKey(row),
    // the stored text, byte for byte: never parsed and re-serialised
    content: Buffer.from(row.payload, 'utf8'),
    properties: messageProperties({
      messageId: row.messageId,
      eventType: row.eventType,
      aggregateType: row.aggregateType,
      aggregateId: row.aggregateId,
      occurredAt: row.createdAt ?? new Date(),
      headers: ownHeadersOf(row),
      outboxId: row.id,
    }),
  }
}
