// Spawns the built CLI (npm run build first) against a real MariaDB database per test.
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import type { Connection, RowDataPacket } from 'mysql2/promise'
import { createTestDatabase, parseJson, REPO_ROOT, runCli, type TestDatabase } from '../../support/services'

interface Project {
  dir: string
  db: TestDatabase
  write(name: string, content: string): void
  migrate(args: string[], timeoutMs?: number): ReturnType<typeof runCli>
  sql(): Promise<Connection>
}

const cleanups: (() => Promise<void>)[] = []
after(async () => {
  for (const cleanup of cleanups) await cleanup()
})

async function project(prefix: string): Promise<Project> {
  const db = await createTestDatabase(prefix)
  const dir = mkdtempSync(path.join(tmpdir(), `infra-${prefix}-`))
  const migrations = path.join(dir, 'infra', 'migrations')
  mkdirSync(migrations, { recursive: true })
  const connections: Connection[] = []
  cleanups.push(async () => {
    for (const c of connections) await c.end().catch(() => undefined)
    await db.drop()
    rmSync(dir, { recursive: true, force: true })
  })
  return {
    dir,
    db,
    write: (name, content) => writeFileSync(path.join(migrations, name), content),
    migrate: (args, timeoutMs) => runCli(['migrate', ...args], { cwd: dir, env: { INFRA_MYSQL_URL: db.url }, timeoutMs }),
    sql: async () => {
      const mysql = require('mysql2/promise') as typeof import('mysql2/promise')
      const c = await mysql.createConnection({ uri: db.url })
      connections.push(c)
      return c
    },
  }
}

async function rows(connection: Connection, sql: string): Promise<RowDataPacket[]> {
  const [result] = await connection.query<RowDataPacket[]>(sql)
  return result
}

const pad = (n: number): string => String(n).padStart(3, '0')

