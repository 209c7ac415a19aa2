// Live state: what the broker has, in the shapes the planner compares. Read by read-live-state.ts (management API,
// or passive checks on throwaway channels when the API is not reachable).
import type { AmqpArguments, ExchangeType, PolicyTarget, QueueType } from './model'

/** One argument or attribute that differs between the broker and the file. */
export interface Difference {
  field: string
  live: unknown
  desired: unknown
}

export interface LiveExchange {
  vhost: string
  name: string
  /** undefined when only a passive check was possible */
  attributes?: { type: ExchangeType; durable: boolean; autoDelete: boolean; internal: boolean; arguments: AmqpArguments }
  /** passive mode: what the broker refused when the file's declaration was tried on a throwaway channel */
  inequivalent?: Difference[]
}

export interface LiveQueue {
  vhost: string
  name: string
  attributes?: { queueType: QueueType; durable: boolean; autoDelete: boolean; exclusive: boolean; arguments: AmqpArguments }
  inequivalent?: Difference[]
  /** ready + unacknowledged (the management API's figure; a passive check counts ready only) */
  messages?: number
  ready?: number
  unacknowledged?: number
  consumers?: number
}

export interface LiveBinding {
  vhost: string
  source: string
  destination: string
  destinationType: 'queue' | 'exchange'
  routingKey: string
  arguments: AmqpArguments
}

export interface LivePolicy {
  vhost: string
  name: string
  pattern: string
  applyTo: PolicyTarget
  priority: number
  definition: Record<string, unknown>
}

export interface LiveState {
  /** management: everything is listed; passive: only what the file names was checked, bindings and policies are unknown */
  source: 'management' | 'passive'
  /** the vhosts that exist, of those the topology uses */
  vhosts: string[]
  exchanges: LiveExchange[]
  queues: LiveQueue[]
  /** null when they cannot be read (passive mode) */
  bindings: LiveBinding[] | null
  policies: LivePolicy[] | null
  /** why the management API was not used (passive mode) */
  fallbackReason?: string
}
