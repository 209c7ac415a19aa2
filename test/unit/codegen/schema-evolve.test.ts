import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ExitCode, InfraError } from '../../../src/core/errors'
import { diffSnapshots, flagRenameResolver, parseDefaultFlags, sqlLiteralOf, withBackfills, dataLossOf } from '../../../src/codegen/schema/diff'
import { emitMigration, statementSql } from '../../../src/codegen/schema/emit'
import { evolveSchema, type TableDefinition } from '../../../src/codegen/schema/evolve'
import { parseSqlType, tableSnapshotOf } from '../../../src/codegen/schema/from-columns'
import { BINARY_NO_PAD, type ColumnSnapshot, type SchemaSnapshot, type TableSnapshot } from '../../../src/codegen/schema/snapshot'

const col = (name: string, type: string, length: number | string | null = null, more: Partial<ColumnSnapshot> = {}): ColumnSnapshot => ({
  name,
  type,
  length,
  nullable: true,
  default: null,
  collation: null,
  ...more,
})
const id = col('id', 'CHAR', 36, { nullable: false, primaryKey: true })
const table = (columns: ColumnSnapshot[], indexes: TableSnapshot['indexes'] = []): TableSnapshot => ({ entity: 'User', columns: [id, ...columns], indexes })
const definition = (snapshot: TableSnapshot, name = 'users'): TableDefinition => ({
  table: name,
  port: 'UserRepository',
  snapshot,
  createMigration: { path: `infra/migrations/20260101000000-create-${name}.ts`, template: 'migrations/create-table.ts.hbs', data: {} },
})
const invalid = (code: string) => (error: unknown) => error instanceof InfraError && error.exitCode === ExitCode.InvalidInput && error.code === code
const base = {
  all: true,
  resolveRename: flagRenameResolver([], false),
  defaults: new Map<string, string>(),
  acceptDataLoss: false,
  requireBackfills: true,
  migrationsDir: 'infra/migrations',
  now: new Date('2026-03-04T05:06:07Z'),
}
const snapshotOf = (tables: Record<string, TableSnapshot>): SchemaSnapshot => ({ version: 1, tables })

describe('evolveSchema', () => {
  it('a new table gets its create migration; an unchanged one nothing; a changed one ONE migration of the difference', () => {
    const users = table([col('email', 'VARCHAR', 255)])
    const fresh = evolveSchema({ ...base, previous: snapshotOf({}), tables: [definition(users)] })
    assert.deepEqual(
      fresh.artifacts.map((a) => a.template),
      ['migrations/create-table.ts.hbs'],
    )
    assert.equal(fresh.migration, undefined)
    const same = evolveSchema({ ...base, previous: fresh.snapshot, tables: [definition(users)] })
    assert.deepEqual(same.artifacts, [])
    assert.deepEqual(same.changes, [])
    const changed = evolveSchema({
      ...base,
      previous: fresh.snapshot,
      tables: [definition(table([col('email', 'VARCHAR', 255), col('phone', 'VARCHAR', 40)]))],
    })
    assert.equal(changed.migration, 'infra/migrations/20260304050608-alter-users.ts')
    assert.deepEqual(
      changed.artifacts.map((a) => [a.path, a.template]),
      [['infra/migrations/20260304050608-alter-users.ts', 'migrations/evolve-table.ts.hbs']],
    )
    assert.deepEqual(
      changed.snapshot.tables.users!.columns.map((c) => c.name),
      ['id', 'email', 'phone'],
    )
  })

  it('a run over some ports keeps the other tables; a run over all warns about them, and drops them only with --accept-data-loss', () => {
    const previous = snapshotOf({ users: table([]), legacy: { ...table([]), entity: 'Legacy' } })
    const some = evolveSchema({ ...base, all: false, previous, tables: [definition(table([]))] })
    assert.deepEqual(Object.keys(some.snapshot.tables).sort(), ['legacy', 'users'])
    assert.deepEqual(some.changes, [])
    const kept = evolveSchema({ ...base, previous, tables: [definition(table([]))] })
    assert.deepEqual(Object.keys(kept.snapshot.tables).sort(), ['legacy', 'users'])
    assert.deepEqual(kept.changes, [])
    assert.match(kept.warnings.join('\n'), /legacy: no port stores Legacy any more[\s\S]*--accept-data-loss/)
    const dropped = evolveSchema({ ...base, acceptDataLoss: true, previous, tables: [definition(table([]))] })
    assert.deepEqual(Object.keys(dropped.snapshot.tables), ['users'])
    assert.deepEqual(
      dropped.changes.map((c) => c.kind),
      ['drop-table'],
    )
  })

  it('a NOT NULL column added needs --default (exit 4 naming the flag); with it the rows are filled between ADD and NOT NULL', () => {
    const previous = snapshotOf({ users: table([]) })
    const required = [definition(table([col('level', 'INT', null, { nullable: false })]))]
    assert.throws(
      () => evolveSchema({ ...base, previous, tables: required }),
      (e: unknown) => invalid('SCHEMA_BACKFILL_REQUIRED')(e) && /--default User\.level=<value>/.test((e as InfraError).hint ?? ''),
    )
    // --check only asks whether a migration is due
    assert.equal(evolveSchema({ ...base, requireBackfills: false, previous, tables: required }).changes.length, 1)
    const filled = evolveSchema({ ...base, defaults: parseDefaultFlags(['User.level=3']), previous, tables: required })
    assert.deepEqual(emitMigration(filled.changes).up, [
      'ALTER TABLE `users` ADD COLUMN `level` INT NULL AFTER `id`',
      'UPDATE `users` SET `level` = 3',
      'ALTER TABLE `users` MODIFY COLUMN `level` INT NOT NULL',
    ])
  })
})

