import { Order, OrderId, type OrderLine } from '../src/domain/order/order'
import { UserStatus, type User, type UserId } from '../src/domain/user/user'

/** The customer and orders the example places; the read side looks for exactly these. */
export const CUSTOMER_ID = 'customer-ada' as UserId

export function customer(): User {
  return {
    id: CUSTOMER_ID,
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    status: UserStatus.Active,
    role: 'member',
    age: 36,
    address: { street: '12 St James Square', city: 'London', zip: null },
    tags: ['early-adopter'],
    createdAt: new Date('2026-01-05T09:00:00.000Z'),
    verified: true,
  }
}

interface PlannedOrder {
  readonly id: string
  readonly lines: OrderLine[]
  readonly placedAt: Date
}

export const PLANNED_ORDERS: readonly PlannedOrder[] = [
  {
    id: 'order-1001',
    lines: [
      { sku: 'NOTEBOOK-A5', quantity: 2, unitPrice: 4.5 },
      { sku: 'PEN-BLACK', quantity: 3, unitPrice: 1.99 },
    ],
    placedAt: new Date('2026-03-01T10:15:00.000Z'),
  },
  {
    id: 'order-1002',
    lines: [{ sku: 'DIFFERENCE-ENGINE', quantity: 1, unitPrice: 12999.99 }],
    placedAt: new Date('2026-03-02T16:40:00.000Z'),
  },
]

export function placeOrders(): Order[] {
  return PLANNED_ORDERS.map((planned) => Order.place(OrderId.of(planned.id), CUSTOMER_ID, planned.lines, 'EUR', planned.placedAt))
}
