// The example shop's application: it knows the domain's ports and createInfrastructure, nothing of how they are
// implemented. Two entry points, as a shop would deploy them:
//   node dist/app/main.js place     the write side: saves a customer and two orders (their events go to the outbox)
//   node dist/app/main.js read      the read side: projects the order events into the search index, then queries it
//                                   and reads the customer through the cache
// `infra outbox replay` (or a running `infra outbox relay`) carries the events from the outbox to RabbitMQ between them.
import { createInfrastructure, type Infrastructure } from '../src/infrastructure'
import { infrastructureOptions, say } from './environment'
import { OrderProjection } from './order-projection'
import { CUSTOMER_ID, customer, PLANNED_ORDERS, placeOrders } from './shop-data'

/** How long the read side waits for the events of the orders placed (they are queued once replayed). */
const PROJECTION_TIMEOUT_MS = 60_000

async function place(infrastructure: Infrastructure): Promise<void> {
  await infrastructure.userRepository.save(customer())
  say('save', `customer ${CUSTOMER_ID} saved through the user repository`)
  for (const order of placeOrders()) {
    // one transaction: the order's row and its OrderPlaced row in the outbox
    await infrastructure.orderRepository.save(order)
    say('save', `order ${order.id.value} saved (${order.lines.length} line(s), ${order.total.amountCents} cents ${order.total.currency}); its OrderPlaced is in the outbox`)
  }
}

async function read(infrastructure: Infrastructure, sqlQueries: () => number): Promise<void> {
  const projection = new OrderProjection(infrastructure)
  await infrastructure.consume({ orderPlaced: projection })
  say('consume', 'consuming order.placed (the generated consumer: inbox, retries, dead letters)')
  await projection.projectedAll(
    PLANNED_ORDERS.map((o) => o.id),
    PROJECTION_TIMEOUT_MS,
  )

  const found = await infrastructure.orderSearch.findByCustomerIdOrderByPlacedAtDesc(CUSTOMER_ID)
  say('search', `orders of ${CUSTOMER_ID}, newest first: ${found.map((o) => `${o.id.value} (${o.status})`).join(', ') || 'none'}`)
  const missing = PLANNED_ORDERS.filter((planned) => !found.some((o) => o.id.value === planned.id))
  if (missing.length > 0) throw new Error(`the search index lacks ${missing.map((o) => o.id).join(', ')}`)
  const pending = await infrastructure.orderSearch.findByStatus('pending', { page: 1, pageSize: 10 })
  say('search', `pending orders: ${pending.total} (page 1: ${pending.items.map((o) => o.id.value).join(', ')})`)
  say('search', `orders in EUR: ${await infrastructure.orderSearch.countByTotalCurrency('EUR')}`)

  // the cache decorator answers from Redis once filled: the second read sends no query to MySQL
  const readCustomer = async (): Promise<number> => {
    const before = sqlQueries()
    const user = await infrastructure.userRepository.findById(CUSTOMER_ID)
    if (user === null) throw new Error(`customer ${CUSTOMER_ID} not found`)
    return sqlQueries() - before
  }
  const first = await readCustomer()
  say('cache', `read customer ${CUSTOMER_ID}: cache ${first === 0 ? 'hit' : 'miss'} (${queriesText(first)})`)
  const second = await readCustomer()
  say('cache', `read customer ${CUSTOMER_ID} again: cache ${second === 0 ? 'hit' : 'miss'} (${queriesText(second)})`)
  if (second !== 0) throw new Error('the second read went to MySQL: the cache decorator did not keep the customer')
}

async function main(step: string | undefined): Promise<void> {
  if (step !== 'place' && step !== 'read') throw new Error(`usage: main.js place|read (got ${step ?? 'nothing'})`)
  let queries = 0
  const infrastructure = await createInfrastructure(infrastructureOptions({ sequelizeOptions: { logging: () => void queries++ } }))
  try {
    if (step === 'place') await place(infrastructure)
    else await read(infrastructure, () => queries)
  } finally {
    // consumers first (the messages in flight finish), then the connections
    await infrastructure.close()
  }
  say('done', step === 'place' ? 'the write side is done' : 'the read side is done')
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})

function queriesText(count: number): string {
  return count === 1 ? '1 SQL query' : `${count} SQL queries`
}
