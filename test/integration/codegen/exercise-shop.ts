// Exercises every generated repository method of the shop examples against MariaDB: round trips of every type,
// derived queries, pagination and null handling. Shared by the CommonJS and the ESM example.
import assert from 'node:assert/strict'
import type { Sequelize } from 'sequelize'
import { ConfigSchema } from '../../../src/core/config/schema'
import { resolveLayout } from '../../../src/outbox/layout'
import { outboxTableSql } from '../../../src/outbox/table-sql'
import type { Order as OrderType, OrderId as OrderIdType } from '../../../examples/shop-cjs/src/domain/order/order'
import type { OrderRepository } from '../../../examples/shop-cjs/src/domain/order/order-repository'
import type { Product as ProductType } from '../../../examples/shop-cjs/src/domain/product/product'
import type { ProductRepositoryPort } from '../../../examples/shop-cjs/src/domain/product/product-repository'
import type { User, UserId } from '../../../examples/shop-cjs/src/domain/user/user'
import type { UserRepository } from '../../../examples/shop-cjs/src/domain/user/user-repository'

/** What the compiled example exports (domain classes and generated repositories), loaded at run time. */
export interface ShopModules {
  Order: typeof OrderType
  OrderId: typeof OrderIdType
  Money: new (amountCents: bigint, currency: string) => OrderType['total']
  Product: typeof ProductType
  MysqlUserRepository: new (sequelize: Sequelize) => UserRepository
  MysqlOrderRepository: new (sequelize: Sequelize) => OrderRepository
  MysqlProductRepository: new (sequelize: Sequelize) => ProductRepositoryPort
}

const ids = (users: readonly User[]) => users.map((u) => u.id).sort()

function user(id: string, overrides: Partial<User> = {}): User {
  return {
    id: id as UserId,
    email: `${id}@example.com`,
    name: `name-${id}`,
    status: 'active' as User['status'],
    role: 'member',
    age: 30,
    address: { street: '1 Main St', city: 'Lyon', zip: null },
    tags: ['a', 'b'],
    createdAt: new Date('2024-01-02T03:04:05.678Z'),
    verified: true,
    ...overrides,
  }
}

