// What the generated publishers and consumers need declared on the broker, as plain data: the command adds it to the
// topology file (src/queue/add-to-topology.ts), and `infra queue declare` declares it.
import type { DomainEvent } from '../../model'
import type { MessagingOptions } from '../types'
import { consumerQueues } from './consumer-generator'

export interface MessagingTopology {
  exchanges: Array<{ name: string; type: 'topic'; durable: true }>
  queues: Array<{ name: string; retry: { delayMs: number; attempts: number } }>
  bindings: Array<{ exchange: string; queue: string; routingKey: string }>
}

/** Publishers need their exchange (a durable topic exchange, as outbox init declares it). */
export function publisherTopology(messaging: MessagingOptions): MessagingTopology {
  return { exchanges: [{ name: messaging.exchange, type: 'topic', durable: true }], queues: [], bindings: [] }
}

/** Consumers need the exchange, per event a work queue with the retry short-hand, and its binding by event type. */
export function consumerTopology(events: readonly DomainEvent[], messaging: MessagingOptions): MessagingTopology {
  const topology = publisherTopology(messaging)
  for (const event of events) {
    const { queue } = consumerQueues(event, messaging)
    topology.queues.push({ name: queue, retry: { delayMs: messaging.retryDelayMs, attempts: messaging.attempts } })
    topology.bindings.push({ exchange: messaging.exchange, queue, routingKey: event.eventType })
  }
  return topology
}
