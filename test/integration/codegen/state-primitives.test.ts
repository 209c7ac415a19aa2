// test/fixtures/domains/state-primitives: the state is in private constructor parameters typed by single-value
// objects (`id: PlayerId`, `handle: Handle`), handed out only as primitives by a state method (`snapshot().id:
// string`). Each such value is written as given and rebuilt as its value object for the constructor
// (`new Player(PlayerId.parse(row.id), Handle.of(row.handle), TeamId.from(row.team_id), ...)`, TeamId through the
// factory it inherits, which builds `new this`); finders taking the value objects unwrap them.
// Before: "parameter id: PlayerId does not accept what reads back id (string)", the port blocked.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Sequelize } from 'sequelize'
import type { Handle } from '../../fixtures/domains/state-primitives/src/players/handle'
import type { Player } from '../../fixtures/domains/state-primitives/src/players/player'
import type { PlayerId } from '../../fixtures/domains/state-primitives/src/players/player-id'
import type { PlayerRepository } from '../../fixtures/domains/state-primitives/src/players/player-repository'
import type { TeamId } from '../../fixtures/domains/state-primitives/src/players/team-id'
import { REPO_ROOT } from '../../support/services'
import { compileAndMigrate, generateOnMariaDb, type GeneratedOnMariaDb, loadCompiled } from './generate-example'

interface Modules {
  Player: typeof Player
  PlayerId: typeof PlayerId
  Handle: typeof Handle
  TeamId: typeof TeamId
  MysqlPlayerRepository: new (sequelize: Sequelize) => PlayerRepository
}

describe('generate repository: value objects given as primitives by a state method, against MariaDB', () => {
  let project: GeneratedOnMariaDb | undefined
  let m: Modules
  before(async () => {
    project = await generateOnMariaDb(path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'state-primitives'), 'fx_state_primitives')
  })
  after(async () => project?.close())

  it('generates every method with no warning, and the code compiles', async () => {
    assert.deepEqual(project!.warnings, [])
    await compileAndMigrate(project!)
    m = loadCompiled<Modules>(project!.root, [
      'players/player',
      'players/player-id',
      'players/handle',
      'players/team-id',
      'infrastructure/repository/mysql-player-repository',
    ])
  })

  it('round-trips a player: the value objects rebuilt, the primitives stored as themselves', async () => {
    const repo = new m.MysqlPlayerRepository(project!.sequelize)
    const ann = new m.Player(m.PlayerId.parse('P-0001'), m.Handle.of('Ann'), m.TeamId.from('reds'), 1500, ['regional'])
    await repo.save(ann)
    await repo.save(new m.Player(m.PlayerId.parse('P-0002'), m.Handle.of('bob'), m.TeamId.from('blues'), 1200, []))
    const found = await repo.findById(m.PlayerId.parse('P-0001'))
    assert.ok(found)
    assert.equal(found.constructor, ann.constructor)
    assert.deepEqual(found.snapshot(), { id: 'P-0001', handle: 'ann', teamId: 'reds', rating: 1500, titles: ['regional'] })
    const [row] = (await project!.sequelize.query('SELECT id, handle FROM players WHERE id = ?', { replacements: ['P-0001'], type: 'SELECT' })) as Array<{
      id: string
      handle: string
    }>
    assert.deepEqual({ ...row }, { id: 'P-0001', handle: 'ann' })
    assert.equal((await repo.findByHandle(m.Handle.of('BOB')))?.snapshot().id, 'P-0002')
    assert.deepEqual(
      (await repo.findByRatingGreaterThan(1300)).map((p) => p.snapshot().id),
      ['P-0001'],
    )
    // TeamId inherits `static from(value): OpaqueId { return new this(value) }`: rebuilt through it, a TeamId
    assert.equal((found as unknown as { teamId: unknown }).teamId instanceof m.TeamId, true)
    assert.deepEqual(
      (await repo.findByTeamId(m.TeamId.from('blues'))).map((p) => p.snapshot().id),
      ['P-0002'],
    )
    found.transfer(m.TeamId.from('blues'))
    found.win(25)
    await repo.save(found)
    assert.equal((await repo.findByTeamId(m.TeamId.from('blues'))).length, 2)
    assert.equal((await repo.findById(m.PlayerId.parse('P-0001')))?.snapshot().rating, 1525)
    await repo.delete(m.PlayerId.parse('P-0002'))
    assert.equal(await repo.findById(m.PlayerId.parse('P-0002')), null)
  })
})
