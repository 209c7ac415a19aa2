import type { UserId } from '../user/user.js'

/** An identity value object. */
export class OrderId {
  private constructor(readonly value: string) {}

  static of(value: string): OrderId {
    return new OrderId(value)
  }

  equals(other: OrderId): boolean {
    return other.value === this.value
  }
}

/** Money in minor units (cents), stored as total_amount_cents (BIGINT) and total_currency. */
export class Money {
  constructor(
    readonly amountCents: bigint,
    readonly currency: string,
  ) {}
}

export interface OrderLine {
  sku: string
  quantity: number
  unitPrice: number
}

export type OrderStatus = 'pending' | 'paid' | 'shipped' | 'cancelled'

interface OrderProps {
  id: OrderId
  customerId: UserId
  status: OrderStatus
  total: Money
  lines: OrderLine[]
  placedAt: Date
  shippedAt: Date | null
  note?: string
}

/** Domain events: recorded by the aggregate, written to the outbox by the repository with its row. */
export class OrderPlaced {
  static readonly eventName = 'order.placed'
  constructor(
    readonly orderId: OrderId,
    readonly customerId: UserId,
    readonly total: Money,
    readonly placedAt: Date,
  ) {}
}

export class OrderShipped {
  static readonly eventName = 'order.shipped'
  constructor(
    readonly orderId: OrderId,
    readonly shippedAt: Date,
  ) {}
}

export type OrderEvent = OrderPlaced | OrderShipped

/** An aggregate with private props, getters and static factories; it records events (pullDomainEvents). */
export class Order {
  private events: OrderEvent[] = []

  private constructor(private readonly props: OrderProps) {}

  static place(id: OrderId, customerId: UserId, lines: OrderLine[], currency: string, placedAt: Date): Order {
    const cents = lines.reduce((sum, line) => sum + BigInt(Math.round(line.unitPrice * 100)) * BigInt(line.quantity), 0n)
    const order = new Order({ id, customerId, status: 'pending', total: new Money(cents, currency), lines, placedAt, shippedAt: null })
    order.events.push(new OrderPlaced(id, customerId, order.total, placedAt))
    return order
  }

  static reconstitute(props: OrderProps): Order {
    return new Order(props)
  }

  get id(): OrderId {
    return this.props.id
  }
  get customerId(): UserId {
    return this.props.customerId
  }
  get status(): OrderStatus {
    return this.props.status
  }
  get total(): Money {
    return this.props.total
  }
  get lines(): OrderLine[] {
    return this.props.lines
  }
  get placedAt(): Date {
    return this.props.placedAt
  }
  get shippedAt(): Date | null {
    return this.props.shippedAt
  }
  get note(): string | undefined {
    return this.props.note
  }

  ship(at: Date): void {
    this.props.status = 'shipped'
    this.props.shippedAt = at
    this.events.push(new OrderShipped(this.props.id, at))
  }

  /** the events recorded since the last call, once */
  pullDomainEvents(): OrderEvent[] {
    const events = this.events
    this.events = []
    return events
  }
}
