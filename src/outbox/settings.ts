import type { Config } from '../core/config'
import { InvalidInputError } from '../core/errors'
import { OUTBOX_STATUSES, parseMoment, parsePartition, type OutboxStatus, type ReplayFilter } from './filter'
import { resolveLayout } from './layout'
import type { ReplaySettings } from './replay'

/** The replay flags a command passes on (strings as typed; validated here). */
export interface ReplayFlags {
  'from-id'?: string
  'to-id'?: string
  since?: string
  until?: string
  'aggregate-type'?: string
  'aggregate-id'?: string
  'event-type'?: string
  status?: string
  limit?: number
  'batch-size'?: number
  rate?: number
  partition?: string
  exchange?: string
}

function positive(value: number | undefined, flag: string): number | undefined {
  if (value !== undefined && (!Number.isInteger(value) || value <= 0)) {
    throw new InvalidInputError({ code: 'OUTBOX_FLAG_INVALID', message: `${flag} must be a positive integer, got ${value}`, hint: `Pass ${flag} 1 or more.` })
  }
  return value
}

function id(value: string | undefined, flag: string): string | undefined {
  if (value !== undefined && !/^\d+$|^[0-9a-f-]{36}$/i.test(value)) {
    throw new InvalidInputError({
      code: 'OUTBOX_FLAG_INVALID',
      message: `${flag} "${value}" is not an id`,
      hint: `Pass the numeric (or UUID) id of an outbox row.`,
    })
  }
  return value
}

export function replayFilterOf(flags: ReplayFlags): ReplayFilter {
  const status = (flags.status ?? 'pending') as OutboxStatus
  if (!OUTBOX_STATUSES.includes(status)) {
    throw new InvalidInputError({
      code: 'OUTBOX_FLAG_INVALID',
      message: `--status "${flags.status}" is not one of ${OUTBOX_STATUSES.join(', ')}`,
      hint: 'Use --status pending (default), failed or published.',
    })
  }
  const now = new Date()
  return {
    status,
    fromId: id(flags['from-id'], '--from-id'),
    toId: id(flags['to-id'], '--to-id'),
    since: flags.since === undefined ? undefined : parseMoment(flags.since, '--since', now),
    until: flags.until === undefined ? undefined : parseMoment(flags.until, '--until', now),
    aggregateType: flags['aggregate-type'],
    aggregateId: flags['aggregate-id'],
    eventType: flags['event-type'],
    partition: flags.partition === undefined ? undefined : parsePartition(flags.partition),
  }
}

/** Config + flags -> everything a replay needs (no I/O). */
export function replaySettingsOf(config: Config, flags: ReplayFlags): ReplaySettings {
  const outbox = config.outbox
  const timeoutMs = config.connectTimeout
  return {
    mysql: { url: config.mysql.url, timeoutMs },
    rabbitmq: { url: config.rabbitmq.url, timeoutMs },
    layout: resolveLayout(outbox),
    filter: replayFilterOf(flags),
    exchange: flags.exchange ?? outbox.exchange,
    routingKey: outbox.routingKey,
    batchSize: positive(flags['batch-size'], '--batch-size') ?? outbox.batchSize,
    window: outbox.window,
    maxAttempts: outbox.maxAttempts,
    leaseMs: outbox.lease,
    reconnectTimeoutMs: outbox.reconnectTimeout,
    limit: positive(flags.limit, '--limit'),
    rate: positive(flags.rate, '--rate'),
  }
}
