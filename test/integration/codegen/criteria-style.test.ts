// A criteria-style domain (test/fixtures/domains/criteria-style): finders taking a criteria object
// (`findMedias(by: { ownerId?, type?, caption? })`), add/update/remove writes, an entity read through getter methods.
// The generated repositories compile under noUnusedParameters and every method runs against MariaDB.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Sequelize } from 'sequelize'
import { REPO_ROOT } from '../../support/services'
import { compile, generateOnMariaDb, migrationFiles, type GeneratedOnMariaDb, loadCompiled } from './generate-example'

interface Media {
  getId(): string
  getName(): string
  getCaption(): string | null
  rename(name: string, at: Date): void
  setCaption(caption: string | null): void
}
interface MediaPayload {
  ownerId: string
  name: string
  type: string
  sizeBytes: number
  id?: string
  createdAt?: Date
  caption?: string | null
}
interface User {
  id: string
  email: string
  status: 'active' | 'blocked'
  nickname: string | null
}
interface Modules {
  Media: new (payload: MediaPayload) => Media
  User: new (id: string, email: string, status: 'active' | 'blocked', nickname: string | null) => User
  MysqlMediaRepository: new (sequelize: Sequelize) => {
    findMedia(by: { id?: string; ownerId?: string }): Promise<Media | undefined>
    findMedias(by: { ownerId?: string; type?: string; caption?: string | null }): Promise<Media[]>
    countMedias(by: { ownerId?: string; type?: string; editedAt?: Date | null }): Promise<number>
    addMedia(media: Media): Promise<{ id: string }>
    updateMedia(media: Media): Promise<void>
    removeMedia(media: Media): Promise<void>
  }
  MysqlUserRepository: new (sequelize: Sequelize) => {
    find(criteria: { email?: string; status?: string }): Promise<User[]>
    getUser(by: { id?: string; email?: string }): Promise<User | null>
    existsUser(by: { email?: string; nickname?: string | null }): Promise<boolean>
    deleteUsers(by: { status?: string }): Promise<number>
    findUsers(by: { emailDomain?: string }): Promise<User[]>
    createUser(user: User): Promise<User>
    store(user: User): Promise<void>
    updateUser(user: User): Promise<User>
    deleteUser(user: User): Promise<boolean>
  }
}

