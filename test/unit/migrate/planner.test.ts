import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ExitCode, InfraError } from '../../../src/core/errors'
import {
  adoptSequelizeMeta,
  checksumMismatch,
  driftedMigrations,
  migrationStatuses,
  planBaseline,
  planDown,
  planRepair,
  planUp,
  type FileFacts,
  type MigrationRecord,
} from '../../../src/migrate/planner'

const file = (name: string, checksum = `sum-${name}`): FileFacts => ({ name, file: `infra/migrations/${name}.ts`, checksum })
const record = (name: string, overrides: Partial<MigrationRecord> = {}): MigrationRecord => ({
  name,
  checksum: `sum-${name}`,
  status: 'applied',
  appliedAt: new Date('2026-01-01T00:00:00Z'),
  executionMs: 5,
  appliedBy: 'ci@runner',
  error: null,
  statement: null,
  ...overrides,
})
const invalid = (code: string) => (error: unknown) => error instanceof InfraError && error.exitCode === ExitCode.InvalidInput && error.code === code

describe('migrationStatuses', () => {
  it('merges files and records in name order with state and checksum match', () => {
    const statuses = migrationStatuses(
      [file('003-c'), file('001-a'), file('002-b', 'edited'), file('004-d')],
      [record('001-a'), record('002-b'), record('000-gone'), record('004-d', { status: 'failed', error: 'boom', statement: 'ALTER TABLE x' })],
    )
    assert.deepEqual(
      statuses.map((s) => [s.name, s.state, s.checksumMatch]),
      [
        ['000-gone', 'missing-file', null],
        ['001-a', 'applied', true],
        ['002-b', 'applied', false],
        ['003-c', 'pending', null],
        ['004-d', 'failed', true],
      ],
    )
    assert.equal(statuses[4]!.error, 'boom')
    assert.equal(statuses[4]!.statement, 'ALTER TABLE x')
    assert.equal(statuses[1]!.appliedAt, '2026-01-01T00:00:00.000Z')
  })
})

describe('planUp', () => {
  it('runs pending and failed migrations in order, honouring --to and --step', () => {
    const statuses = migrationStatuses(
      [file('001-a'), file('002-b'), file('003-c'), file('004-d')],
      [record('001-a'), record('002-b', { status: 'failed', error: 'x' })],
    )
    assert.deepEqual(
      planUp(statuses).run.map((s) => s.name),
      ['002-b', '003-c', '004-d'],
    )
    assert.deepEqual(
      planUp(statuses, { to: '003-c' }).run.map((s) => s.name),
      ['002-b', '003-c'],
    )
    assert.deepEqual(
      planUp(statuses, { step: 1 }).run.map((s) => s.name),
      ['002-b'],
    )
    assert.throws(() => planUp(statuses, { to: '999-z' }), invalid('MIGRATION_UNKNOWN'))
  })

  it('is empty when everything is applied', () => {
    const plan = planUp(migrationStatuses([file('001-a')], [record('001-a')]))
    assert.deepEqual(plan.run, [])
  })

  it('refuses an applied migration whose file changed, naming the file (exit 4)', () => {
    const statuses = migrationStatuses([file('001-a', 'edited'), file('002-b')], [record('001-a')])
    assert.throws(
      () => planUp(statuses),
      (error: unknown) => invalid('MIGRATION_CHECKSUM_MISMATCH')(error) && /infra\/migrations\/001-a\.ts/.test((error as Error).message),
    )
  })

  it('refuses a new migration that sorts before an applied one unless allowed', () => {
    const statuses = migrationStatuses([file('001-a'), file('002-b'), file('003-c')], [record('001-a'), record('003-c')])
    assert.throws(() => planUp(statuses), invalid('MIGRATION_OUT_OF_ORDER'))
    const plan = planUp(statuses, { allowOutOfOrder: true })
    assert.deepEqual(
      plan.run.map((s) => s.name),
      ['002-b'],
    )
    assert.deepEqual(plan.outOfOrder, ['002-b'])
  })

  it('reports applied migrations whose file is gone without refusing', () => {
    const plan = planUp(migrationStatuses([file('002-b')], [record('001-a')]))
    assert.deepEqual(plan.missingFiles, ['001-a'])
    assert.deepEqual(
      plan.run.map((s) => s.name),
      ['002-b'],
    )
  })
})

