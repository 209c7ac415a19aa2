// test/fixtures/domains/result-either: factories that return a Result/Either recognised by its shape (a guard plus a
// value accessor): a local Either (Left | Right, isRight(): this is Right) for the entity and a value object, and an
// Ok | Err Result declared in a package's .d.ts for the id. Rows are rebuilt through those factories; a row the factory
// refuses fails with the generated StoredValueError naming the table.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Sequelize } from 'sequelize'
import { REPO_ROOT } from '../../support/services'
import { compileAndMigrate, generateOnMariaDb, type GeneratedOnMariaDb, loadCompiled } from './generate-example'

interface Wrapped<T> {
  isOk?(): boolean
  isRight?(): boolean
  value: T
}
interface Account {
  readonly id: { readonly value: string }
  readonly email: { readonly value: string }
  readonly balance: number
  readonly openedAt: Date
}
interface Modules {
  Account: { open(props: { id: unknown; email: unknown; balance: number; openedAt: Date }): Wrapped<Account> }
  AccountId: { parse(value: string): Wrapped<Account['id']> }
  Email: { create(value: string): Wrapped<Account['email']> }
  MysqlAccountRepository: new (sequelize: Sequelize) => {
    save(account: Account): Promise<void>
    findById(id: Account['id']): Promise<Account | null>
    findByEmail(email: Account['email']): Promise<Account | null>
    delete(id: Account['id']): Promise<void>
  }
}

// result-kit is not a real package: the fixture declares its types (types/result-kit/index.d.ts); this runtime of it is
// written ONLY into the test's temporary copy, after tsc, so that require('result-kit') resolves.
const RESULT_KIT = `class Ok { constructor(value) { this.value = value } isOk() { return true } isErr() { return false } }
class Err { constructor(error) { this.error = error } isOk() { return false } isErr() { return true } }
exports.Ok = Ok
exports.Err = Err
exports.ok = (value) => new Ok(value)
exports.err = (error) => new Err(error)
`

describe('generate repository: Result/Either factories unwrapped by their guard, against MariaDB', () => {
  let project: GeneratedOnMariaDb | undefined
  let m: Modules
  before(async () => {
    project = await generateOnMariaDb(path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'result-either'), 'fx_result_either', { timezone: '+00:00' })
  })
  after(async () => project?.close())

  it('generates every method with no warning, and the code compiles', async () => {
    const { root, warnings } = project!
    assert.deepEqual(warnings, [])
    await compileAndMigrate(project!, { 'result-kit': RESULT_KIT })
    m = loadCompiled<Modules>(root, ['accounts/account', 'accounts/account-id', 'accounts/email', 'infrastructure/repository/mysql-account-repository'])
  })

  it('round-trips an account rebuilt through Account.open, Email.create and AccountId.parse', async () => {
    const repo = new m.MysqlAccountRepository(project!.sequelize)
    const id = m.AccountId.parse('ACC00001').value
    const email = m.Email.create('Ann@Example.com').value
    const account = m.Account.open({ id, email, balance: 120, openedAt: new Date('2026-03-04T05:06:07.000Z') }).value
    await repo.save(account)

    const found = await repo.findById(m.AccountId.parse('ACC00001').value)
    assert.ok(found)
    assert.deepEqual(
      { id: found.id.value, email: found.email.value, balance: found.balance, openedAt: found.openedAt.toISOString() },
      { id: 'ACC00001', email: 'ann@example.com', balance: 120, openedAt: '2026-03-04T05:06:07.000Z' },
    )
    assert.equal(found.constructor, account.constructor)
    assert.equal((await repo.findByEmail(m.Email.create('ann@example.com').value))?.id.value, 'ACC00001')
    assert.equal(await repo.findById(m.AccountId.parse('ACC99999').value), null)
    await repo.delete(id)
    assert.equal(await repo.findById(id), null)
  })

  it('a stored row the factory refuses is a StoredValueError naming the table, not a half-built entity', async () => {
    const repo = new m.MysqlAccountRepository(project!.sequelize)
    const account = m.Account.open({
      id: m.AccountId.parse('ACC00002').value,
      email: m.Email.create('bob@example.com').value,
      balance: 5,
      openedAt: new Date('2026-03-04T05:06:07.000Z'),
    }).value
    await repo.save(account)
    const [table] = (await project!.sequelize.getQueryInterface().showAllTables()).filter((t) => /account/.test(t))
    assert.ok(table)
    // other code wrote a value the domain refuses: Email.create() returns a Left, Account.open() a Left for the balance
    await project!.sequelize.query(`UPDATE \`${table}\` SET email = 'not-an-email' WHERE id = 'ACC00002'`)
    await assert.rejects(
      () => repo.findById(m.AccountId.parse('ACC00002').value),
      (error: Error) => error.name === 'StoredValueError' && error.message.startsWith(`${table}.Email holds`),
    )
    await project!.sequelize.query(`UPDATE \`${table}\` SET email = 'bob@example.com', balance = -1 WHERE id = 'ACC00002'`)
    await assert.rejects(
      () => repo.findById(m.AccountId.parse('ACC00002').value),
      (error: Error) => error.name === 'StoredValueError' && error.message.startsWith(`${table}.Account holds`) && /negative balance/.test(error.message),
    )
  })
})