export async function exerciseUsers(modules: ShopModules, sequelize: Sequelize): Promise<void> {
  const repo = new modules.MysqlUserRepository(sequelize)
  const alice = user('u1', { name: 'Alice', role: 'admin', nickname: 'al', tags: [], createdAt: new Date('2024-01-01T00:00:00.001Z') })
  const bob = user('u2', { name: 'Bob', age: null, address: null, verified: false, status: 'suspended' as User['status'] })
  const carol = user('u3', { name: 'Carol_%', age: 45, address: { street: '2 Side St', city: 'Paris', zip: '75001' }, role: 'guest' })
  const dave = user('u4', { name: 'Dave', age: 18, status: 'closed' as User['status'], createdAt: new Date('2025-06-01T12:00:00.000Z') })

  await repo.save(alice)
  await repo.saveMany([bob, carol, dave])
  await repo.saveMany([])
  assert.equal(await repo.count(), 4)

  // round trip of every type: branded id, enum, literal union, nullable number, flattened nullable value object, array, Date, boolean, optional
  assert.deepEqual(await repo.findById('u1' as UserId), alice)
  // an absent optional field is absent, not an own `undefined` (exactOptionalPropertyTypes)
  assert.deepEqual(await repo.findById('u2' as UserId), bob)
  assert.deepEqual(await repo.findById('u3' as UserId), carol)
  assert.equal(await repo.findById('nope' as UserId), null)
  assert.equal(await repo.exists('u1' as UserId), true)
  assert.equal(await repo.exists('nope' as UserId), false)

  // save updates an existing row
  await repo.save({ ...alice, name: 'Alice Updated', age: null, address: null })
  const updated = await repo.findById('u1' as UserId)
  assert.equal(updated?.name, 'Alice Updated')
  assert.equal(updated?.age, null)
  assert.equal(updated?.address, null)
  // `alice` itself was written at version 1, before the copy's save: it is stale now
  await assert.rejects(repo.save(alice), { name: 'ConcurrentModificationError' })
  await repo.save({ ...alice })

  assert.deepEqual(ids(await repo.findAll()), ['u1', 'u2', 'u3', 'u4'])
  assert.equal((await repo.findByEmail('u3@example.com'))?.id, 'u3')
  assert.equal(await repo.findByEmail('missing@example.com'), null)
  // `<Entity>Id` names the id; property names match case-insensitively when nothing matches exactly
  assert.equal((await repo.getByUserId('u3')).name, 'Carol_%')
  await assert.rejects(repo.getByUserId('nope'), { name: 'EntityNotFoundError', message: /User not found/ })
  assert.deepEqual(ids(await repo.findByNickName('al')), ['u1'])
  assert.deepEqual(ids(await repo.findByStatus('active' as User['status'])), ['u1', 'u3'])
  assert.deepEqual(ids(await repo.findByStatusAndRole('active' as User['status'], 'admin')), ['u1'])
  assert.deepEqual(ids(await repo.findByRoleOrStatus('guest', 'closed' as User['status'])), ['u3', 'u4'])
  assert.deepEqual(ids(await repo.findByStatusNot('active' as User['status'])), ['u2', 'u4'])
  assert.deepEqual(ids(await repo.findByRoleIn(['admin', 'guest'])), ['u1', 'u3'])
  assert.deepEqual(ids(await repo.findByRoleNotIn(['admin', 'guest'])), ['u2', 'u4'])
  assert.deepEqual(ids(await repo.findByAgeLessThan(30)), ['u4'])
  assert.deepEqual(ids(await repo.findByAgeLessThanEqual(30)), ['u1', 'u4'])
  assert.deepEqual(ids(await repo.findByAgeGreaterThan(30)), ['u3'])
  assert.deepEqual(ids(await repo.findByAgeGreaterThanEqual(30)), ['u1', 'u3'])
  assert.deepEqual(ids(await repo.findByAgeBetween(18, 30)), ['u1', 'u4'])
  assert.deepEqual(ids(await repo.findByCreatedAtBetween(new Date('2024-01-01T00:00:00.000Z'), new Date('2024-01-01T00:00:00.001Z'))), ['u1'])
  assert.deepEqual(ids(await repo.findByNameLike('%o%')), ['u2', 'u3'])
  assert.deepEqual(ids(await repo.findByNameStartingWith('Da')), ['u4'])
  assert.deepEqual(ids(await repo.findByNameEndingWith('_%')), ['u3'], 'wildcards in the argument match literally')
  assert.deepEqual(ids(await repo.findByNameContaining('l_')), ['u3'])
  assert.deepEqual(ids(await repo.findByNameContaining('%')), ['u3'])
  assert.deepEqual(ids(await repo.findByAgeIsNull()), ['u2'])
  assert.deepEqual(ids(await repo.findByAgeIsNotNull()), ['u1', 'u3', 'u4'])
  assert.deepEqual(ids(await repo.findByVerifiedTrue()), ['u1', 'u3', 'u4'])
  assert.deepEqual(ids(await repo.findByVerifiedFalse()), ['u2'])
  assert.deepEqual(ids(await repo.findByAddressCity('Paris')), ['u3'])
  assert.deepEqual(ids(await repo.findByAddressIsNull()), ['u2'])
  assert.equal((await repo.findFirstByStatusOrderByCreatedAtDesc('active' as User['status']))?.id, 'u3')
  assert.equal(await repo.findFirstByStatusOrderByCreatedAtDesc('none' as User['status']), null)
  assert.deepEqual(
    (await repo.findTop2ByVerifiedTrueOrderByNameAsc()).map((u) => u.name),
    ['Alice', 'Carol_%'],
  )

  // pagination: page/pageSize (1-based) into a Page, and limit/offset into a list
  const page1 = await repo.findByStatusOrderByNameAsc('active' as User['status'], { page: 1, pageSize: 1 })
  assert.deepEqual({ ...page1, items: ids(page1.items) }, { items: ['u1'], total: 2, page: 1, pageSize: 1 })
  const page2 = await repo.findByStatusOrderByNameAsc('active' as User['status'], { page: 2, pageSize: 1 })
  assert.deepEqual(ids(page2.items), ['u3'])
  const page3 = await repo.findByStatusOrderByNameAsc('active' as User['status'], { page: 3, pageSize: 1 })
  assert.deepEqual(page3.items, [])
  assert.equal(page3.total, 2)
  assert.deepEqual(ids(await repo.findByRole('member', { limit: 1, offset: 1 })), ['u4'])
  assert.deepEqual(ids(await repo.findByRole('member', { limit: 10, offset: 0 })), ['u2', 'u4'])

  assert.equal(await repo.countByStatus('active' as User['status']), 2)
  assert.equal(await repo.existsByEmail('u4@example.com'), true)
  assert.equal(await repo.existsByEmail('zzz@example.com'), false)

  // the method whose name cannot be derived throws, saying so
  await assert.rejects(repo.findActiveUsersWithoutOrders(), /not implemented: .*findActiveUsersWithoutOrders/)

  assert.equal(await repo.deleteByStatus('closed' as User['status']), 1)
  await repo.deleteById('u2' as UserId)
  assert.deepEqual(ids(await repo.findAll()), ['u1', 'u3'])
}

