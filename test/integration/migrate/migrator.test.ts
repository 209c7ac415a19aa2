// The migrate service against a real MariaDB database: transactions, down/redo/baseline, formats, dry run.
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Connection, RowDataPacket } from 'mysql2/promise'
import { loadConfig, type Config } from '../../../src/core/config'
import { InfraError } from '../../../src/core/errors'
import { migrateBaseline, migrateDown, migrateRedo, migrateRepair, migrateUp, migrationStatus, type MigrateEvent } from '../../../src/migrate/migrator'
import { createTestDatabase, type TestDatabase } from '../../support/services'

describe('migrate service (MariaDB)', () => {
  let db: TestDatabase
  let root: string
  let config: Config
  let sql: Connection
  const write = (name: string, content: string): void => writeFileSync(path.join(root, 'infra', 'migrations', name), content)
  const count = async (query: string): Promise<number> => Number(((await sql.query<RowDataPacket[]>(query))[0] as RowDataPacket[])[0]!.n)

  before(async () => {
    db = await createTestDatabase('mig_svc')
    root = mkdtempSync(path.join(tmpdir(), 'infra-migrate-svc-'))
    mkdirSync(path.join(root, 'infra', 'migrations'), { recursive: true })
    config = await loadConfig({ cwd: root, env: { INFRA_MYSQL_URL: db.url } })
    const mysql = require('mysql2/promise') as typeof import('mysql2/promise')
    sql = await mysql.createConnection({ uri: db.url })
  })
  after(async () => {
    await sql.end()
    await db.drop()
    rmSync(root, { recursive: true, force: true })
  })

  it('runs TypeScript, CommonJS and .sql migrations with progress events, and a dry run changes nothing', async () => {
    write(
      '001-items.ts',
      `import type { QueryInterface } from 'sequelize'
export async function up({ context: { queryInterface } }: { context: { queryInterface: QueryInterface } }): Promise<void> {
  await queryInterface.createTable('items', { id: { type: 'INT', primaryKey: true }, label: { type: 'VARCHAR(50)' } })
}
export async function down({ context: { queryInterface } }: { context: { queryInterface: QueryInterface } }): Promise<void> {
  await queryInterface.dropTable('items')
}
`,
    )
    write(
      '002-seed.cjs',
      "exports.up = async ({ context }) => { await context.queryInterface.bulkInsert('items', [{ id: 1, label: 'one' }]) }\nexports.down = async ({ context }) => { await context.queryInterface.bulkDelete('items', {}) }\n",
    )
    write('003-more.sql', "-- +infra up\nINSERT INTO items VALUES (2, 'two');\n-- +infra down\nDELETE FROM items WHERE id = 2;\n")
    const dry = await migrateUp(config, { dryRun: true })
    assert.deepEqual(dry.planned, ['001-items', '002-seed', '003-more'])
    assert.equal(
      await count("SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('items', 'infra_migrations')"),
      0,
    )

    const events: MigrateEvent[] = []
    const result = await migrateUp(config, { onEvent: (e) => events.push(e) })
    assert.deepEqual(
      result.applied.map((a) => a.name),
      ['001-items', '002-seed', '003-more'],
    )
    assert.deepEqual(
      events.filter((e) => e.event === 'migrated').map((e) => (e as { name: string }).name),
      ['001-items', '002-seed', '003-more'],
    )
    assert.ok(events.some((e) => e.event === 'lock-acquired'))
    assert.equal(await count('SELECT COUNT(*) AS n FROM items'), 2)
    const status = await migrationStatus(config)
    assert.ok(status.migrations.every((m) => m.state === 'applied' && m.checksumMatch === true && m.appliedBy?.includes('@')))
  })

  it('rolls back the data changes of a failing code migration (its QueryInterface calls join the transaction)', async () => {
    write(
      '004-fails.ts',
      `export async function up({ context }: { context: { queryInterface: { bulkInsert(t: string, rows: object[]): Promise<unknown> }; sequelize: { query(sql: string): Promise<unknown> } } }): Promise<void> {
  await context.queryInterface.bulkInsert('items', [{ id: 3, label: 'three' }])
  await context.sequelize.query('UPDATE items SET label = NULL WHERE nope = 1')
}
`,
    )
    await assert.rejects(
      () => migrateUp(config),
      (error: unknown) =>
        error instanceof InfraError &&
        error.code === 'MIGRATION_FAILED' &&
        /UPDATE items SET label = NULL WHERE nope = 1/.test(error.message) &&
        /INSERT INTO `items`/.test(error.message),
    )
    assert.equal(await count('SELECT COUNT(*) AS n FROM items WHERE id = 3'), 0)
    const failed = (await migrationStatus(config)).migrations.find((m) => m.name === '004-fails')
    assert.equal(failed?.state, 'failed')
    assert.match(failed?.error ?? '', /nope/)
    rmSync(path.join(root, 'infra', 'migrations', '004-fails.ts'))
  })

  it('reverts with down, redoes, and baselines without running', async () => {
    const down = await migrateDown(config, { step: 2 })
    assert.deepEqual(
      down.reverted.map((r) => r.name),
      ['003-more', '002-seed'],
    )
    assert.equal(await count('SELECT COUNT(*) AS n FROM items'), 0)
    await migrateUp(config)
    const redo = await migrateRedo(config)
    assert.deepEqual([redo.reverted.map((r) => r.name), redo.applied.map((r) => r.name)], [['003-more'], ['003-more']])
    assert.equal(await count('SELECT COUNT(*) AS n FROM items'), 2)

    write('005-never-run.sql', '-- +infra up\nDROP TABLE items;\n')
    const baseline = await migrateBaseline(config)
    assert.deepEqual(baseline.recorded, ['005-never-run'])
    assert.equal(await count('SELECT COUNT(*) AS n FROM items'), 2, 'baseline ran nothing')
    const states = (await migrationStatus(config)).migrations.map((m) => [m.name, m.state])
    assert.deepEqual(states, [
      ['001-items', 'applied'],
      ['002-seed', 'applied'],
      ['003-more', 'applied'],
      ['004-fails', 'failed'],
      ['005-never-run', 'applied'],
    ])
    const repaired = await migrateRepair(config)
    assert.deepEqual([repaired.forgotten, repaired.accepted, repaired.missingFiles], [['004-fails'], [], []])
    assert.deepEqual(
      (await migrationStatus(config)).migrations.map((m) => m.name),
      ['001-items', '002-seed', '003-more', '005-never-run'],
    )
  })
})
