// test/fixtures/domains/restore-props: private state behind getters of primitives, rebuilt by `static restore(props)`
// whose props type is an intersection (`Omit<VenueConstructor, 'code' | 'location'> & { code; latitude; longitude }`),
// and a port method taking a query class that nothing can rebuild: that method is a stub with one warning, the port is
// generated (before: the intersection matched no getter and the query class's errors blocked the whole port).
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Sequelize } from 'sequelize'
import { REPO_ROOT } from '../../support/services'
import { compileAndMigrate, generateOnMariaDb, type GeneratedOnMariaDb, loadCompiled } from './generate-example'

interface Venue {
  readonly id: string
  readonly code: string
  readonly title: string
  readonly latitude: number
  readonly longitude: number
  readonly capacity: number
  readonly notes: string | undefined
  rename(title: string): void
}
interface Modules {
  Venue: { open(props: { id: string; code: string; title: string; latitude: number; longitude: number; capacity: number; notes?: string }): Venue }
  VenueQuery: { where(field: 'title' | 'capacity', value: string | number): unknown }
  MysqlVenueRepository: new (sequelize: Sequelize) => {
    save(venue: Venue): Promise<void>
    findById(id: string): Promise<Venue | null>
    findByCode(code: string): Promise<Venue | null>
    findByCapacity(capacity: number): Promise<Venue[]>
    get(query: unknown): Promise<Venue | null>
  }
}

describe('generate repository: restore(props) typed by an intersection, a query-class parameter, against MariaDB', () => {
  let project: GeneratedOnMariaDb | undefined
  let m: Modules
  before(async () => {
    project = await generateOnMariaDb(path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'restore-props'), 'fx_restore_props')
  })
  after(async () => project?.close())

  it('stubs only the method taking the query class, with one warning naming why, and the code compiles', async () => {
    const { root, warnings } = project!
    assert.equal(warnings.length, 1, warnings.join('\n'))
    assert.match(warnings[0]!, /^src\/venues\/venue-repository\.ts:\d+: VenueRepository\.get was generated to throw: .*cannot rebuild VenueQuery/)
    await compileAndMigrate(project!)
    m = loadCompiled<Modules>(root, ['venues/venue', 'venues/venue-query', 'infrastructure/repository/mysql-venue-repository'])
  })

  it('round-trips a venue through Venue.restore, the optional note left out or kept', async () => {
    const repo = new m.MysqlVenueRepository(project!.sequelize)
    const hall = m.Venue.open({ id: 'v-1', code: 'HAL-001', title: 'Hall', latitude: 48.85, longitude: 2.35, capacity: 300 })
    const barn = m.Venue.open({ id: 'v-2', code: 'BRN-002', title: 'Barn', latitude: -33.9, longitude: 151.2, capacity: 300, notes: 'no heating' })
    await repo.save(hall)
    await repo.save(barn)
    const found = await repo.findById('v-1')
    assert.ok(found)
    assert.equal(found.constructor, hall.constructor)
    const state = (v: Venue) => ({ id: v.id, code: v.code, title: v.title, latitude: v.latitude, longitude: v.longitude, capacity: v.capacity, notes: v.notes })
    assert.deepEqual(state(found), { id: 'v-1', code: 'HAL-001', title: 'Hall', latitude: 48.85, longitude: 2.35, capacity: 300, notes: undefined })
    assert.deepEqual(state((await repo.findByCode('BRN-002'))!), state(barn))
    assert.deepEqual((await repo.findByCapacity(300)).map((v) => v.id).sort(), ['v-1', 'v-2'])
    found.rename('Great Hall')
    await repo.save(found)
    assert.equal((await repo.findById('v-1'))?.title, 'Great Hall')
    await assert.rejects(() => repo.get(m.VenueQuery.where('title', 'Hall')), /not implemented: "get"/)
  })
})