export async function exerciseOrders(modules: ShopModules, sequelize: Sequelize): Promise<void> {
  const { Order, OrderId, Money } = modules
  const repo = new modules.MysqlOrderRepository(sequelize)
  // orders record events: their repository writes them to the outbox table (default layout) with the row
  for (const statement of outboxTableSql(resolveLayout(ConfigSchema.parse({}).outbox)).up) await sequelize.query(statement)
  const big = 9_007_199_254_740_993n // beyond Number.MAX_SAFE_INTEGER
  const o1 = Order.place(OrderId.of('o1'), 'u1' as UserId, [{ sku: 'A', quantity: 2, unitPrice: 1.25 }], 'EUR', new Date('2024-03-01T10:00:00.000Z'))
  const o2 = Order.reconstitute({
    id: OrderId.of('o2'),
    customerId: 'u1' as UserId,
    status: 'paid',
    total: new Money(big, 'USD'),
    lines: [],
    placedAt: new Date('2024-03-02T10:00:00.000Z'),
    shippedAt: null,
    note: 'gift wrap',
  })
  const o3 = Order.place(
    OrderId.of('o3'),
    'u2' as UserId,
    [
      { sku: 'B', quantity: 1, unitPrice: 10 },
      { sku: 'C', quantity: 3, unitPrice: 0.5 },
    ],
    'EUR',
    new Date('2024-03-03T10:00:00.000Z'),
  )
  o3.ship(new Date('2024-03-04T08:30:00.250Z'))
  for (const order of [o1, o2, o3]) await repo.save(order)
  const [events] = (await sequelize.query(
    'SELECT aggregate_type, aggregate_id, event_type, CAST(payload AS CHAR) AS payload FROM outbox_messages ORDER BY id',
  )) as [Array<Record<string, string>>, unknown]
  assert.deepEqual(
    events.map((e) => [e.aggregate_type, e.aggregate_id, e.event_type]),
    [
      ['Order', 'o1', 'order.placed'],
      ['Order', 'o3', 'order.placed'],
      ['Order', 'o3', 'order.shipped'],
    ],
    'one row per event, in order; the reconstituted o2 recorded none',
  )
  assert.deepEqual(JSON.parse(events[0]!.payload!), {
    orderId: 'o1',
    customerId: 'u1',
    total: { amountCents: '250', currency: 'EUR' },
    placedAt: '2024-03-01T10:00:00.000Z',
  })

  const loaded = await repo.findById(OrderId.of('o2'))
  assert.ok(loaded instanceof Order, 'rebuilt through the static factory')
  assert.equal(loaded.id.value, 'o2')
  assert.ok(loaded.id instanceof OrderId)
  assert.equal(loaded.total.amountCents, big, 'bigint beyond 2^53 round-trips exactly')
  assert.equal(loaded.total.currency, 'USD')
  assert.equal(loaded.note, 'gift wrap')
  assert.equal(loaded.shippedAt, null)
  const shipped = await repo.findById(OrderId.of('o3'))
  assert.deepEqual(shipped?.lines, o3.lines)
  assert.equal(shipped?.shippedAt?.toISOString(), '2024-03-04T08:30:00.250Z')
  assert.equal(shipped?.status, 'shipped')
  assert.equal((await repo.findById(OrderId.of('o1')))?.note, undefined)
  assert.equal((await repo.findById(OrderId.of('o1')))?.total.amountCents, 250n)

  assert.deepEqual(
    (await repo.findByCustomerIdOrderByPlacedAtDesc('u1' as UserId)).map((o) => o.id.value),
    ['o2', 'o1'],
  )
  const page = await repo.findByStatusIn(['pending', 'shipped'], { page: 1, pageSize: 10 })
  assert.deepEqual(page.items.map((o) => o.id.value).sort(), ['o1', 'o3'])
  assert.equal(page.total, 2)
  assert.deepEqual((await repo.findByShippedAtIsNull()).map((o) => o.id.value).sort(), ['o1', 'o2'])
  assert.deepEqual((await repo.findByTotalAmountCentsGreaterThanEqual(1000n)).map((o) => o.id.value).sort(), ['o2', 'o3'])
  assert.deepEqual(
    (await repo.findByTotalCurrency('USD')).map((o) => o.id.value),
    ['o2'],
  )
  assert.equal(await repo.countByCustomerId('u1' as UserId), 2)
  await repo.delete(o1)
  assert.equal(await repo.findById(OrderId.of('o1')), null)
}