describe('generate repository on a criteria-style domain, against MariaDB', () => {
  let root: string
  let warnings: readonly string[]
  let sequelize: Sequelize
  let m: Modules

  let project: GeneratedOnMariaDb | undefined
  before(async () => {
    project = await generateOnMariaDb(path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'criteria-style'), 'fx_criteria_style', { timezone: '+00:00' })
    ;({ root, warnings, sequelize } = project)
  })
  after(async () => project?.close())

  it('stubs only the finder naming a field the entity lacks, with a warning naming it and its file:line, and compiles', async () => {
    assert.deepEqual(
      warnings.filter((w) => /generated to throw/.test(w)),
      [
        'src/user/user-repository.port.ts:10: UserRepositoryPort.findUsers was generated to throw: the criteria field "by.emailDomain" of findUsers (src/user/user-repository.port.ts:10) is not a property of User stored as one column. Rename it to a derivable query, or implement it in a subclass.',
      ],
    )
    const result = compile(root, { emit: true })
    assert.equal(result.output, '')
    assert.equal(result.status, 0)
    const context = { queryInterface: sequelize.getQueryInterface(), sequelize }
    for (const file of migrationFiles(path.join(root, 'dist', 'infra', 'migrations'))) {
      await (require(file) as { up(arg: { context: typeof context }): Promise<void> }).up({ context })
    }
    m = loadCompiled<Modules>(root, [
      'media/media',
      'user/user',
      'infrastructure/repository/mysql-media-repository',
      'infrastructure/repository/mysql-user-repository',
    ])
  })

  it('media: add returns the id, criteria finders compare only the fields given, null means IS NULL, update never inserts', async () => {
    const repo = new m.MysqlMediaRepository(sequelize)
    const at = new Date('2025-03-04T05:06:07.000Z')
    const a = new m.Media({ id: 'm-a', ownerId: 'o-1', name: 'a.png', type: 'IMAGE', sizeBytes: 10, createdAt: at, caption: 'sunset' })
    const b = new m.Media({ id: 'm-b', ownerId: 'o-1', name: 'b.mp4', type: 'VIDEO', sizeBytes: 20, createdAt: at })
    const c = new m.Media({ id: 'm-c', ownerId: 'o-2', name: 'c.png', type: 'IMAGE', sizeBytes: 30, createdAt: at })
    assert.deepEqual(await repo.addMedia(a), { id: 'm-a' })
    assert.deepEqual(await repo.addMedia(b), { id: 'm-b' })
    assert.deepEqual(await repo.addMedia(c), { id: 'm-c' })

    assert.deepEqual(await repo.findMedia({ id: 'm-a' }), a)
    assert.equal((await repo.findMedia({ ownerId: 'o-2' }))?.getId(), 'm-c')
    assert.equal(await repo.findMedia({ id: 'm-a', ownerId: 'o-2' }), undefined)
    assert.equal(await repo.findMedia({ id: 'nope' }), undefined)

    const ids = async (by: Parameters<InstanceType<Modules['MysqlMediaRepository']>['findMedias']>[0]) =>
      (await repo.findMedias(by)).map((x) => x.getId()).sort()
    assert.deepEqual(await ids({}), ['m-a', 'm-b', 'm-c'])
    assert.deepEqual(await ids({ ownerId: 'o-1' }), ['m-a', 'm-b'])
    assert.deepEqual(await ids({ ownerId: 'o-1', type: 'IMAGE' }), ['m-a'])
    assert.deepEqual(await ids({ ownerId: undefined, type: 'IMAGE' }), ['m-a', 'm-c'])
    assert.deepEqual(await ids({ caption: null }), ['m-b', 'm-c'])
    assert.deepEqual(await ids({ caption: 'sunset' }), ['m-a'])

    assert.equal(await repo.countMedias({}), 3)
    assert.equal(await repo.countMedias({ ownerId: 'o-1' }), 2)
    assert.equal(await repo.countMedias({ editedAt: null }), 3)

    a.rename('renamed.png', new Date('2025-04-01T00:00:00.000Z'))
    a.setCaption(null)
    await repo.updateMedia(a)
    assert.equal((await repo.findMedia({ id: 'm-a' }))?.getName(), 'renamed.png')
    assert.equal(await repo.countMedias({ editedAt: null }), 2)
    assert.equal(await repo.countMedias({ editedAt: new Date('2025-04-01T00:00:00.000Z') }), 1)
    // an update that changes nothing still finds its row
    await repo.updateMedia(a)

    const missing = new m.Media({ id: 'm-missing', ownerId: 'o-1', name: 'x', type: 'IMAGE', sizeBytes: 1 })
    await assert.rejects(repo.updateMedia(missing), { name: 'EntityNotFoundError', message: /Media not found \(id m-missing\)/ })
    assert.equal(await repo.findMedia({ id: 'm-missing' }), undefined)

    await repo.removeMedia(b)
    assert.deepEqual(await ids({}), ['m-a', 'm-c'])
  })

  it('users: Partial<Pick<User, ...>> criteria, exists, delete by criteria, create/store/update/delete aliases', async () => {
    const repo = new m.MysqlUserRepository(sequelize)
    const ann = new m.User('u-1', 'ann@example.com', 'active', null)
    assert.equal(await repo.createUser(ann), ann)
    await repo.store(new m.User('u-2', 'bob@example.com', 'blocked', 'bob'))
    await repo.store(new m.User('u-3', 'cy@example.com', 'blocked', null))

    assert.deepEqual((await repo.find({ status: 'blocked' })).map((u) => u.id).sort(), ['u-2', 'u-3'])
    assert.deepEqual(
      (await repo.find({ email: 'ann@example.com', status: 'active' })).map((u) => u.id),
      ['u-1'],
    )
    assert.deepEqual((await repo.find({})).length, 3)
    assert.deepEqual(await repo.getUser({ email: 'bob@example.com' }), new m.User('u-2', 'bob@example.com', 'blocked', 'bob'))
    assert.equal(await repo.getUser({ id: 'u-1', email: 'bob@example.com' }), null)
    assert.equal(await repo.existsUser({ nickname: 'bob' }), true)
    assert.equal(await repo.existsUser({ email: 'cy@example.com', nickname: null }), true)
    assert.equal(await repo.existsUser({ email: 'bob@example.com', nickname: null }), false)
    await assert.rejects(repo.findUsers({ emailDomain: 'example.com' }), /not implemented: the criteria field "by.emailDomain"/)

    ann.nickname = 'annie'
    assert.equal(await repo.updateUser(ann), ann)
    assert.equal((await repo.getUser({ id: 'u-1' }))?.nickname, 'annie')
    await assert.rejects(repo.updateUser(new m.User('u-9', 'x@example.com', 'active', null)), {
      name: 'EntityNotFoundError',
      message: /User not found \(id u-9\)/,
    })
    assert.equal(await repo.existsUser({ email: 'x@example.com' }), false)

    await assert.rejects(repo.deleteUsers({}), /deleteUsers: no criteria given/)
    assert.equal(await repo.deleteUsers({ status: 'blocked' }), 2)
    assert.equal(await repo.deleteUser(ann), true)
    assert.equal(await repo.deleteUser(ann), false)
    assert.deepEqual(await repo.find({}), [])
  })
})