describe('withBackfills and sqlLiteralOf', () => {
  it('a nullable column made NOT NULL with --default fills the NULLs first and is no longer data loss', () => {
    const changes = diffSnapshots(
      snapshotOf({ users: table([col('nickName', 'VARCHAR', 255)]) }),
      snapshotOf({ users: table([col('nickName', 'VARCHAR', 255, { nullable: false })]) }),
      () => null,
    )
    assert.match(dataLossOf(changes[0]!) ?? '', /NOT NULL/)
    // the property name (camelCase) or the column name both find the column
    const filled = withBackfills(changes, parseDefaultFlags(["User.nickName=it's me"]), () => 'User')
    assert.equal(dataLossOf(filled[0]!), null)
    assert.deepEqual(emitMigration(filled).up, [
      "UPDATE `users` SET `nickName` = 'it''s me' WHERE `nickName` IS NULL",
      'ALTER TABLE `users` MODIFY COLUMN `nickName` VARCHAR(255) NOT NULL',
    ])
    assert.deepEqual(emitMigration(filled).down, ['ALTER TABLE `users` MODIFY COLUMN `nickName` VARCHAR(255) NULL'])
  })

  it('writes the value as the column type; refuses what is not one', () => {
    assert.equal(sqlLiteralOf(col('n', 'BIGINT'), '42', 'User.n'), '42')
    assert.equal(sqlLiteralOf(col('b', 'TINYINT', 1), 'true', 'User.b'), '1')
    assert.equal(sqlLiteralOf(col('d', 'DATETIME', 3), 'now', 'User.d'), 'CURRENT_TIMESTAMP(3)')
    assert.equal(sqlLiteralOf(col('d', 'DATETIME', 3), '2026-01-31T00:00:00Z', 'User.d'), "'2026-01-31 00:00:00.000'")
    assert.equal(sqlLiteralOf(col('s', 'VARCHAR', 10), 'a\\b', 'User.s'), "'a\\\\b'")
    assert.throws(() => sqlLiteralOf(col('n', 'INT'), 'ten', 'User.n'), invalid('DEFAULT_FLAG_INVALID'))
    assert.throws(() => parseDefaultFlags(['nickname']), invalid('DEFAULT_FLAG_INVALID'))
  })
})