export async function exerciseProducts(modules: ShopModules, sequelize: Sequelize): Promise<void> {
  const { Product } = modules
  const repo = new modules.MysqlProductRepository(sequelize)
  const make = (n: number, overrides: Partial<ProductType> = {}) =>
    new Product({
      id: `p${n}`,
      sku: `SKU-${n}`,
      title: `Product ${n}`,
      priceCents: 1999 + n,
      stock: n,
      viewCount: 12345678901234567n + BigInt(n),
      categories: ['tools', `c${n}`],
      discontinued: n % 2 === 0,
      description: n === 1 ? null : `about ${n}`,
      releasedAt: n === 2 ? null : new Date(Date.UTC(2023, n, 1)),
      ...overrides,
    })
  const saved = await repo.save(make(1))
  assert.ok(saved instanceof Product)
  for (const n of [2, 3, 4, 5]) await repo.save(make(n))
  const one = await repo.findById('p1')
  assert.ok(one instanceof Product)
  assert.deepEqual(one, make(1))
  assert.deepEqual(await repo.findById('p2'), make(2))
  const page = await repo.findAll({ page: 2, pageSize: 2 })
  assert.deepEqual(
    page.items.map((p) => p.id),
    ['p3', 'p4'],
  )
  assert.equal(page.total, 5)
  assert.equal(page.page, 2)
  assert.equal(page.pageSize, 2)
  await repo.delete(make(3))
  assert.equal(await repo.findById('p3'), null)
}

/** The ESM example's fourth aggregate: a type-alias entity with a single-value value object, an alias id, a record. */
interface Email {
  readonly value: string
}
interface Wallet {
  readonly id: string
  owner: Email
  balance: bigint
  currency: 'EUR' | 'USD'
  frozen: boolean
  limits: number[]
  openedAt: Date
  closedAt?: Date | undefined
  labels: Record<string, string>
}
interface WalletRepository {
  findById(id: string): Promise<Wallet | undefined>
  save(wallet: Wallet): Promise<void>
  remove(id: string): Promise<boolean>
  findByOwner(owner: Email): Promise<Wallet | null>
  findByFrozenFalseAndBalanceGreaterThan(minimum: bigint): Promise<Wallet[]>
  findByCurrencyOrderByOpenedAtAsc(currency: 'EUR' | 'USD'): Promise<Wallet[]>
  findByClosedAtIsNotNull(): Promise<Wallet[]>
}
export interface WalletModules {
  Email: { of(value: string): Email }
  MysqlWalletRepository: new (sequelize: Sequelize) => WalletRepository
}

