// issue 10 part 6 on MariaDB: reverting an adopted sequelize-cli migration, truthful failure reports, milliseconds.
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import type { Connection, RowDataPacket } from 'mysql2/promise'
import { loadConfig, type Config } from '../../../src/core/config'
import { InfraError } from '../../../src/core/errors'
import { migrateDown, migrateUp, migrationStatus } from '../../../src/migrate/migrator'
import { createTestDatabase, type TestDatabase } from '../../support/services'

interface Fixture {
  db: TestDatabase
  root: string
  config: Config
  sql: Connection
  write(name: string, content: string): void
}

const fixtures: Fixture[] = []
async function fixture(prefix: string): Promise<Fixture> {
  const db = await createTestDatabase(prefix)
  const root = mkdtempSync(path.join(tmpdir(), `infra-${prefix}-`))
  mkdirSync(path.join(root, 'infra', 'migrations'), { recursive: true })
  const config = await loadConfig({ cwd: root, env: { INFRA_MYSQL_URL: db.url } })
  const mysql = require('mysql2/promise') as typeof import('mysql2/promise')
  const sql = await mysql.createConnection({ uri: db.url })
  const f = { db, root, config, sql, write: (name: string, content: string) => writeFileSync(path.join(root, 'infra', 'migrations', name), content) }
  fixtures.push(f)
  return f
}

async function rows(sql: Connection, query: string): Promise<RowDataPacket[]> {
  return (await sql.query<RowDataPacket[]>(query))[0]
}

const cli = (up: string, down: string): string =>
  `'use strict'\nmodule.exports = {\n  async up(queryInterface, Sequelize) {\n    ${up}\n  },\n  async down(queryInterface, Sequelize) {\n    ${down}\n  },\n}\n`

