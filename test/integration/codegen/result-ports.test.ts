// test/fixtures/domains/result-ports: port methods returning a Result/Either, one port per way of declaring it: a local
// class pair (Rejected | Accepted, built with `new`), a package's Ok | Err with ok()/err() (node_modules/@acme/result),
// one generic class with static ok()/fail() (Outcome<T>), a union of object types tagged by `ok` (Attempt<T, E>), and a
// read-only port whose Either declares its failure first (Either<CouponUnavailable, Coupon>).
// Each body is the success type's, its value wrapped through the wrapper's own builder; run against MariaDB.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Sequelize, Transaction } from 'sequelize'
import { REPO_ROOT } from '../../support/services'
import { compileAndMigrate, generateOnMariaDb, type GeneratedOnMariaDb, loadCompiled } from './generate-example'

interface Member {
  readonly id: string
  readonly name: string
  readonly email: string
  readonly joinedAt: Date
}
interface Variant<L, R> {
  isRight(): boolean
  readonly value?: R
  readonly reason?: L
}
interface Ticket {
  readonly id: string
  readonly subject: string
  readonly state: 'open' | 'closed'
}
interface Outcome<T> {
  readonly isSuccess: boolean
  readonly error: string | undefined
  getValue(): T
}
type Attempt<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E }
interface Badge {
  readonly id: string
  readonly title: string
  readonly level: number
}
interface Invoice {
  readonly id: string
  readonly customer: string
  readonly totalCents: number
  readonly issuedAt: Date
}

interface Coupon {
  readonly id: string
  readonly code: string
  readonly percent: number
}

interface Modules {
  Member: new (id: string, name: string, email: string, joinedAt: Date) => Member
  MemberNotFound: new (message: string) => Error
  Accepted: new (value: unknown) => object
  Rejected: new (reason: unknown) => object
  MysqlMemberRepository: new (sequelize: Sequelize) => {
    findById(id: string): Promise<Variant<Error, Member>>
    findByEmail(email: string): Promise<Variant<Error, Member | null>>
    findAllByName(name: string): Promise<Variant<Error, Member[]>>
    countByName(name: string): Promise<Variant<string, number>>
    add(member: Member): Promise<Variant<Error, void>>
    save(member: Member): Promise<Variant<Error, Member>>
    withTransaction(transaction: Transaction): Modules['MysqlMemberRepository']['prototype']
  }
  Ticket: new (id: string, props: { subject: string; state: 'open' | 'closed'; openedAt: Date }) => Ticket
  MysqlTicketRepository: new (sequelize: Sequelize) => {
    findById(id: string): Promise<{ isOk(): boolean; value?: Ticket; error?: string }>
    findAllByState(state: string): Promise<{ isOk(): boolean; value?: Ticket[] }>
    exists(id: string): Promise<{ isOk(): boolean; value?: boolean }>
    save(ticket: Ticket): Promise<{ isOk(): boolean }>
    delete(ticket: Ticket): Promise<{ isOk(): boolean; value?: boolean }>
  }
  Invoice: new (id: string, customer: string, totalCents: number, issuedAt: Date) => Invoice
  MysqlInvoiceRepository: new (sequelize: Sequelize) => {
    getById(id: string): Promise<Outcome<Invoice>>
    findByCustomer(customer: string): Promise<Outcome<Invoice[]>>
    save(invoice: Invoice): Promise<Outcome<void>>
  }
  Badge: new (id: string, title: string, level: number) => Badge
  MysqlBadgeRepository: new (sequelize: Sequelize) => {
    findById(id: string): Promise<Attempt<Badge, unknown>>
    findAllByLevel(level: number): Promise<Attempt<Badge[], unknown>>
    save(badge: Badge): Promise<Attempt<void, unknown>>
  }
  MysqlCouponRepository: new (sequelize: Sequelize) => {
    findById(id: string): Promise<Variant<unknown, Coupon>>
    findByCode(code: string): Promise<Variant<unknown, Coupon | null>>
  }
}

