import type { ChannelModel, ConfirmChannel, Message } from 'amqplib'
import { RABBITMQ_SERVICE } from '../core/connections'
import { describeCause, InvalidInputError, OperationFailedError, ServiceUnreachableError } from '../core/errors'
import type { Delivery } from './marker'
import type { OutboundMessage } from './message'

export interface PublisherOptions {
  /** opens a new AMQP connection (first time and after every loss) */
  connect: () => Promise<ChannelModel>
  /** masked broker address, for messages */
  address: string
  exchange: string
  /** unconfirmed messages allowed in flight */
  window: number
  /** give up reconnecting after this long (exit 5) */
  reconnectTimeoutMs: number
  onEvent?: (event: { event: 'broker-lost' | 'broker-reconnected'; republished?: number; attempt?: number; reason?: string }) => void
}

interface InFlight {
  message: OutboundMessage
  settle: (delivery: Delivery) => void
  fail: (error: unknown) => void
  /** set by basic.return, which RabbitMQ sends before the confirm of the same message */
  returned?: string
}

const BROKER_REFUSALS = new Set([403, 404, 406])

/**
 * Publishes through a confirm channel with at most `window` messages unconfirmed, `mandatory` so an unroutable
 * message comes back (basic.return) instead of vanishing. When the connection is lost it reconnects with backoff and
 * republishes every unconfirmed message, in the original order (at-least-once: consumers dedupe on message-id).
 */
export class ConfirmPublisher {
  reconnects = 0
  private model: ChannelModel | null = null
  private channel: ConfirmChannel | null = null
  /** bumped on every loss, so late callbacks of a dead channel are ignored */
  private generation = 0
  private readonly inflight = new Map<string, InFlight>()
  private waiters: Array<() => void> = []
  private fatal: unknown = null
  private closing = false
  private draining: Promise<void> | null = null

  constructor(private readonly options: PublisherOptions) {}

  async open(): Promise<void> {
    await this.attach(await this.options.connect())
    try {
      await this.channel!.checkExchange(this.options.exchange)
    } catch (error) {
      throw new InvalidInputError({
        code: 'OUTBOX_EXCHANGE_MISSING',
        message: `exchange "${this.options.exchange}" does not exist on ${this.options.address}: ${describeCause(error)}`,
        hint: 'Declare it (infra queue declare, from infra/rabbitmq/topology.yaml), or name another with --exchange / outbox.exchange.',
        cause: error,
      })
    }
  }

  get unconfirmed(): number {
    return this.inflight.size
  }

  /**
   * Sends one message once a window slot is free; resolves when it is on the wire with the promise of its outcome.
   * The outcome promise rejects only when the broker stays unreachable past reconnectTimeout, or refuses the channel.
   */
  async send(message: OutboundMessage): Promise<{ settled: Promise<Delivery> }> {
    while (this.fatal === null && (this.channel === null || this.inflight.size >= this.options.window || this.draining)) {
      if (this.draining && this.channel !== null && this.inflight.size < this.options.window) await this.draining
      else await new Promise<void>((resolve) => this.waiters.push(resolve))
    }
    if (this.fatal !== null) throw this.fatal
    let entry!: InFlight
    const settled = new Promise<Delivery>((resolve, reject) => {
      entry = { message, settle: resolve, fail: reject }
    })
    settled.catch(() => undefined) // the caller awaits it; a rejection must not also count as unhandled
    this.inflight.set(message.messageId, entry)
    this.transmit(entry)
    return { settled }
  }

  async close(): Promise<void> {
    this.closing = true
    this.stopAll(new OperationFailedError({ code: 'OUTBOX_PUBLISHER_CLOSED', message: 'the publisher was closed with messages unconfirmed' }))
    const model = this.model
    this.model = null
    this.channel = null
    if (model) await model.close().catch(() => undefined)
  }

  private transmit(entry: InFlight): void {
    const channel = this.channel!
    const generation = this.generation
    const { message } = entry
    const accepted = channel.publish(this.options.exchange, message.routingKey, message.content, { ...message.properties, mandatory: true }, (error: unknown) =>
      this.onConfirm(entry, generation, error),
    )
    if (!accepted && !this.draining) {
      this.draining = new Promise<void>((resolve) => channel.once('drain', resolve)).finally(() => {
        this.draining = null
        this.wake()
      })
    }
  }

