// A stemmlerjs-style domain (test/fixtures/domains/stemmler-forum): factories returning Result<T>, ids over
// Identifier<string | number>, an id class around UniqueEntityID, a `string | Date` property, no strictNullChecks.
// The generated repository compiles and round-trips entities built through the domain's own factories.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Sequelize } from 'sequelize'
import { REPO_ROOT } from '../../support/services'
import { compile, generateOnMariaDb, migrationFiles, type GeneratedOnMariaDb, loadCompiled } from './generate-example'

interface Id {
  toValue(): string | number
}
interface Thread {
  id: Id
  openedAt: string | Date
  replies: number
}
interface Modules {
  UniqueEntityID: new (id?: string | number) => Id
  MemberId: { create(id: Id): { getValue(): unknown } }
  Headline: { create(props: { value: string }): { getValue(): unknown } }
  Thread: { create(props: Record<string, unknown>, id?: Id): { getValue(): Thread } }
  MysqlThreadRepo: new (sequelize: Sequelize) => {
    getThreadById(id: Id): Promise<Thread>
    getThreadsByStarterId(starterId: string): Promise<Thread[]>
    save(thread: Thread): Promise<void>
  }
}

describe('generate repository on a stemmlerjs-style domain, against MariaDB', () => {
  let root: string
  let warnings: readonly string[]
  let sequelize: Sequelize

  let project: GeneratedOnMariaDb | undefined
  before(async () => {
    project = await generateOnMariaDb(path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'stemmler-forum'), 'fx_stemmler_forum', { timezone: '+00:00' })
    ;({ root, warnings, sequelize } = project)
  })
  after(async () => project?.close())

  it('warns about the widened types it stores, and compiles', () => {
    assert.ok(
      warnings.some((w) => /UniqueEntityID\.value: string \| number is stored as a string column/.test(w)),
      warnings.join('\n'),
    )
    assert.ok(
      warnings.some((w) => /^src\/board\/thread\.ts:\d+: Thread\.openedAt: string \| Date is stored as a DATETIME column/.test(w)),
      warnings.join('\n'),
    )
    const result = compile(root, { emit: true })
    assert.equal(result.output, '')
    assert.equal(result.status, 0)
  })

  it('round-trips a Thread made by Thread.create(...).getValue(), and finds it by its starter', async () => {
    const context = { queryInterface: sequelize.getQueryInterface(), sequelize }
    for (const file of migrationFiles(path.join(root, 'dist', 'infra', 'migrations'))) {
      await (require(file) as { up(arg: { context: typeof context }): Promise<void> }).up({ context })
    }
    const m = loadCompiled<Modules>(root, [
      'shared/identifier',
      'board/member-id',
      'board/headline',
      'board/thread',
      'infrastructure/repository/mysql-thread-repo',
    ])
    const repo = new m.MysqlThreadRepo(sequelize)
    const starterId = m.MemberId.create(new m.UniqueEntityID('member-1')).getValue()
    const thread = m.Thread.create(
      { starterId, headline: m.Headline.create({ value: 'Hello' }).getValue(), replies: 3, openedAt: new Date('2024-05-06T07:08:09.123Z') },
      new m.UniqueEntityID('t-1'),
    ).getValue()
    await repo.save(thread)
    assert.deepEqual(await repo.getThreadById(new m.UniqueEntityID('t-1')), thread)

    // a numeric id is stored and found as its string; a string date comes back as the Date it names
    const other = m.Thread.create(
      { starterId, headline: m.Headline.create({ value: 'Later' }).getValue(), openedAt: '2025-01-02T03:04:05.006Z' },
      new m.UniqueEntityID(42),
    ).getValue()
    await repo.save(other)
    const back = await repo.getThreadById(new m.UniqueEntityID(42))
    assert.equal(back.id.toValue(), '42')
    assert.equal((back.openedAt as Date).toISOString(), '2025-01-02T03:04:05.006Z')
    assert.deepEqual((await repo.getThreadsByStarterId('member-1')).map((t) => t.id.toValue()).sort(), ['42', 't-1'])
    assert.deepEqual(await repo.getThreadsByStarterId('nobody'), [])
  })
})