describe('planDown', () => {
  const statuses = migrationStatuses([file('001-a'), file('002-b'), file('003-c'), file('004-d')], [record('001-a'), record('002-b'), record('003-c')])
  it('reverts the newest applied by default, --step N, or down --to a name inclusive', () => {
    assert.deepEqual(
      planDown(statuses).map((s) => s.name),
      ['003-c'],
    )
    assert.deepEqual(
      planDown(statuses, { step: 2 }).map((s) => s.name),
      ['003-c', '002-b'],
    )
    assert.deepEqual(
      planDown(statuses, { to: '002-b' }).map((s) => s.name),
      ['003-c', '002-b'],
    )
    assert.throws(() => planDown(statuses, { to: '004-d' }), invalid('MIGRATION_UNKNOWN'))
  })
  it('refuses to revert a migration whose file is gone', () => {
    assert.throws(() => planDown(migrationStatuses([file('001-a')], [record('001-a'), record('002-b')])), invalid('MIGRATION_FILE_MISSING'))
  })
})

describe('planBaseline and planRepair', () => {
  it('baselines pending migrations up to --to', () => {
    const statuses = migrationStatuses([file('001-a'), file('002-b'), file('003-c')], [record('001-a')])
    assert.deepEqual(
      planBaseline(statuses).map((s) => s.name),
      ['002-b', '003-c'],
    )
    assert.deepEqual(
      planBaseline(statuses, '002-b').map((s) => s.name),
      ['002-b'],
    )
  })
  it('repairs changed or unknown checksums and reports missing files', () => {
    const statuses = migrationStatuses(
      [file('001-a', 'edited'), file('002-b'), file('003-c')],
      [record('001-a'), record('002-b'), record('003-c', { checksum: null }), record('000-gone')],
    )
    const plan = planRepair(statuses)
    assert.deepEqual(
      plan.accept.map((s) => s.name),
      ['001-a', '003-c'],
    )
    assert.deepEqual(plan.missingFiles, ['000-gone'])
  })
  it('keeps a failed attempt whose file is gone out of up, and forgets it on repair', () => {
    const statuses = migrationStatuses([file('002-b')], [record('001-a', { status: 'failed', error: 'x' })])
    assert.deepEqual(
      statuses.map((s) => [s.name, s.state, s.file]),
      [
        ['001-a', 'failed', null],
        ['002-b', 'pending', 'infra/migrations/002-b.ts'],
      ],
    )
    assert.deepEqual(
      planUp(statuses).run.map((s) => s.name),
      ['002-b'],
    )
    assert.deepEqual(planRepair(statuses).forget, ['001-a'])
  })
})

describe('adoptSequelizeMeta', () => {
  it('turns SequelizeMeta names (with extensions) into applied records, skipping those already recorded', () => {
    const adopted = adoptSequelizeMeta(
      ['20200101-create-users.js', '20200102-add-index.js', '20200103-gone.js'],
      [record('20200102-add-index')],
      [file('20200101-create-users')],
      new Date(0),
    )
    assert.deepEqual(
      adopted.map((r) => [r.name, r.checksum, r.status]),
      [
        ['20200101-create-users', 'sum-20200101-create-users', 'applied'],
        ['20200103-gone', null, 'applied'],
      ],
    )
  })
})

describe('checksumMismatch', () => {
  it('never suggests repair for a file written by infra generate, and does for a hand-written one', () => {
    const statuses = migrationStatuses(
      [
        { ...file('001-create-users'), checksum: 'edited', generated: true },
        { ...file('002-seed'), checksum: 'edited' },
      ],
      [record('001-create-users'), record('002-seed')],
    )
    const drifted = driftedMigrations(statuses)
    assert.deepEqual(
      drifted.map((s) => [s.name, s.generated]),
      [
        ['001-create-users', true],
        ['002-seed', false],
      ],
    )
    const onlyGenerated = checksumMismatch(drifted.slice(0, 1))
    assert.equal(onlyGenerated.exitCode, ExitCode.InvalidInput)
    assert.doesNotMatch(onlyGenerated.hint ?? '', /repair/)
    assert.match(onlyGenerated.hint ?? '', /infra generate repository/)
    assert.match(checksumMismatch(drifted).hint ?? '', /002-seed\.ts: .*infra migrate repair/)
    assert.throws(() => planUp(statuses), invalid('MIGRATION_CHECKSUM_MISMATCH'))
  })
})
