import type { Page, PageRequest } from '../shared/repository'
import type { UserId } from '../user/user'
import type { Order, OrderStatus } from './order'

/**
 * The read side of orders: a search port (its name ends in `Search`), answered from the Elasticsearch index that the
 * order projection keeps up to date from the order events. Never a repository: writes go through OrderRepository.
 */
export interface OrderSearch {
  findByCustomerIdOrderByPlacedAtDesc(customerId: UserId): Promise<Order[]>
  findByStatus(status: OrderStatus, page: PageRequest): Promise<Page<Order>>
  countByTotalCurrency(currency: string): Promise<number>
}
