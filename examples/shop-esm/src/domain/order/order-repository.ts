import type { Page, PageRequest } from '../shared/repository.js'
import type { UserId } from '../user/user.js'
import type { Order, OrderId, OrderStatus } from './order.js'

/** A port as an abstract class. */
export abstract class OrderRepository {
  abstract findById(id: OrderId): Promise<Order | null>
  abstract save(order: Order): Promise<void>
  abstract delete(order: Order): Promise<void>
  abstract findByCustomerIdOrderByPlacedAtDesc(customerId: UserId): Promise<Order[]>
  abstract findByStatusIn(statuses: OrderStatus[], page: PageRequest): Promise<Page<Order>>
  abstract findByShippedAtIsNull(): Promise<Order[]>
  abstract findByTotalAmountCentsGreaterThanEqual(cents: bigint): Promise<Order[]>
  abstract findByTotalCurrency(currency: string): Promise<Order[]>
  abstract countByCustomerId(customerId: UserId): Promise<number>
}
