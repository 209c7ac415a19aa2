// The one definition of how a domain event travels over RabbitMQ (docs/messaging.md). `infra outbox replay` builds its
// messages with messageProperties(); the generated conventions module (templates/messaging/rabbitmq/conventions.ts.hbs)
// is rendered from MESSAGE_CONVENTIONS, because generated code cannot import infra at run time. A test sends the same
// event both ways and compares the messages.

export const MESSAGE_CONVENTIONS = {
  contentType: 'application/json',
  /** delivery mode 2: the broker writes the message to disk */
  persistent: true,
  /** AMQP headers infra sets; a row's (or caller's) own headers come first, these override them */
  headers: {
    aggregateType: 'x-aggregate-type',
    aggregateId: 'x-aggregate-id',
    eventType: 'x-event-type',
    /** only sent by the replay: the outbox row's id */
    outboxId: 'x-outbox-id',
  },
  /** the AMQP timestamp is in seconds since the epoch (the protocol's unit) */
  timestampUnit: 'seconds',
  /**
   * payload encoding: JSON text; Date as an ISO 8601 string, bigint as a decimal string, a value object as its primitive
   * (an object of its fields when it has several), a Map as an array of its [key, value] entries, a Set as an array
   */
  payload: { date: 'iso-8601', bigint: 'decimal-string', valueObject: 'primitive', map: 'entries', set: 'array' },
} as const

/** What identifies one message of an event, besides its payload. */
export interface MessageEnvelope {
  readonly messageId: string
  readonly eventType: string
  readonly aggregateType: string
  readonly aggregateId: string
  /** when the event was recorded */
  readonly occurredAt: Date
  /** the caller's (or the outbox row's) own headers */
  readonly headers?: Readonly<Record<string, unknown>>
  /** the outbox row, when the replay sends it */
  readonly outboxId?: string
}

export interface MessageProperties {
  persistent: true
  messageId: string
  contentType: 'application/json'
  type: string
  timestamp: number
  headers: Record<string, unknown>
}

export function messageTimestamp(occurredAt: Date): number {
  return Math.floor(occurredAt.getTime() / 1000)
}

/** The AMQP properties of one message. */
export function messageProperties(envelope: MessageEnvelope): MessageProperties {
  const names = MESSAGE_CONVENTIONS.headers
  const headers: Record<string, unknown> = { ...envelope.headers }
  headers[names.aggregateType] = envelope.aggregateType
  headers[names.aggregateId] = envelope.aggregateId
  headers[names.eventType] = envelope.eventType
  if (envelope.outboxId !== undefined) headers[names.outboxId] = envelope.outboxId
  return {
    persistent: MESSAGE_CONVENTIONS.persistent,
    messageId: envelope.messageId,
    contentType: MESSAGE_CONVENTIONS.contentType,
    type: envelope.eventType,
    timestamp: messageTimestamp(envelope.occurredAt),
    headers,
  }
}

/** The data the generated conventions module is rendered with: the same constants, nothing else. */
export function conventionsTemplateData(): Record<string, unknown> {
  return {
    contentType: MESSAGE_CONVENTIONS.contentType,
    headers: MESSAGE_CONVENTIONS.headers,
  }
}