export async function exerciseWallets(modules: WalletModules, sequelize: Sequelize): Promise<void> {
  const repo = new modules.MysqlWalletRepository(sequelize)
  const w1: Wallet = {
    id: 'w1',
    owner: modules.Email.of('Ann@Example.com'),
    balance: 9_000_000_000_000_000_001n,
    currency: 'EUR',
    frozen: false,
    limits: [1.5, 100, -3],
    openedAt: new Date('2022-05-05T05:05:05.005Z'),
    labels: { tier: 'gold', 'with space': 'yes' },
  }
  const w2: Wallet = {
    ...w1,
    id: 'w2',
    owner: modules.Email.of('bob@example.com'),
    balance: 5n,
    frozen: true,
    limits: [],
    closedAt: new Date('2023-01-01T00:00:00.000Z'),
    labels: {},
    currency: 'USD',
  }
  await repo.save(w1)
  await repo.save(w2)
  const loaded = await repo.findById('w1')
  assert.ok(loaded)
  assert.deepEqual({ ...loaded, owner: loaded.owner.value }, { ...w1, owner: 'ann@example.com' })
  assert.equal(await repo.findById('none'), undefined)
  assert.equal((await repo.findByOwner(modules.Email.of('BOB@example.com')))?.id, 'w2')
  assert.deepEqual(
    (await repo.findByFrozenFalseAndBalanceGreaterThan(10n)).map((w) => w.id),
    ['w1'],
  )
  assert.deepEqual(
    (await repo.findByFrozenFalseAndBalanceGreaterThan(9_000_000_000_000_000_001n)).map((w) => w.id),
    [],
  )
  assert.deepEqual(
    (await repo.findByCurrencyOrderByOpenedAtAsc('USD')).map((w) => w.id),
    ['w2'],
  )
  assert.deepEqual(
    (await repo.findByClosedAtIsNotNull()).map((w) => w.closedAt?.toISOString()),
    ['2023-01-01T00:00:00.000Z'],
  )
  assert.equal(await repo.remove('w2'), true)
  assert.equal(await repo.remove('w2'), false)
}

/** The ESM example's fifth aggregate: a numeric id the database assigns (AUTO_INCREMENT), an optional page request. */
interface Note {
  id?: number
  title: string
  body: string
  pinned: boolean
  createdAt: Date
}
interface NoteRepository {
  findById(id: number): Promise<Note | null>
  save(note: Note): Promise<Note>
  findAllByPinnedTrueOrderByCreatedAtDesc(): Promise<Note[]>
  findByTitleContaining(text: string, page?: { limit?: number; offset?: number }): Promise<{ items: Note[]; total: number }>
}
export interface NoteModules {
  MysqlNoteRepository: new (sequelize: Sequelize) => NoteRepository
}

export async function exerciseNotes(modules: NoteModules, sequelize: Sequelize): Promise<void> {
  const repo = new modules.MysqlNoteRepository(sequelize)
  const long = 'x'.repeat(5000)
  const first = await repo.save({ title: 'groceries', body: long, pinned: true, createdAt: new Date('2024-01-01T00:00:00.000Z') })
  const second = await repo.save({ title: 'todo list', body: '', pinned: true, createdAt: new Date('2024-02-01T00:00:00.000Z') })
  await repo.save({ title: 'old list', body: 'b', pinned: false, createdAt: new Date('2023-01-01T00:00:00.000Z') })
  assert.equal(typeof first.id, 'number', 'the database assigned an id')
  assert.ok(second.id! > first.id!)
  assert.equal((await repo.findById(first.id!))?.body.length, 5000, 'free text is stored as TEXT')
  const renamed = await repo.save({ ...first, title: 'shopping' })
  assert.equal(renamed.id, first.id, 'a note with an id is updated in place')
  assert.equal((await repo.findById(first.id!))?.title, 'shopping')
  assert.deepEqual(
    (await repo.findAllByPinnedTrueOrderByCreatedAtDesc()).map((n) => n.title),
    ['todo list', 'shopping'],
  )
  const page = await repo.findByTitleContaining('list', { limit: 1 })
  assert.equal(page.total, 2)
  assert.equal(page.items.length, 1)
  assert.equal((await repo.findByTitleContaining('list')).items.length, 2, 'no page request: every matching row (no default page size)')
}
