import type { OrderPlaced } from '../src/domain/order/order'
import type { EventHandlers, Infrastructure } from '../src/infrastructure'
import { say } from './environment'

type OrderPlacedHandler = NonNullable<EventHandlers['orderPlaced']>

/**
 * The read model of orders: on each OrderPlaced, load the order through its repository and (re)index it. Idempotent,
 * so a redelivered event changes nothing. It also checks that the event arrived as the aggregate recorded it.
 */
export class OrderProjection implements OrderPlacedHandler {
  private readonly projected = new Set<string>()
  private readonly waiting: { ids: readonly string[]; done: () => void }[] = []

  constructor(private readonly infrastructure: Pick<Infrastructure, 'orderRepository' | 'orderIndexer'>) {}

  async handle(event: OrderPlaced): Promise<void> {
    const id = event.orderId.value
    const order = await this.infrastructure.orderRepository.findById(event.orderId)
    if (order === null) throw new Error(`OrderPlaced for ${id}, but the repository has no such order`)
    const intact =
      order.customerId === event.customerId &&
      order.total.amountCents === event.total.amountCents &&
      order.total.currency === event.total.currency &&
      order.placedAt.getTime() === event.placedAt.getTime()
    if (!intact) throw new Error(`OrderPlaced for ${id} does not match the saved order: the payload was altered on its way`)
    say(
      'consume',
      `order.placed ${id}: customer ${event.customerId}, total ${event.total.amountCents} cents ${event.total.currency}, placed ${event.placedAt.toISOString()}: payload intact`,
    )
    await this.infrastructure.orderIndexer.index(order)
    say('project', `${id} indexed into the order search index`)
    this.projected.add(id)
    for (const waiter of this.waiting.filter((w) => w.ids.every((i) => this.projected.has(i)))) waiter.done()
  }

  /** Resolves once every order of `ids` is projected; rejects after `timeoutMs` naming the ones still missing. */
  projectedAll(ids: readonly string[], timeoutMs: number): Promise<void> {
    if (ids.every((id) => this.projected.has(id))) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const missing = ids.filter((id) => !this.projected.has(id))
        reject(new Error(`no OrderPlaced for ${missing.join(', ')} within ${timeoutMs / 1000} s: was the outbox replayed (infra outbox replay)?`))
      }, timeoutMs)
      this.waiting.push({
        ids,
        done: () => {
          clearTimeout(timer)
          resolve()
        },
      })
    })
  }
}