describe('renames of a flattened value object and unsigned integers', () => {
  it('--rename Order.address=location renames every address_* column it can', () => {
    const before = snapshotOf({
      orders: { entity: 'Order', columns: [id, col('address_city', 'VARCHAR', 255), col('address_zip', 'VARCHAR', 255)], indexes: [] },
    })
    const after = snapshotOf({
      orders: { entity: 'Order', columns: [id, col('location_city', 'VARCHAR', 255), col('location_zip', 'VARCHAR', 255)], indexes: [] },
    })
    const changes = diffSnapshots(before, after, flagRenameResolver(['Order.address=location'], false))
    assert.deepEqual(
      changes.map((c) => (c.kind === 'rename-column' ? `${c.from.name}->${c.to.name}` : c.kind)),
      ['address_city->location_city', 'address_zip->location_zip'],
    )
  })

  it('keeps UNSIGNED and TINYINT(1) and drops other integer display widths; signed -> unsigned narrows', () => {
    assert.deepEqual(parseSqlType('BIGINT UNSIGNED'), { type: 'BIGINT UNSIGNED', length: null })
    assert.deepEqual(parseSqlType('int(11) unsigned'), { type: 'INT UNSIGNED', length: null })
    assert.deepEqual(parseSqlType('TINYINT(1)'), { type: 'TINYINT', length: 1 })
    assert.deepEqual(parseSqlType('DATETIME(3)'), { type: 'DATETIME', length: 3 })
    const change = (from: string, to: string) =>
      diffSnapshots(snapshotOf({ t: table([col('n', from)]) }), snapshotOf({ t: table([col('n', to)]) }), () => null)[0]!
    assert.match(dataLossOf(change('INT', 'INT UNSIGNED')) ?? '', /narrows/)
    assert.equal(dataLossOf(change('INT UNSIGNED', 'BIGINT')), null)
    assert.match(dataLossOf(change('INT UNSIGNED', 'INT')) ?? '', /narrows/)
  })

  it('collation, unique keys and table charset named by a model flow through as differences', () => {
    const planned = tableSnapshotOf(
      'User',
      [{ column: 'email', sqlType: 'VARCHAR(255)', allowNull: false, primaryKey: false, unique: true, collation: 'utf8mb4_bin' }],
      [],
      { table: 'users', charset: 'utf8mb4', collation: 'utf8mb4_bin' },
    )
    assert.deepEqual(planned.indexes, [{ name: 'users_email_unique', columns: ['email'], unique: true }])
    const before = snapshotOf({ users: { entity: 'User', columns: [col('email', 'VARCHAR', 255, { nullable: false })], indexes: [] } })
    const changes = diffSnapshots(before, snapshotOf({ users: planned }), () => null)
    assert.deepEqual(
      changes.map((c) => c.kind),
      ['alter-table', 'modify-column', 'add-index'],
    )
    assert.deepEqual(emitMigration(changes).up, [
      'ALTER TABLE `users` DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin',
      'ALTER TABLE `users` MODIFY COLUMN `email` VARCHAR(255) COLLATE utf8mb4_bin NOT NULL',
      'CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`)',
    ])
  })
})

describe('the binary no-pad collation (ids, unique keys, enums)', () => {
  const code = col('code', 'VARCHAR', 255, { collation: BINARY_NO_PAD })
  const binaryId = { ...id, collation: BINARY_NO_PAD }

  it('a new unique column is added with the collation the migration looks up; the snapshot records it, so a re-run changes nothing', () => {
    const users = (columns: ColumnSnapshot[], indexes: TableSnapshot['indexes'] = []): TableSnapshot => ({
      entity: 'User',
      columns: [binaryId, ...columns],
      indexes,
    })
    const first = evolveSchema({
      ...base,
      previous: { version: 2, tables: { users: users([]) } },
      tables: [definition(users([code], [{ name: 'users_code_unique', columns: ['code'], unique: true }]))],
    })
    assert.deepEqual(emitMigration(first.changes).up, [
      { parts: ['ALTER TABLE `users` ADD COLUMN `code` VARCHAR(255) CHARACTER SET utf8mb4 COLLATE ', ' NULL AFTER `id`'] },
      'CREATE UNIQUE INDEX `users_code_unique` ON `users` (`code`)',
    ])
    assert.equal(
      statementSql(emitMigration(first.changes).up[0]!, 'utf8mb4_nopad_bin'),
      'ALTER TABLE `users` ADD COLUMN `code` VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NULL AFTER `id`',
    )
    const data = first.artifacts[0]!.data as { up: string[]; upUsesBinary: boolean; downUsesBinary: boolean }
    assert.equal(data.up[0], '"ALTER TABLE `users` ADD COLUMN `code` VARCHAR(255) CHARACTER SET utf8mb4 COLLATE " + binary + " NULL AFTER `id`"')
    assert.deepEqual([data.upUsesBinary, data.downUsesBinary], [true, false])
    assert.equal(first.snapshot.tables.users!.columns[1]!.collation, BINARY_NO_PAD)
    const rerun = evolveSchema({ ...base, previous: first.snapshot, tables: [definition(first.snapshot.tables.users!)] })
    assert.deepEqual(rerun.changes, [])
  })

  it('a version 1 snapshot (which left it out) is read as having it where the model names it: no migration, the next snapshot is version 2', () => {
    const legacy: SchemaSnapshot = { version: 1, tables: { users: { entity: 'User', columns: [id, col('email', 'VARCHAR', 255)], indexes: [] } } }
    const now = { entity: 'User', columns: [binaryId, col('email', 'VARCHAR', 255)], indexes: [] }
    const evolution = evolveSchema({ ...base, previous: legacy, tables: [definition(now)] })
    assert.deepEqual(evolution.changes, [])
    assert.equal(evolution.snapshot.version, 2)
    assert.equal(evolution.snapshot.tables.users!.columns[0]!.collation, BINARY_NO_PAD)
  })
})