describe('infra migrate (e2e)', () => {
  it('8 concurrent `migrate up` over 50 migrations apply each exactly once', async () => {
    const p = await project('mig_conc')
    const c = await p.sql()
    await c.query('CREATE TABLE ledger (id INT AUTO_INCREMENT PRIMARY KEY, migration VARCHAR(100) NOT NULL)')
    for (let i = 1; i <= 50; i++) {
      const name = `${pad(i)}-ledger`
      if (i % 3 === 0)
        p.write(
          `${name}.sql`,
          `-- +infra up\nINSERT INTO ledger (migration) VALUES ('${name}');\n-- +infra down\nDELETE FROM ledger WHERE migration = '${name}';\n`,
        )
      else if (i % 3 === 1)
        p.write(
          `${name}.ts`,
          `export async function up({ context }: { context: { sequelize: { query(sql: string): Promise<unknown> } } }): Promise<void> {\n  await context.sequelize.query("INSERT INTO ledger (migration) VALUES ('${name}')")\n}\n`,
        )
      else p.write(`${name}.js`, `module.exports = { async up(queryInterface) { await queryInterface.bulkInsert('ledger', [{ migration: '${name}' }]) } }\n`)
    }
    const results = await Promise.all(Array.from({ length: 8 }, () => p.migrate(['up', '--json', '--lock-timeout', '120s'], 180_000)))
    for (const r of results) assert.equal(r.code, 0, r.stderr + r.stdout)
    const appliedCounts = results.map((r) => parseJson<{ applied: unknown[] }>(r).applied.length)
    assert.equal(
      appliedCounts.reduce((a, b) => a + b, 0),
      50,
    )
    const ledger = await rows(c, 'SELECT migration, COUNT(*) AS n FROM ledger GROUP BY migration')
    assert.equal(ledger.length, 50)
    assert.ok(ledger.every((row) => Number(row.n) === 1))
    const status = parseJson<{ counts: { applied: number; pending: number } }>(await p.migrate(['status', '--json']))
    assert.deepEqual([status.counts.applied, status.counts.pending], [50, 0])
  })

  it('refuses `up` with exit 4 naming an applied migration edited afterwards, until `repair`', async () => {
    const p = await project('mig_drift')
    p.write('001-create.sql', '-- +infra up\nCREATE TABLE t (id INT);\n-- +infra down\nDROP TABLE t;\n')
    assert.equal((await p.migrate(['up'])).code, 0)
    p.write('001-create.sql', '-- +infra up\n-- now with a comment\nCREATE TABLE t (id INT);\n-- +infra down\nDROP TABLE t;\n')
    p.write('002-more.sql', '-- +infra up\nCREATE TABLE u (id INT);\n')
    const refused = await p.migrate(['up', '--json'])
    assert.equal(refused.code, 4)
    const error = parseJson<{ error: { code: string; message: string } }>(refused).error
    assert.equal(error.code, 'MIGRATION_CHECKSUM_MISMATCH')
    assert.match(error.message, /001-create\.sql/)
    const status = parseJson<{ migrations: { name: string; checksumMatch: boolean | null }[] }>(await p.migrate(['status', '--json']))
    assert.equal(status.migrations.find((m) => m.name === '001-create')?.checksumMatch, false)
    // status --check says what up would do: exit 4, not 0 (nor 2)
    const checked = await p.migrate(['status', '--check', '--json'])
    assert.equal(checked.code, 4, checked.stdout + checked.stderr)
    assert.equal(parseJson<{ error: { code: string } }>(checked).error.code, 'MIGRATION_CHECKSUM_MISMATCH')
    const repaired = await p.migrate(['repair', '--json'])
    assert.equal(repaired.code, 0, repaired.stderr)
    assert.deepEqual(
      parseJson<{ accepted: { name: string }[] }>(repaired).accepted.map((a) => a.name),
      ['001-create'],
    )
    const up = await p.migrate(['up', '--json'])
    assert.equal(up.code, 0, up.stderr)
    assert.deepEqual(
      parseJson<{ applied: { name: string }[] }>(up).applied.map((a) => a.name),
      ['002-more'],
    )
  })

  it('a migration failing halfway exits 1 naming the statement; status shows it failed; fixed, it applies', async () => {
    const p = await project('mig_fail')
    const c = await p.sql()
    p.write('001-ok.sql', '-- +infra up\nCREATE TABLE a (id INT);\n')
    p.write('002-half.sql', '-- +infra up\nCREATE TABLE b (id INT);\nINSERT INTO b VALUES (1);\nINSERT INTO no_such_table VALUES (1);\n')
    p.write('003-later.sql', '-- +infra up\nCREATE TABLE c (id INT);\n')
    const failed = await p.migrate(['up', '--json'])
    assert.equal(failed.code, 1)
    const error = parseJson<{ error: { code: string; message: string; details: { statement: string; completedStatements: string[]; applied: string[] } } }>(
      failed,
    ).error
    assert.equal(error.code, 'MIGRATION_FAILED')
    assert.match(error.message, /002-half/)
    assert.match(error.message, /INSERT INTO no_such_table VALUES \(1\)/)
    assert.deepEqual(error.details.completedStatements, ['CREATE TABLE b (id INT)', 'INSERT INTO b VALUES (1)'])
    assert.deepEqual(error.details.applied, ['001-ok'])
    // the DDL stayed (implicit commit), the INSERT after it was rolled back with the migration's transaction
    assert.equal((await rows(c, 'SELECT COUNT(*) AS n FROM b'))[0]!.n, 0)
    // run again unchanged: its CREATE TABLE committed the first time, so now that statement fails, and it says so
    const human = await p.migrate(['up'])
    assert.equal(human.code, 1)
    assert.match(human.stderr, /Migration 002-half .*Table 'b' already exists\n {2}failed statement: CREATE TABLE b \(id INT\)/)

    const status = await p.migrate(['status', '--json'])
    const migrations = parseJson<{ migrations: { name: string; state: string; error?: string; statement?: string }[] }>(status).migrations
    assert.deepEqual(
      migrations.map((m) => [m.name, m.state]),
      [
        ['001-ok', 'applied'],
        ['002-half', 'failed'],
        ['003-later', 'pending'],
      ],
    )
    assert.match(migrations[1]!.error ?? '', /already exists/)
    assert.equal(migrations[1]!.statement, 'CREATE TABLE b (id INT)')
    assert.equal((await p.migrate(['status', '--check'])).code, 2)

    p.write('002-half.sql', '-- +infra up\nCREATE TABLE IF NOT EXISTS b (id INT);\nINSERT INTO b VALUES (1);\n')
    const fixed = await p.migrate(['up', '--json'])
    assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr)
    assert.deepEqual(
      parseJson<{ applied: { name: string }[] }>(fixed).applied.map((a) => a.name),
      ['002-half', '003-later'],
    )
    assert.equal((await p.migrate(['status', '--check'])).code, 0)
  })

  it('an edited generated migration: status --check exits 4 and the hint sends to generate, never to repair', async () => {
    const p = await project('mig_gen_drift')
    const generated = (body: string): string =>
      `// Generated by infra (infra generate repository UserRepository). Review it before applying.\nexport async function up({ context }: { context: { sequelize: { query(sql: string): Promise<unknown> } } }): Promise<void> {\n  await context.sequelize.query('${body}')\n}\n`
    p.write('001-create-users.ts', generated('CREATE TABLE users (id INT)'))
    assert.equal((await p.migrate(['up'])).code, 0)
    p.write('001-create-users.ts', generated('CREATE TABLE users (id INT, email VARCHAR(255))'))
    const checked = await p.migrate(['status', '--check'])
    assert.equal(checked.code, 4, checked.stdout + checked.stderr)
    assert.match(checked.stderr, /001-create-users\.ts/)
    assert.match(checked.stderr, /infra generate repository/)
    assert.doesNotMatch(checked.stderr, /repair/)
  })

  it(
    'on a terminal, up and down print each migration once, and down ends with a summary',
    { skip: !require('node:fs').existsSync('/usr/bin/script') && 'needs script(1) for a pseudo-terminal' },
    async () => {
      const p = await project('mig_tty')
      p.write('001-a.sql', '-- +infra up\nCREATE TABLE a (id INT);\n-- +infra down\nDROP TABLE a;\n')
      const { execFileSync } = require('node:child_process') as typeof import('node:child_process')
      const onTerminal = (verb: string): string =>
        execFileSync('/usr/bin/script', ['-qec', `${process.execPath} ${path.join(REPO_ROOT, 'bin', 'run.js')} migrate ${verb}`, '/dev/null'], {
          cwd: p.dir,
          env: { ...process.env, INFRA_MYSQL_URL: p.db.url },
          encoding: 'utf8',
        })
      const up = onTerminal('up')
      assert.equal(up.match(/applied 001-a \(/g)?.length, 1, up)
      assert.match(up, /applied 1 migration\(s\)/)
      const down = onTerminal('down')
      assert.equal(down.match(/reverted 001-a \(/g)?.length, 1, down)
      assert.match(down, new RegExp(`${p.db.name}: reverted 1 migration\\(s\\)`))
    },
  )

  it('adopts a sequelize-cli project: SequelizeMeta names count as applied, only the new migration runs', async () => {
    const p = await project('mig_seqcli')
    const c = await p.sql()
    await c.query('CREATE TABLE `SequelizeMeta` (name VARCHAR(255) NOT NULL PRIMARY KEY)')
    await c.query("INSERT INTO `SequelizeMeta` VALUES ('20200101000000-create-users.js'), ('20200102000000-add-email.js')")
    await c.query('CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(255))')
    const cli = (body: string): string =>
      `'use strict'\n/** @type {import('sequelize-cli').Migration} */\nmodule.exports = {\n  async up(queryInterface, Sequelize) {\n    ${body}\n  },\n  async down(queryInterface, Sequelize) {}\n}\n`
    p.write('20200101000000-create-users.js', cli("await queryInterface.createTable('users', { id: { type: Sequelize.INTEGER, primaryKey: true } })"))
    p.write('20200102000000-add-email.js', cli("await queryInterface.addColumn('users', 'email', { type: Sequelize.STRING })"))
    p.write('20200103000000-add-name.js', cli("await queryInterface.addColumn('users', 'name', { type: Sequelize.STRING(100), allowNull: true })"))
    const up = await p.migrate(['up', '--json'])
    assert.equal(up.code, 0, up.stdout + up.stderr)
    assert.deepEqual(
      parseJson<{ applied: { name: string }[] }>(up).applied.map((a) => a.name),
      ['20200103000000-add-name'],
    )
    const columns = await rows(
      c,
      "SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' ORDER BY ORDINAL_POSITION",
    )
    assert.deepEqual(
      columns.map((r) => r.name),
      ['id', 'email', 'name'],
    )
    const status = parseJson<{ counts: { applied: number; pending: number } }>(await p.migrate(['status', '--json']))
    assert.deepEqual([status.counts.applied, status.counts.pending], [3, 0])
  })

  it('exits 3 when another session holds the lock past --lock-timeout, saying who', async () => {
    const p = await project('mig_lock')
    p.write('001-a.sql', '-- +infra up\nCREATE TABLE a (id INT);\n')
    const holder = await p.sql()
    const [[{ id }]] = (await holder.query('SELECT CONNECTION_ID() AS id')) as unknown as [[{ id: number }]]
    const [[{ got }]] = (await holder.query('SELECT GET_LOCK(?, 0) AS got', [`infra_migrate:${p.db.name}.infra_migrations`])) as unknown as [[{ got: number }]]
    assert.equal(got, 1)
    const locked = await p.migrate(['up', '--json', '--lock-timeout', '2s'])
    assert.equal(locked.code, 3)
    const error = parseJson<{ error: { code: string; message: string } }>(locked).error
    assert.equal(error.code, 'LOCK_TIMEOUT')
    assert.match(error.message, new RegExp(`connection ${id}\\b`))
    const status = parseJson<{ counts: { pending: number } }>(await p.migrate(['status', '--json']))
    assert.equal(status.counts.pending, 1)
    await holder.query('SELECT RELEASE_LOCK(?)', [`infra_migrate:${p.db.name}.infra_migrations`])
    assert.equal((await p.migrate(['up'])).code, 0)
  })

  it('a process SIGKILLed while it holds the lock leaves no stale lock: the next run applies at once', async () => {
    const p = await project('mig_kill')
    p.write('001-slow.sql', '-- +infra up\nCREATE TABLE slow (id INT);\nSELECT SLEEP(60);\n')
    const lockName = `infra_migrate:${p.db.name}.infra_migrations`
    const { spawn } = require('node:child_process') as typeof import('node:child_process')
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'run.js'), 'migrate', 'up'], {
      cwd: p.dir,
      env: { ...process.env, INFRA_MYSQL_URL: p.db.url },
      stdio: 'ignore',
    })
    const observer = await p.sql()
    // wait until the run holds the lock and is inside the slow migration
    for (let waited = 0; ; waited += 100) {
      const [[{ holder }]] = (await observer.query('SELECT IS_USED_LOCK(?) AS holder', [lockName])) as unknown as [[{ holder: number | null }]]
      const sleeping = await rows(observer, "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(60)%'")
      if (holder !== null && sleeping.length > 0) break
      assert.ok(waited < 60_000, 'the run took the lock and started the migration within a minute')
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const exited = new Promise((resolve) => child.on('close', resolve))
    child.kill('SIGKILL')
    await exited
    // the slow statement itself may go on until the server notices its client is gone; end it as an operator would
    for (const r of await rows(observer, "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(60)%'"))
      await observer.query(`KILL ${Number(r.ID)}`)
    p.write('001-slow.sql', '-- +infra up\nCREATE TABLE IF NOT EXISTS slow (id INT);\n')
    const rerun = await p.migrate(['up', '--json', '--lock-timeout', '10s'])
    assert.equal(rerun.code, 0, rerun.stdout + rerun.stderr)
    assert.deepEqual(
      parseJson<{ applied: Array<{ name: string }> }>(rerun).applied.map((m) => m.name),
      ['001-slow'],
    )
  })

  it('finds bad input before anything runs: syntax error, duplicates, no down step, missing folder, missing database', async () => {
    const p = await project('mig_bad')
    const c = await p.sql()
    p.write('001-good.sql', '-- +infra up\nCREATE TABLE good (id INT);\n')
    p.write('002-broken.ts', 'export async function up({ context }: { context: unknown }) {\n  const x = ;\n}\n')
    const syntax = await p.migrate(['up', '--json'])
    assert.equal(syntax.code, 4)
    assert.match(parseJson<{ error: { message: string } }>(syntax).error.message, /002-broken\.ts: syntax error at line 2/)
    assert.equal((await rows(c, "SHOW TABLES LIKE 'good'")).length, 0, 'nothing ran')

    p.write('002-broken.ts', 'export async function up(): Promise<void> {}\n')
    p.write('002-broken.sql', '-- +infra up\nSELECT 1;\n')
    const duplicate = await p.migrate(['up', '--json'])
    assert.equal(duplicate.code, 4)
    assert.equal(parseJson<{ error: { code: string } }>(duplicate).error.code, 'MIGRATION_DUPLICATE')
    rmSync(path.join(p.dir, 'infra', 'migrations', '002-broken.sql'))

    assert.equal((await p.migrate(['up'])).code, 0)
    const down = await p.migrate(['down', '--json'])
    assert.equal(down.code, 4)
    assert.match(parseJson<{ error: { message: string } }>(down).error.message, /002-broken\.ts has no down step/)

    const missingFolder = await runCli(['migrate', 'status', '--json'], { cwd: tmpdir(), env: { INFRA_MYSQL_URL: p.db.url } })
    assert.equal(missingFolder.code, 4)
    assert.equal(parseJson<{ error: { code: string } }>(missingFolder).error.code, 'MIGRATIONS_FOLDER_MISSING')

    const otherDb = `${p.db.name}_new`
    const url = p.db.url.replace(/[^/]+$/, otherDb)
    cleanups.unshift(async () => void (await c.query(`DROP DATABASE IF EXISTS \`${otherDb}\``)))
    const missingDb = await runCli(['migrate', 'up', '--json'], { cwd: p.dir, env: { INFRA_MYSQL_URL: url } })
    assert.equal(missingDb.code, 4)
    assert.match(parseJson<{ error: { hint: string } }>(missingDb).error.hint, /--create-database/)
    const created = await runCli(['migrate', 'up', '--create-database', '--json'], { cwd: p.dir, env: { INFRA_MYSQL_URL: url } })
    assert.equal(created.code, 0, created.stdout)
    assert.equal(parseJson<{ applied: unknown[] }>(created).applied.length, 2)
  })
})
