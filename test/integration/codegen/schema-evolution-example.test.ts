// Issue 10 "Done means" on examples/shop-cjs against MariaDB: the domain changes, `generate repository` writes ONE new
// migration with the difference (earlier migration files stay byte-identical), up/down/up work and `migrate verify`
// matches after each step; renames, NOT NULL and drops need their flags.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Sequelize } from 'sequelize'
import type { SchemaRequest } from '../../../src/codegen/pipeline'
import { planRepositoryGeneration } from '../../../src/codegen/repository-service'
import { commitTree } from '../../../src/codegen/tree'
import { loadConfig, type Config } from '../../../src/core/config'
import { InfraError } from '../../../src/core/errors'
import { migrateDown, migrateUp } from '../../../src/migrate/migrator'
import { verifySchema } from '../../../src/migrate/verify/verify-schema'
import { createTestDatabase, REPO_ROOT, type TestDatabase } from '../../support/services'
import { compile, generateCopy, type GeneratedExample } from './generate-example'

const USER = 'src/domain/user/user.ts'
const PORT = 'src/domain/user/user-repository.ts'

describe('schema evolution on examples/shop-cjs (MariaDB)', () => {
  let example: GeneratedExample | undefined
  let db: TestDatabase | undefined
  let sequelize: Sequelize | undefined
  let config: Config
  let step = 0
  const migrationsDir = () => path.join(example!.root, 'infra', 'migrations')
  const migrations = (): Map<string, string> =>
    new Map(
      readdirSync(migrationsDir())
        .filter((f) => f.endsWith('.ts'))
        .sort()
        .map((f) => [f, readFileSync(path.join(migrationsDir(), f), 'utf8')]),
    )
  const edit = (file: string, from: string, to: string): void => {
    const absolute = path.join(example!.root, file)
    const text = readFileSync(absolute, 'utf8')
    assert.ok(text.includes(from), `${file} contains ${from}`)
    writeFileSync(absolute, text.replace(from, to))
  }
  const generate = (schema: SchemaRequest = {}) => {
    step += 1
    // later than the first generation, one hour per step: names sort in order
    const run = planRepositoryGeneration(config, { ports: [], all: true, force: false, schema, now: new Date(Date.now() + step * 3_600_000) })
    commitTree(run.tree, run.plan)
    return run
  }
  const refused = (schema: SchemaRequest, code: string, pattern: RegExp) =>
    assert.throws(
      () => planRepositoryGeneration(config, { ports: [], all: true, force: false, schema }),
      (error: unknown) => error instanceof InfraError && error.exitCode === 4 && error.code === code && pattern.test(`${error.message}\n${error.hint ?? ''}`),
    )
  /** regenerates; asserts one new migration, every earlier one byte-identical, --check clean after; returns the new one */
  const evolve = (schema: SchemaRequest = {}): string => {
    const earlier = migrations()
    const run = generate(schema)
    const now = migrations()
    for (const [name, text] of earlier) assert.equal(now.get(name), text, `${name} is byte-identical`)
    const added = [...now.keys()].filter((n) => !earlier.has(n))
    assert.equal(added.length, 1, `one new migration: ${added.join(', ')}`)
    assert.equal(run.schema?.migration, `infra/migrations/${added[0]}`)
    const check = planRepositoryGeneration(config, { ports: [], all: true, force: false, schema: { checkOnly: true } })
    assert.deepEqual(check.tree.listChanges(), [], 'nothing left to generate')
    return now.get(added[0]!)!
  }
  /** up applies the new migration, verify matches, down reverts it, up again, verify matches */
  const cycle = async (): Promise<void> => {
    assert.equal((await migrateUp(config)).applied.length, 1)
    assert.deepEqual((await verifySchema(config)).differences, [])
    assert.equal((await migrateDown(config)).reverted.length, 1)
    assert.equal((await migrateUp(config)).applied.length, 1)
    const verified = await verifySchema(config)
    assert.deepEqual(verified.differences, [])
    assert.equal(verified.matches, true)
  }
  const query = async <T>(sql: string): Promise<T[]> => (await sequelize!.query(sql))[0] as T[]

  before(async () => {
    example = await generateCopy(path.join(REPO_ROOT, 'examples', 'shop-cjs'), 'schema_evolve')
    db = await createTestDatabase('schema_evolve')
    config = await loadConfig({ cwd: example.root, env: { INFRA_MYSQL_URL: db.url } })
    const { Sequelize: SequelizeClass } = require('sequelize') as typeof import('sequelize')
    sequelize = new SequelizeClass(db.url, { logging: false })
  })
  after(async () => {
    await sequelize?.close()
    await db?.drop()
    example?.remove()
  })

  it('the first generation writes the snapshot beside the create migrations; verify matches after up', async () => {
    assert.ok(migrations().size === 3)
    const snapshot = JSON.parse(readFileSync(path.join(migrationsDir(), 'schema.snapshot.json'), 'utf8')) as { tables: Record<string, unknown> }
    assert.deepEqual(Object.keys(snapshot.tables), ['orders', 'products', 'users'])
    assert.equal((await migrateUp(config)).applied.length, 3)
    assert.deepEqual((await verifySchema(config)).differences, [])
    await sequelize!.query(
      // `version` is the repository's optimistic-locking column: a row written by hand starts it at 1
      "INSERT INTO users (id, email, name, status, role, tags, created_at, verified, version) VALUES ('old', 'old@example.com', 'Old', 'active', 'member', '[]', '2024-01-01', 1, 1)",
    )
  })

  it('a nullable property and a finder: one migration adds the column and the index; old rows read back null; a new aggregate round-trips', async () => {
    edit(USER, '  nickname?: string\n', '  nickname?: string\n  phone: string | null\n  level: 1 | 2 | 3 | null\n')
    edit(
      PORT,
      '  existsByEmail(email: string): Promise<boolean>\n',
      '  existsByEmail(email: string): Promise<boolean>\n  findByPhone(phone: string): Promise<User[]>\n',
    )
    const migration = evolve()
    assert.match(migration, /ALTER TABLE `users` ADD COLUMN `phone` VARCHAR\(255\) NULL AFTER `nickname`/)
    assert.match(migration, /ALTER TABLE `users` ADD COLUMN `level` INT NULL AFTER `phone`/)
    assert.match(migration, /CREATE INDEX `users_phone_idx` ON `users` \(`phone`\)/)
    assert.match(migration, /DROP INDEX `users_phone_idx` ON `users`[\s\S]*DROP COLUMN `level`[\s\S]*DROP COLUMN `phone`/)
    await cycle()

    const compiled = compile(example!.root, { emit: true })
    assert.equal(compiled.output, '')
    const { MysqlUserRepository } = require(path.join(example!.root, 'dist', 'src', 'infrastructure', 'repository', 'mysql-user-repository.js')) as {
      MysqlUserRepository: new (s: Sequelize) => {
        findById(id: string): Promise<Record<string, unknown> | null>
        save(user: Record<string, unknown>): Promise<void>
        findByPhone(phone: string): Promise<Array<Record<string, unknown>>>
      }
    }
    const repo = new MysqlUserRepository(sequelize!)
    const old = await repo.findById('old')
    assert.equal(old?.phone, null)
    assert.equal(old?.level, null)
    const fresh = {
      id: 'new',
      email: 'new@example.com',
      name: 'New',
      status: 'active',
      role: 'admin',
      age: 40,
      address: null,
      tags: ['x'],
      createdAt: new Date('2025-02-03T04:05:06.007Z'),
      verified: false,
      nickname: 'nu',
      phone: '+33 1 23 45 67 89',
      level: 2,
    }
    await repo.save(fresh)
    assert.deepEqual(await repo.findById('new'), fresh)
    assert.deepEqual(
      (await repo.findByPhone('+33 1 23 45 67 89')).map((u) => u.id),
      ['new'],
    )
  })

  it('a longer string and an int widened to bigint: MODIFY both ways', async () => {
    edit(USER, "export type Role = 'admin' | 'member' | 'guest'", "export type Role = 'admin' | 'member' | 'guest' | 'regional-compliance-officer-deputy-lead'")
    edit(USER, '  level: 1 | 2 | 3 | null\n', '  level: bigint | null\n')
    const migration = evolve()
    // an enum keeps the binary no-pad collation create-table gave it (MODIFY without COLLATE would reset it to the table's)
    assert.match(migration, /MODIFY COLUMN `role` VARCHAR\(39\) CHARACTER SET utf8mb4 COLLATE " \+ binary \+ " NOT NULL/)
    assert.match(migration, /MODIFY COLUMN `level` BIGINT NULL/)
    assert.match(
      migration,
      /down[\s\S]*MODIFY COLUMN `level` INT NULL[\s\S]*MODIFY COLUMN `role` VARCHAR\(32\) CHARACTER SET utf8mb4 COLLATE " \+ binary \+ " NOT NULL/,
    )
    await cycle()
  })

  it('a property made required: refused while rows may hold NULL, then --default fills them', async () => {
    edit(USER, '  nickname?: string\n', '  nickname: string\n')
    refused({}, 'SCHEMA_DATA_LOSS', /users\.nickname NOT NULL[\s\S]*--default/)
    const migration = evolve({ defaults: ['User.nickname=anonymous'] })
    assert.match(migration, /UPDATE `users` SET `nickname` = 'anonymous' WHERE `nickname` IS NULL[\s\S]*MODIFY COLUMN `nickname` VARCHAR\(255\) NOT NULL/)
    await cycle()
    assert.deepEqual(
      (await query<{ id: string; nickname: string }>('SELECT id, nickname FROM users ORDER BY id')).map((r) => [r.id, r.nickname]),
      [
        ['new', 'nu'],
        ['old', 'anonymous'],
      ],
    )
  })

  it('a renamed property: exit 4 naming both and the flags, then --rename keeps the values', async () => {
    edit(USER, '  phone: string | null\n', '  mobile: string | null\n')
    edit(PORT, 'findByPhone(phone: string)', 'findByMobile(mobile: string)')
    refused({}, 'SCHEMA_RENAME_AMBIGUOUS', /users\.phone[\s\S]*users\.mobile[\s\S]*--rename User\.phone=mobile[\s\S]*--no-rename/)
    const migration = evolve({ renames: ['User.phone=mobile'] })
    assert.match(migration, /RENAME COLUMN `phone` TO `mobile`/)
    assert.doesNotMatch(migration, /DROP COLUMN/)
    await cycle()
    assert.deepEqual(await query<{ mobile: string }>("SELECT mobile FROM users WHERE id = 'new'"), [{ mobile: '+33 1 23 45 67 89' }])
  })

  it('a dropped property: refused listing the loss, then --accept-data-loss drops it (down brings the column back)', async () => {
    edit(USER, '  mobile: string | null\n', '')
    edit(PORT, '  findByMobile(mobile: string): Promise<User[]>\n', '')
    refused({}, 'SCHEMA_DATA_LOSS', /drops column users\.mobile/)
    const migration = evolve({ acceptDataLoss: true })
    assert.match(migration, /DROP INDEX `users_mobile_idx`[\s\S]*DROP COLUMN `mobile`/)
    await cycle()
    const columns = await query<{ Field: string }>('SHOW COLUMNS FROM users')
    assert.ok(!columns.some((c) => c.Field === 'mobile'))
  })

  it('a new single-result finder on a new text property: its unique column gets the binary no-pad collation create-table gives; a re-run writes nothing', async () => {
    edit(USER, '  nickname: string\n', '  nickname: string\n  code: string | null\n')
    edit(
      PORT,
      '  existsByEmail(email: string): Promise<boolean>\n',
      '  existsByEmail(email: string): Promise<boolean>\n  findByCode(code: string): Promise<User | null>\n',
    )
    const migration = evolve()
    // the collation is the server's, looked up when the migration runs (as in the create-table migrations)
    assert.match(migration, /const binary = await binaryCollation\(queryInterface\)/)
    assert.match(migration, /ADD COLUMN `code` VARCHAR\(255\) CHARACTER SET utf8mb4 COLLATE " \+ binary \+ " NULL AFTER `nickname`/)
    assert.match(migration, /CREATE UNIQUE INDEX `users_code_unique` ON `users` \(`code`\)/)
    const snapshot = JSON.parse(readFileSync(path.join(migrationsDir(), 'schema.snapshot.json'), 'utf8')) as {
      version: number
      tables: Record<string, { columns: Array<{ name: string; collation: string | null }> }>
    }
    assert.equal(snapshot.version, 2)
    assert.equal(snapshot.tables.users!.columns.find((c) => c.name === 'code')?.collation, 'binary-no-pad')
    assert.equal(snapshot.tables.users!.columns.find((c) => c.name === 'id')?.collation, 'binary-no-pad')
    await cycle()
    const [created] = await query<{ collation: string }>(
      "SELECT COLLATION_NAME AS collation FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' AND COLUMN_NAME = 'id'",
    )
    const [added] = await query<{ collation: string }>(
      "SELECT COLLATION_NAME AS collation FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' AND COLUMN_NAME = 'code'",
    )
    assert.equal(added?.collation, created?.collation)
    assert.equal(added?.collation, 'utf8mb4_nopad_bin')
    // exact comparison: codes that differ in case or trailing spaces are two keys
    await sequelize!.query("UPDATE users SET code = 'AB' WHERE id = 'old'")
    await sequelize!.query("UPDATE users SET code = 'ab' WHERE id = 'new'")
    const rerun = generate()
    assert.deepEqual(
      rerun.plan.files.filter((f) => f.action !== 'unchanged').map((f) => `${f.action} ${f.path}`),
      [],
    )
    const verified = await verifySchema(config)
    assert.equal(verified.matches, true)
    // a column changed by hand back to the table's collation is a difference verify names ('AB' and 'ab' would collide there)
    await sequelize!.query("UPDATE users SET code = 'cd' WHERE id = 'new'")
    await sequelize!.query('ALTER TABLE users MODIFY COLUMN code VARCHAR(255) NULL')
    assert.deepEqual(
      (await verifySchema(config)).differences.map((d) => [d.table, d.column, d.aspect, d.actual]),
      [['users', 'code', 'collation', 'utf8mb4_unicode_ci']],
    )
  })
})
