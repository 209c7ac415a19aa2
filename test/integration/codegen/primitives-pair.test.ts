// test/fixtures/domains/primitives-pair: entities whose state is a plain shape (toPrimitives/fromPrimitives), a
// factory that records a domain event next to one found by its type, an entity whose only factory records one
// (blocked: the other ports are still generated), and names whose every word must be used.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Sequelize } from 'sequelize'
import { planRepositoryGeneration } from '../../../src/codegen/repository-service'
import { loadConfig } from '../../../src/core/config'
import { REPO_ROOT } from '../../support/services'
import { compile, generateOnMariaDb, migrationFiles, type GeneratedOnMariaDb, loadCompiled } from './generate-example'

interface NotePrimitives {
  id: string
  ownerId: string
  title: string
  unread: boolean
  archived: boolean
  writtenAt: Date
}
interface Note {
  toPrimitives(): NotePrimitives
  pullEvents(): unknown[]
}
interface Task {
  readonly id: string
  readonly title: string
  readonly done: boolean
  pullEvents(): unknown[]
}
interface ShipmentMemento {
  id: string
  status: 'packed' | 'dispatched' | 'delivered'
  weightGrams: number
  destination: { city: string; postcode: string }
  dispatchedAt: Date | null
}
interface Shipment {
  readonly id: string
  readonly heavy: boolean
  toMemento(): ShipmentMemento
  pullEvents(): unknown[]
}
interface Modules {
  Shipment: { revive(memento: ShipmentMemento): Shipment; pack(id: string, weightGrams: number, destination: ShipmentMemento['destination']): Shipment }
  MysqlShipmentRepository: new (sequelize: Sequelize) => {
    save(shipment: Shipment): Promise<void>
    findById(id: string): Promise<Shipment | null>
    findByStatus(status: ShipmentMemento['status']): Promise<Shipment[]>
    findByDestinationCity(city: string): Promise<Shipment[]>
  }
  Note: { fromPrimitives(state: NotePrimitives): Note }
  Task: { create(id: string, title: string, done: boolean): Task }
  MysqlNoteRepository: new (sequelize: Sequelize) => {
    save(note: Note): Promise<void>
    findById(id: string): Promise<Note | null>
    findByOwner(ownerId: string): Promise<Note[]>
    countUnreadByOwnerId(ownerId: string): Promise<number>
    findArchivedNotesByOwnerOrderByWrittenAtDesc(ownerId: string): Promise<Note[]>
    findRecentByOwner(ownerId: string): Promise<Note[]>
    findByTitel(title: string): Promise<Note[]>
  }
  MysqlTaskRepository: new (sequelize: Sequelize) => {
    save(task: Task): Promise<void>
    findById(id: string): Promise<Task | null>
    findDoneTasks(): Promise<Task[]>
  }
}

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'primitives-pair')

