// test/fixtures/domains/oxide-option: single-entity finders returning oxide.ts Option<User>. The generated repository
// compiles against the fixture's declaration of the module and, at run time, answers Some(user) / None from MariaDB.
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Sequelize } from 'sequelize'
import { REPO_ROOT } from '../../support/services'
import { compile, generateOnMariaDb, migrationFiles, type GeneratedOnMariaDb, loadCompiled } from './generate-example'

interface Option<T> {
  isSome(): boolean
  isNone(): boolean
  unwrap(): T
}
interface User {
  readonly id: string
  readonly email: string
  readonly displayName: string
  readonly joinedAt: Date
}
interface Modules {
  User: new (id: string, props: { email: string; displayName: string; joinedAt: Date }) => User
  MysqlUserRepository: new (sequelize: Sequelize) => {
    save(user: User): Promise<void>
    findOneById(id: string): Promise<Option<User>>
    findOneByEmail(email: string): Promise<Option<User>>
    delete(user: User): Promise<boolean>
  }
}

// oxide.ts is not installed in this repository: a minimal stand-in of its runtime Some/None, written ONLY into this
// test's temporary copy (after tsc, which checks against the fixture's types/oxide.ts/index.d.ts), so the emitted
// require('oxide.ts') resolves. It is not the real package and is never part of the fixture.
const OXIDE_STAND_IN = `class OptionType {
  constructor(some, value) { this.some = some; this.value = value }
  isSome() { return this.some }
  isNone() { return !this.some }
  unwrap() { if (!this.some) throw new Error('unwrap called on None'); return this.value }
  unwrapOr(fallback) { return this.some ? this.value : fallback }
}
exports.Some = (value) => new OptionType(true, value)
exports.None = Object.freeze(new OptionType(false, undefined))
`

describe('generate repository: oxide.ts Option<T> finders, against MariaDB', () => {
  let root: string
  let warnings: readonly string[]
  let sequelize: Sequelize
  let m: Modules
  let none: unknown

  let project: GeneratedOnMariaDb | undefined
  before(async () => {
    project = await generateOnMariaDb(path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'oxide-option'), 'fx_oxide_option', { timezone: '+00:00' })
    ;({ root, warnings, sequelize } = project)
  })
  after(async () => project?.close())

  it('generates the Option finders (only the look-alike local Option is stubbed) and compiles', async () => {
    // one warning per method: the stub's, with the reader's reason in it
    assert.equal(warnings.length, 1, warnings.join('\n'))
    assert.match(
      warnings[0]!,
      /^src\/note\/note-repository\.port\.ts:6: NoteRepositoryPort\.findOneById was generated to throw: .*NoteRepositoryPort\.findOneById\(\): Option<Note> is a generic wrapper/,
    )
    const result = compile(root, { emit: true })
    assert.equal(result.output, '')
    assert.equal(result.status, 0)
    const standIn = path.join(root, 'node_modules', 'oxide.ts')
    mkdirSync(standIn, { recursive: true })
    writeFileSync(path.join(standIn, 'package.json'), JSON.stringify({ name: 'oxide.ts', version: '0.0.0-test-stand-in', main: 'index.js' }))
    writeFileSync(path.join(standIn, 'index.js'), OXIDE_STAND_IN)
    const context = { queryInterface: sequelize.getQueryInterface(), sequelize }
    for (const file of migrationFiles(path.join(root, 'dist', 'infra', 'migrations'))) {
      await (require(file) as { up(arg: { context: typeof context }): Promise<void> }).up({ context })
    }
    m = loadCompiled<Modules>(root, ['user/user', 'infrastructure/repository/mysql-user-repository'])
    none = (require(standIn) as { None: unknown }).None
  })

  it('answers Some(user) for a stored row and None for a missing one, by id and by a derived field', async () => {
    const repo = new m.MysqlUserRepository(sequelize)
    const ann = new m.User('u-1', { email: 'ann@example.com', displayName: 'Ann', joinedAt: new Date('2025-01-02T03:04:05.000Z') })
    await repo.save(ann)

    const byId = await repo.findOneById('u-1')
    assert.equal(byId.isSome(), true)
    assert.deepEqual(byId.unwrap(), ann)
    const byEmail = await repo.findOneByEmail('ann@example.com')
    assert.equal(byEmail.unwrap().displayName, 'Ann')

    assert.equal(await repo.findOneById('u-404'), none)
    assert.equal(await repo.findOneByEmail('nobody@example.com'), none)
    assert.equal(await repo.delete(ann), true)
    assert.equal((await repo.findOneById('u-1')).isNone(), true)
  })
})