describe('generate repository: port methods returning a Result/Either, against MariaDB', () => {
  let project: GeneratedOnMariaDb | undefined
  let m: Modules
  before(async () => {
    project = await generateOnMariaDb(path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'result-ports'), 'fx_result_ports', {
      timezone: '+00:00',
      withPackages: true,
    })
  })
  after(async () => project?.close())

  it('implements every asynchronous method; warns of the failures it cannot build and stubs the synchronous one', async () => {
    const { root, warnings } = project!
    assert.equal(warnings.length, 3, warnings.join('\n'))
    assert.match(
      warnings.find((w) => w.includes('CouponRepository'))!,
      /^src\/coupons\/coupon-repository\.ts:6: CouponRepository\.findById returns Promise<Either<CouponUnavailable, Coupon>>, but infra cannot build its failure \(CouponUnavailable\)/,
    )
    assert.match(
      warnings.find((w) => w.includes('BadgeRepository'))!,
      /^src\/badges\/badge-repository\.ts:6: BadgeRepository\.findById returns Promise<Attempt<Badge, BadgeMissing>>, but infra cannot build its failure \(BadgeMissing\) by declaration, so a missing Badge throws EntityNotFoundError/,
    )
    assert.match(
      warnings.find((w) => w.includes('MemberRepository'))!,
      /^src\/members\/member-repository\.ts:13: MemberRepository\.tryFindByName was generated to throw: tryFindByName does not return a Promise/,
    )
    await compileAndMigrate(project!)
    m = loadCompiled<Modules>(root, [
      'members/member',
      'shared/either',
      'tickets/ticket',
      'invoices/invoice',
      'badges/badge',
      'infrastructure/repository/mysql-member-repository',
      'infrastructure/repository/mysql-ticket-repository',
      'infrastructure/repository/mysql-invoice-repository',
      'infrastructure/repository/mysql-badge-repository',
      'infrastructure/repository/mysql-coupon-repository',
    ])
  })

  it('a local class pair: Accepted(value) built with new, Rejected(new MemberNotFound) for nothing found, a database Error as Rejected', async () => {
    const repo = new m.MysqlMemberRepository(project!.sequelize)
    const ann = new m.Member('m-1', 'Ann', 'ann@example.com', new Date('2026-01-02T03:04:05.000Z'))
    const added = await repo.add(ann)
    assert.ok(added instanceof m.Accepted)
    assert.equal(added.value, undefined)

    const found = await repo.findById('m-1')
    assert.ok(found instanceof m.Accepted)
    assert.deepEqual(found.value, ann)
    const missing = await repo.findById('m-404')
    assert.ok(missing instanceof m.Rejected)
    assert.ok(missing.reason instanceof m.MemberNotFound)
    assert.equal(missing.reason.message, 'Member not found (findById)')

    // the success type admits null: nothing found is a success holding null
    const none = await repo.findByEmail('nobody@example.com')
    assert.ok(none instanceof m.Accepted)
    assert.equal(none.value, null)
    assert.equal((await repo.findByEmail('ann@example.com')).value?.id, 'm-1')

    assert.deepEqual(
      (await repo.findAllByName('Ann')).value?.map((x) => x.id),
      ['m-1'],
    )
    assert.equal((await repo.countByName('Ann')).value, 1)

    // an insert of a taken id throws DuplicateEntityError in the body: the failure type holds an Error, so it is Rejected
    const duplicate = await repo.add(new m.Member('m-1', 'Other', 'other@example.com', new Date()))
    assert.ok(duplicate instanceof m.Rejected)
    assert.ok(duplicate.reason instanceof Error)
    assert.equal(duplicate.reason.name, 'DuplicateEntityError')
    const saved = await repo.save(ann)
    assert.ok(saved instanceof m.Accepted)
    assert.equal(saved.value, ann)
  })

  it("withTransaction(tx) with Sequelize's Transaction: the calls of the repository returned run in it", async () => {
    const sequelize = project!.sequelize
    const repo = new m.MysqlMemberRepository(sequelize)
    const rolledBack = await sequelize.transaction()
    const bound = repo.withTransaction(rolledBack)
    assert.ok((await bound.add(new m.Member('m-tx1', 'Tess', 'tess@example.com', new Date()))) instanceof m.Accepted)
    // inside the transaction the row is there; outside (another connection) it is not yet
    assert.ok((await bound.findById('m-tx1')) instanceof m.Accepted)
    assert.ok((await repo.findById('m-tx1')) instanceof m.Rejected)
    await rolledBack.rollback()
    assert.ok((await repo.findById('m-tx1')) instanceof m.Rejected)

    const committed = await sequelize.transaction()
    await repo.withTransaction(committed).add(new m.Member('m-tx2', 'Tom', 'tom@example.com', new Date()))
    await committed.commit()
    assert.equal((await repo.findById('m-tx2')).value?.name, 'Tom')
  })

  it("a package's Ok | Err: ok(value) and err(message) imported from it", async () => {
    const repo = new m.MysqlTicketRepository(project!.sequelize)
    const ticket = new m.Ticket('t-1', { subject: 'Printer', state: 'open', openedAt: new Date('2026-02-03T04:05:06.000Z') })
    assert.equal((await repo.save(ticket)).isOk(), true)
    const found = await repo.findById('t-1')
    assert.equal(found.isOk(), true)
    assert.equal(found.value?.subject, 'Printer')
    const missing = await repo.findById('t-404')
    assert.equal(missing.isOk(), false)
    assert.equal(missing.error, 'Ticket not found (findById)')
    assert.deepEqual(
      (await repo.findAllByState('open')).value?.map((t) => t.id),
      ['t-1'],
    )
    assert.equal((await repo.exists('t-1')).value, true)
    assert.equal((await repo.delete(ticket)).value, true)
    assert.equal((await repo.exists('t-1')).value, false)
  })

  it('one generic class with static factories: Outcome.ok(value), Outcome.fail(message)', async () => {
    const repo = new m.MysqlInvoiceRepository(project!.sequelize)
    const invoice = new m.Invoice('i-1', 'acme', 12_500, new Date('2026-03-04T05:06:07.000Z'))
    assert.equal((await repo.save(invoice)).isSuccess, true)
    const found = await repo.getById('i-1')
    assert.equal(found.isSuccess, true)
    assert.equal(found.getValue().totalCents, 12_500)
    const missing = await repo.getById('i-404')
    assert.equal(missing.isSuccess, false)
    assert.equal(missing.error, 'Invoice not found (getById)')
    assert.deepEqual(
      (await repo.findByCustomer('acme')).getValue().map((i) => i.id),
      ['i-1'],
    )
  })

  it('a union of object types: object literals of the variant, a failure it cannot build thrown as EntityNotFoundError', async () => {
    const repo = new m.MysqlBadgeRepository(project!.sequelize)
    assert.deepEqual(await repo.save(new m.Badge('b-1', 'Helper', 2)), { ok: true, value: undefined })
    const found = await repo.findById('b-1')
    assert.equal(found.ok, true)
    assert.equal(found.ok && found.value.title, 'Helper')
    const levels = await repo.findAllByLevel(2)
    assert.deepEqual(levels.ok && levels.value.map((b) => b.id), ['b-1'])
    // BadgeMissing is an interface: the documented fallback is the get-style finder's throw
    await assert.rejects(repo.findById('b-404'), (error: Error) => error.name === 'EntityNotFoundError')
  })

  it('an Either whose failure comes first: the entity is its success side; a failure it cannot build thrown as EntityNotFoundError', async () => {
    const sequelize = project!.sequelize
    // the port is read-only: the row is written as another writer would
    await sequelize.query('INSERT INTO coupons (id, code, percent, version) VALUES (?, ?, ?, 0)', { replacements: ['c-1', 'SPRING', 12.5] })
    const repo = new m.MysqlCouponRepository(sequelize)
    const found = await repo.findById('c-1')
    assert.ok(found instanceof m.Accepted)
    assert.deepEqual({ ...found.value }, { id: 'c-1', code: 'SPRING', percent: 12.5 })
    // CouponUnavailable needs an id and a date: the documented fallback is the get-style finder's throw
    await assert.rejects(repo.findById('c-404'), (error: Error) => error.name === 'EntityNotFoundError')
    // the success type admits null: nothing found is a success holding null
    const none = await repo.findByCode('NOPE')
    assert.ok(none instanceof m.Accepted)
    assert.equal(none.value, null)
    assert.equal((await repo.findByCode('SPRING')).value?.id, 'c-1')
  })
})