describe('migrate fixes (MariaDB)', () => {
  after(async () => {
    for (const f of fixtures) {
      await f.sql.end().catch(() => undefined)
      await f.db.drop()
      rmSync(f.root, { recursive: true, force: true })
    }
  })

  it('down past an adopted sequelize-cli migration makes it pending in both ledgers; up runs it again', async () => {
    const f = await fixture('mig_adopt_down')
    await f.sql.query('CREATE TABLE `SequelizeMeta` (name VARCHAR(255) NOT NULL PRIMARY KEY)')
    await f.sql.query("INSERT INTO `SequelizeMeta` VALUES ('20200101000000-create-users.js'), ('20200102000000-add-email.js')")
    await f.sql.query('CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(255))')
    f.write(
      '20200101000000-create-users.js',
      cli("await queryInterface.createTable('users', { id: { type: Sequelize.INTEGER, primaryKey: true } })", "await queryInterface.dropTable('users')"),
    )
    f.write(
      '20200102000000-add-email.js',
      cli("await queryInterface.addColumn('users', 'email', { type: Sequelize.STRING })", "await queryInterface.removeColumn('users', 'email')"),
    )
    assert.deepEqual((await migrateUp(f.config)).applied, [])

    const down = await migrateDown(f.config)
    assert.deepEqual(
      down.reverted.map((r) => r.name),
      ['20200102000000-add-email'],
    )
    assert.deepEqual(
      (await rows(f.sql, 'SELECT name FROM `SequelizeMeta` ORDER BY name')).map((r) => r.name),
      ['20200101000000-create-users.js'],
    )
    const status = await migrationStatus(f.config)
    assert.equal(status.migrations.find((m) => m.name === '20200102000000-add-email')?.state, 'pending')

    const up = await migrateUp(f.config)
    assert.deepEqual(
      up.applied.map((a) => a.name),
      ['20200102000000-add-email'],
    )
    const columns = await rows(
      f.sql,
      "SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' ORDER BY ORDINAL_POSITION",
    )
    assert.deepEqual(
      columns.map((r) => r.name),
      ['id', 'email'],
    )
  })

  it('an INSERT before a runtime ALTER error is reported as committed, and it is', async () => {
    const f = await fixture('mig_implicit')
    f.write('001-t.sql', '-- +infra up\nCREATE TABLE t (id INT PRIMARY KEY);\n')
    f.write(
      '002-fails.sql',
      '-- +infra up\nINSERT INTO t VALUES (1);\nALTER TABLE t ADD COLUMN c INT NOT NULL, ADD UNIQUE KEY t_id_unique (id), ADD UNIQUE KEY t_id_unique (id);\n',
    )
    await assert.rejects(
      () => migrateUp(f.config),
      (error: unknown) => {
        assert.ok(error instanceof InfraError && error.code === 'MIGRATION_FAILED')
        assert.match(error.message, /failed statement: ALTER TABLE t/)
        assert.match(error.message, /\[committed, stays\] INSERT INTO t VALUES \(1\)/)
        assert.doesNotMatch(error.message, /rolled back/)
        return true
      },
    )
    assert.equal((await rows(f.sql, 'SELECT COUNT(*) AS n FROM t'))[0]!.n, 1)
  })

  it('a rethrown error without SQL does not list the last statement as already run', async () => {
    const f = await fixture('mig_rethrow')
    f.write(
      '001-rethrow.cjs',
      "exports.up = async ({ context }) => {\n  await context.sequelize.query('CREATE TABLE r (id INT)')\n  try { await context.sequelize.query('INSERT INTO r (nope) VALUES (1)') } catch (error) { throw new Error('seed failed') }\n}\n",
    )
    await assert.rejects(
      () => migrateUp(f.config),
      (error: unknown) => {
        assert.ok(error instanceof InfraError && error.code === 'MIGRATION_FAILED')
        const details = error.details as { completedStatements: string[]; lastStarted?: string }
        assert.deepEqual(details.completedStatements, ['CREATE TABLE r (id INT)'])
        assert.equal(details.lastStarted, 'INSERT INTO r (nope) VALUES (1)')
        return true
      },
    )
  })

  it('a generated create-table migration against an existing table fails clearly and is not recorded as applied', async () => {
    const f = await fixture('mig_exists')
    const { TemplateRenderer } = require('../../../src/codegen/render/render') as typeof import('../../../src/codegen/render/render')
    const text = new TemplateRenderer(undefined).render('migrations/create-table.ts.hbs', {
      header: '// Generated by infra (infra generate repository UserRepository).',
      table: 'users',
      port: 'UserRepository',
      columns: [
        { column: 'id', sqlType: 'CHAR(36)', allowNull: false, primaryKey: true, autoIncrement: false },
        { column: 'email', sqlType: 'VARCHAR(255)', allowNull: false, primaryKey: false, autoIncrement: false },
      ],
      indexes: [],
    })
    f.write('20260101000000-create-users.ts', text)
    await f.sql.query('CREATE TABLE users (id INT PRIMARY KEY, name TEXT)')
    await assert.rejects(
      () => migrateUp(f.config),
      (error: unknown) =>
        error instanceof InfraError &&
        error.code === 'MIGRATION_FAILED' &&
        /Table `users` already exists/.test(error.message) &&
        /infra migrate baseline/.test(error.message),
    )
    const status = await migrationStatus(f.config)
    assert.equal(status.migrations[0]?.state, 'failed')
    const columns = await rows(
      f.sql,
      "SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' ORDER BY ORDINAL_POSITION",
    )
    assert.deepEqual(
      columns.map((r) => r.name),
      ['id', 'name'],
    )
    // without the table, the same migration creates it
    await f.sql.query('DROP TABLE users')
    assert.deepEqual(
      (await migrateUp(f.config)).applied.map((a) => a.name),
      ['20260101000000-create-users'],
    )
  })

  it('applied_at keeps its milliseconds', async () => {
    const f = await fixture('mig_ms')
    f.write('001-a.sql', '-- +infra up\nSELECT 1;\n')
    await migrateUp(f.config)
    const [row] = await rows(f.sql, "SELECT DATE_FORMAT(applied_at, '%f') AS micro FROM infra_migrations")
    const status = await migrationStatus(f.config)
    const ms = Number(String(row!.micro).slice(0, 3))
    assert.equal(new Date(status.migrations[0]!.appliedAt!).getUTCMilliseconds(), ms)
    // a run at an exact second is one in a thousand: two migrations make a false failure one in a million
    f.write('002-b.sql', '-- +infra up\nSELECT 1;\n')
    await migrateUp(f.config)
    const micros = (await rows(f.sql, "SELECT DATE_FORMAT(applied_at, '%f') AS micro FROM infra_migrations")).map((r) => String(r.micro))
    assert.ok(
      micros.some((m) => m !== '000000'),
      `milliseconds lost: ${micros.join(', ')}`,
    )
  })
})