  private onConfirm(entry: InFlight, generation: number, error: unknown): void {
    // a callback of a lost channel: the message stays in flight and goes out again on the new channel
    if (generation !== this.generation || this.inflight.get(entry.message.messageId) !== entry) return
    if (error && !(error instanceof Error && error.message === 'message nacked')) return
    this.inflight.delete(entry.message.messageId)
    const rowId = entry.message.rowId
    if (error) entry.settle({ rowId, outcome: 'nacked', reason: 'nacked by the broker' })
    else if (entry.returned !== undefined) entry.settle({ rowId, outcome: 'returned', reason: entry.returned })
    else entry.settle({ rowId, outcome: 'confirmed' })
    this.wake()
  }

  private onReturn(message: Message): void {
    const id = message.properties.messageId as string | undefined
    const entry = id === undefined ? undefined : this.inflight.get(id)
    if (entry) {
      // basic.return carries replyCode/replyText, which amqplib's MessageFields type does not declare
      const fields = message.fields as typeof message.fields & { replyCode?: number; replyText?: string }
      entry.returned = `unroutable: ${fields.replyCode ?? 312} ${fields.replyText ?? 'NO_ROUTE'} (exchange "${fields.exchange}", routing key "${fields.routingKey}")`
    }
  }

  private async attach(model: ChannelModel): Promise<void> {
    const channel = await model.createConfirmChannel()
    const generation = this.generation
    let refusal: unknown = null
    channel.on('return', (message: Message) => this.onReturn(message))
    channel.on('error', (error: Error & { code?: number }) => {
      if (typeof error.code === 'number' && BROKER_REFUSALS.has(error.code)) refusal = error
    })
    channel.on('close', () => this.onLost(generation, refusal))
    model.on('close', (error?: Error) => this.onLost(generation, null, error))
    this.model = model
    this.channel = channel
  }

  private onLost(generation: number, refusal: unknown, error?: Error): void {
    if (this.closing || generation !== this.generation) return
    this.generation++
    this.channel = null
    const model = this.model
    this.model = null
    if (model) void model.close().catch(() => undefined)
    if (refusal !== null) {
      this.stopAll(
        new OperationFailedError({
          code: 'OUTBOX_BROKER_REFUSED',
          message: `${RABBITMQ_SERVICE} closed the channel: ${describeCause(refusal)}`,
          hint: "Check the exchange (outbox.exchange, --exchange) and the user's permissions on the vhost.",
          cause: refusal,
        }),
      )
      return
    }
    this.options.onEvent?.({ event: 'broker-lost', reason: error ? describeCause(error) : 'channel closed' })
    void this.reconnect()
  }

  private async reconnect(): Promise<void> {
    const deadline = Date.now() + this.options.reconnectTimeoutMs
    let delay = 100
    let lastError: unknown
    for (let attempt = 1; !this.closing; attempt++) {
      try {
        await this.attach(await this.options.connect())
        this.reconnects++
        const pending = [...this.inflight.values()]
        for (const entry of pending) this.transmit(entry)
        this.options.onEvent?.({ event: 'broker-reconnected', republished: pending.length, attempt })
        this.wake()
        return
      } catch (error) {
        lastError = error
        if (Date.now() + delay > deadline) break
        await new Promise((resolve) => setTimeout(resolve, delay))
        delay = Math.min(delay * 2, 5000)
      }
    }
    if (!this.closing)
      this.stopAll(
        new ServiceUnreachableError(
          RABBITMQ_SERVICE,
          this.options.address,
          lastError,
          'The broker did not come back within outbox.reconnectTimeout; unconfirmed rows stay pending for the next run.',
        ),
      )
  }

  private stopAll(error: unknown): void {
    this.fatal ??= error
    for (const entry of this.inflight.values()) entry.fail(this.fatal)
    this.inflight.clear()
    this.wake()
  }

  private wake(): void {
    const waiters = this.waiters
    this.waiters = []
    for (const resolve of waiters) resolve()
  }
}