describe('generate repository: primitives pairs, event-recording factories, every word of a name, against MariaDB', () => {
  let project: GeneratedOnMariaDb | undefined
  let m: Modules
  before(async () => {
    project = await generateOnMariaDb(FIXTURE, 'fx_primitives_pair', { timezone: '+00:00' })
  })
  after(async () => project?.close())

  it('generates Note and Task, blocks only Ledger (its one factory records an event), one warning per stubbed method', async () => {
    const { root, warnings, sequelize } = project!
    const run = planRepositoryGeneration(await loadConfig({ cwd: root, env: {} }), { ports: [], all: true, force: false })
    assert.deepEqual([...new Set(run.blocked.map((d) => d.port))], ['LedgerRepository'])
    assert.match(run.blocked[0]!.message, /Ledger\.open\(\) records a domain event \(ledger\.record\)/)
    assert.equal(run.blocked[0]!.location.file, 'src/ledger/ledger.ts')
    assert.equal(warnings.length, 2, warnings.join('\n'))
    assert.match(warnings[0]!, /^src\/notes\/note-repository\.ts:12: NoteRepository\.findRecentByOwner was generated to throw: .*the word "Recent"/)
    assert.match(warnings[1]!, /^src\/notes\/note-repository\.ts:14: NoteRepository\.findByTitel was generated to throw: Note has no property "titel"/)

    const result = compile(root, { emit: true })
    assert.equal(result.output, '')
    assert.equal(result.status, 0)
    const context = { queryInterface: sequelize.getQueryInterface(), sequelize }
    for (const file of migrationFiles(path.join(root, 'dist', 'infra', 'migrations'))) {
      await (require(file) as { up(arg: { context: typeof context }): Promise<void> }).up({ context })
    }
    m = loadCompiled<Modules>(root, [
      'notes/note',
      'tasks/task',
      'infrastructure/repository/mysql-note-repository',
      'infrastructure/repository/mysql-task-repository',
      'shipments/shipment',
      'infrastructure/repository/mysql-shipment-repository',
    ])
  })

  it('stores the primitives shape and rebuilds through fromPrimitives; relation ids and boolean words filter', async () => {
    const repo = new m.MysqlNoteRepository(project!.sequelize)
    const state = (id: string, ownerId: string, over: Partial<NotePrimitives> = {}): NotePrimitives => ({
      id,
      ownerId,
      title: `title ${id}`,
      unread: true,
      archived: false,
      writtenAt: new Date('2026-01-02T03:04:05.000Z'),
      ...over,
    })
    await repo.save(m.Note.fromPrimitives(state('n1', 'ann')))
    await repo.save(m.Note.fromPrimitives(state('n2', 'ann', { unread: false, archived: true, writtenAt: new Date('2026-02-01T00:00:00.000Z') })))
    await repo.save(m.Note.fromPrimitives(state('n3', 'ann', { archived: true })))
    await repo.save(m.Note.fromPrimitives(state('n4', 'bob')))

    assert.deepEqual(
      (await repo.findById('n2'))?.toPrimitives(),
      state('n2', 'ann', { unread: false, archived: true, writtenAt: new Date('2026-02-01T00:00:00.000Z') }),
    )
    assert.equal(await repo.findById('missing'), null)
    assert.deepEqual((await repo.findByOwner('ann')).map((n) => n.toPrimitives().id).sort(), ['n1', 'n2', 'n3'])
    assert.equal(await repo.countUnreadByOwnerId('ann'), 2)
    assert.deepEqual(
      (await repo.findArchivedNotesByOwnerOrderByWrittenAtDesc('ann')).map((n) => n.toPrimitives().id),
      ['n2', 'n3'],
    )
    await assert.rejects(() => repo.findRecentByOwner('ann'), /not implemented/)
    await assert.rejects(() => repo.findByTitel('x'), /not implemented/)
  })

  it('rebuilds a Task through the factory that records no event', async () => {
    const repo = new m.MysqlTaskRepository(project!.sequelize)
    const created = m.Task.create('t1', 'write tests', true)
    assert.equal(created.pullEvents().length, 1)
    await repo.save(created)
    await repo.save(m.Task.create('t2', 'ship', false))
    const loaded = await repo.findById('t1')
    assert.ok(loaded)
    assert.deepEqual({ id: loaded.id, title: loaded.title, done: loaded.done }, { id: 't1', title: 'write tests', done: true })
    assert.equal(loaded.pullEvents().length, 0, 'loading records no event')
    assert.deepEqual(
      (await repo.findDoneTasks()).map((t) => t.id),
      ['t1'],
    )
  })

  it('finds a pair by its types (toMemento/revive): the shape is stored, not the getters, and rebuilt through revive()', async () => {
    const repo = new m.MysqlShipmentRepository(project!.sequelize)
    const packed = m.Shipment.pack('s1', 25_000, { city: 'Lyon', postcode: '69001' })
    assert.equal(packed.pullEvents().length, 1)
    await repo.save(packed)
    const memento: ShipmentMemento = {
      id: 's2',
      status: 'dispatched',
      weightGrams: 900,
      destination: { city: 'Lyon', postcode: '69002' },
      dispatchedAt: new Date('2026-05-06T07:08:09.000Z'),
    }
    await repo.save(m.Shipment.revive(memento))
    await repo.save(m.Shipment.revive({ ...memento, id: 's3', destination: { city: 'Nantes', postcode: '44000' } }))

    const loaded = await repo.findById('s2')
    assert.deepEqual(loaded?.toMemento(), memento)
    assert.equal(loaded?.pullEvents().length, 0, 'loading records no event')
    assert.deepEqual((await repo.findById('s1'))?.toMemento(), {
      id: 's1',
      status: 'packed',
      weightGrams: 25_000,
      destination: { city: 'Lyon', postcode: '69001' },
      dispatchedAt: null,
    })
    assert.equal((await repo.findById('s1'))?.heavy, true)
    assert.deepEqual((await repo.findByStatus('dispatched')).map((x) => x.id).sort(), ['s2', 's3'])
    assert.deepEqual((await repo.findByDestinationCity('Lyon')).map((x) => x.id).sort(), ['s1', 's2'])
  })
})
