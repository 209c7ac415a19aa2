// test/fixtures/domains/port-inputs: a method returning the port itself (`transactional(): this`) returns the
// repository, whose queries join the ambient inTransaction; one taking a handle infra cannot bind (`withTransaction(work:
// UnitOfWork)`) is a stub with a warning. Input objects (inline or a named interface) are criteria plus paging; a field
// that maps to nothing makes the method a stub with a warning.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Sequelize } from 'sequelize'
import { REPO_ROOT } from '../../support/services'
import { compileAndMigrate, generateOnMariaDb, type GeneratedOnMariaDb, loadCompiled } from './generate-example'

type Status = 'open' | 'done'
interface Task {
  readonly id: string
  readonly ownerId: { readonly value: string }
  readonly title: string
  readonly status: Status
  readonly priority: number
}
interface Repository {
  save(task: Task): Promise<void>
  findById(id: string): Promise<Task | null>
  transactional(): Repository
  withTransaction(work: { label: string }): Repository
  findMany(input: { ownerId: Task['ownerId']; status?: Status; page: number; pageSize: number }): Promise<Task[]>
  findAll(listing: { ownerId: Task['ownerId']; status?: Status; page: number; pageSize: number }): Promise<Task[]>
  findTasks(query: { status?: Status; priority?: number; limit: number; offset?: number }): Promise<Task[]>
  findAllTasks(input: unknown): Promise<Task[]>
}
interface Modules {
  Task: new (id: string, ownerId: Task['ownerId'], title: string, status: Status, priority: number) => Task
  OwnerId: new (value: string) => Task['ownerId']
  MysqlTaskRepository: new (sequelize: Sequelize) => Repository
  inTransaction<T>(sequelize: Sequelize, work: () => Promise<T>): Promise<T>
}

describe('generate repository: methods returning the port and input-object parameters, against MariaDB', () => {
  let project: GeneratedOnMariaDb | undefined
  let m: Modules
  before(async () => {
    project = await generateOnMariaDb(path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'port-inputs'), 'fx_port_inputs')
  })
  after(async () => project?.close())

  it('warns once, naming file:line and why, for the unbindable handle and the field that maps to nothing; the code compiles', async () => {
    const { root, warnings } = project!
    assert.equal(warnings.length, 2, warnings.join('\n'))
    assert.match(warnings[0]!, /^src\/tasks\/task-repository\.ts:22: TaskRepository\.withTransaction .*"work: UnitOfWork", a handle infra cannot bind/)
    assert.match(warnings[1]!, /^src\/tasks\/task-repository\.ts:30: TaskRepository\.findAllTasks .*"input\.colour" .* is not a property of Task/)
    await compileAndMigrate(project!)
    m = loadCompiled<Modules>(root, ['tasks/task', 'infrastructure/repository/mysql-task-repository', 'infrastructure/persistence/mysql/transaction'])
  })

  it('transactional() is the repository itself, and its writes join the ambient transaction (a rollback undoes them)', async () => {
    const repo = new m.MysqlTaskRepository(project!.sequelize)
    assert.equal(repo.transactional(), repo)
    const task = new m.Task('T-rollback', new m.OwnerId('ann'), 'rolled back', 'open', 1)
    await assert.rejects(
      m.inTransaction(project!.sequelize, async () => {
        await repo.transactional().save(task)
        assert.ok(await repo.findById('T-rollback'))
        throw new Error('abort')
      }),
      /abort/,
    )
    assert.equal(await repo.findById('T-rollback'), null)
    assert.throws(() => repo.withTransaction({ label: 'x' }), /not implemented: withTransaction returns the repository for "work: UnitOfWork"/)
  })

  it('reads an input object as equality criteria (optional ones only when given) plus paging', async () => {
    const repo = new m.MysqlTaskRepository(project!.sequelize)
    const ann = new m.OwnerId('ann')
    const rows: [string, string, Status, number][] = [
      ['T1', 'ann', 'open', 1],
      ['T2', 'ann', 'done', 2],
      ['T3', 'ann', 'open', 2],
      ['T4', 'bob', 'open', 1],
      ['T5', 'ann', 'open', 3],
    ]
    for (const [id, owner, status, priority] of rows) await repo.save(new m.Task(id, new m.OwnerId(owner), `task ${id}`, status, priority))
    const ids = (tasks: Task[]) => tasks.map((t) => t.id)

    assert.deepEqual(ids(await repo.findMany({ ownerId: ann, page: 1, pageSize: 3 })), ['T1', 'T2', 'T3'])
    assert.deepEqual(ids(await repo.findMany({ ownerId: ann, page: 2, pageSize: 3 })), ['T5'])
    assert.deepEqual(ids(await repo.findMany({ ownerId: ann, status: 'open', page: 1, pageSize: 10 })), ['T1', 'T3', 'T5'])
    assert.deepEqual(ids(await repo.findAll({ ownerId: new m.OwnerId('bob'), page: 1, pageSize: 10 })), ['T4'])
    assert.deepEqual(ids(await repo.findAll({ ownerId: ann, status: 'done', page: 1, pageSize: 10 })), ['T2'])
    const found = (await repo.findAll({ ownerId: ann, status: 'done', page: 1, pageSize: 10 }))[0]!
    assert.deepEqual({ owner: found.ownerId.value, title: found.title, priority: found.priority }, { owner: 'ann', title: 'task T2', priority: 2 })

    assert.deepEqual(ids(await repo.findTasks({ status: 'open', limit: 2 })), ['T1', 'T3'])
    assert.deepEqual(ids(await repo.findTasks({ status: 'open', limit: 2, offset: 2 })), ['T4', 'T5'])
    assert.deepEqual(ids(await repo.findTasks({ priority: 2, limit: 10 })), ['T2', 'T3'])
    await assert.rejects(() => repo.findMany({ ownerId: ann, page: 0, pageSize: 3 }), RangeError)
    await assert.rejects(() => repo.findAllTasks({}), /not implemented: the criteria field "input\.colour"/)
  })
})
