import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ExitCode, InfraError } from '../../../src/core/errors'
import { assertNoDataLoss, dataLossOf, diffSnapshots, flagRenameResolver, needsBackfill, type RenameResolver } from '../../../src/codegen/schema/diff'
import {
  emptySnapshot,
  parseSnapshot,
  serializeSnapshot,
  type ColumnSnapshot,
  type SchemaSnapshot,
  type TableSnapshot,
} from '../../../src/codegen/schema/snapshot'

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
const users = (columns: ColumnSnapshot[], indexes: TableSnapshot['indexes'] = []): SchemaSnapshot => ({
  version: 1,
  tables: { users: { entity: 'User', columns: [id, ...columns], indexes } },
})
const noRename: RenameResolver = () => null
const invalid = (code: string) => (error: unknown) => error instanceof InfraError && error.exitCode === ExitCode.InvalidInput && error.code === code

describe('diffSnapshots', () => {
  it('a new nullable property and a finder: add column (after its neighbour) and add index, nothing destructive', () => {
    const changes = diffSnapshots(
      users([col('email', 'VARCHAR', 255)]),
      users([col('email', 'VARCHAR', 255), col('nickname', 'VARCHAR', 50)], [{ name: 'users_nickname_idx', columns: ['nickname'], unique: false }]),
      noRename,
    )
    assert.deepEqual(
      changes.map((c) => c.kind),
      ['add-column', 'add-index'],
    )
    assert.equal(changes[0]!.kind === 'add-column' && changes[0]!.after, 'email')
    assert.doesNotThrow(() => assertNoDataLoss(changes, false))
  })

  it('creates and drops tables; a dropped table is data loss', () => {
    const changes = diffSnapshots(users([]), { version: 1, tables: { orders: { entity: 'Order', columns: [id], indexes: [] } } }, noRename)
    assert.deepEqual(
      changes.map((c) => [c.kind, c.table]),
      [
        ['create-table', 'orders'],
        ['drop-table', 'users'],
      ],
    )
    assert.throws(() => assertNoDataLoss(changes, false), invalid('SCHEMA_DATA_LOSS'))
    assert.doesNotThrow(() => assertNoDataLoss(changes, true))
  })

  it('classifies type changes: widening is safe, narrowing and NOT NULL are data loss', () => {
    const before = users([col('age', 'INT'), col('name', 'VARCHAR', 100), col('bio', 'VARCHAR', 255), col('price', 'DECIMAL', '10,2')])
    const after = users([
      col('age', 'BIGINT'),
      col('name', 'VARCHAR', 50),
      col('bio', 'TEXT'),
      col('price', 'DECIMAL', '10,2', { nullable: false, default: '0' }),
    ])
    const changes = diffSnapshots(before, after, noRename)
    assert.deepEqual(
      changes.map((c) => [c.kind, c.kind === 'modify-column' ? c.to.name : '', dataLossOf(c)]),
      [
        ['modify-column', 'age', null],
        ['modify-column', 'name', 'narrows users.name from VARCHAR(100) to VARCHAR(50)'],
        ['modify-column', 'bio', null],
        ['modify-column', 'price', 'makes users.price NOT NULL while it may hold NULL (--default users.price=<value> fills the NULLs first)'],
      ],
    )
    assert.throws(
      () => assertNoDataLoss(changes, false),
      (error: unknown) => invalid('SCHEMA_DATA_LOSS')(error) && /users\.name/.test((error as Error).message) && /users\.price/.test((error as Error).message),
    )
  })

  it('a NOT NULL column without a default added to a table needs a default or a backfill', () => {
    const changes = diffSnapshots(users([]), users([col('status', 'VARCHAR', 20, { nullable: false })]), noRename)
    assert.equal(needsBackfill(changes[0]!), true)
    const withDefault = diffSnapshots(users([]), users([col('status', 'VARCHAR', 20, { nullable: false, default: "'new'" })]), noRename)
    assert.equal(needsBackfill(withDefault[0]!), false)
  })

  it('a disappeared column with a compatible new one: rename with --rename, drop + add with --no-rename, exit 4 naming both flags otherwise', () => {
    const before = users([col('fullName', 'VARCHAR', 255)], [{ name: 'users_full_name_idx', columns: ['fullName'], unique: false }])
    const after = users([col('displayName', 'VARCHAR', 255)], [{ name: 'users_full_name_idx', columns: ['displayName'], unique: false }])
    const renamed = diffSnapshots(before, after, flagRenameResolver(['User.fullName=displayName'], false))
    assert.deepEqual(
      renamed.map((c) => c.kind),
      ['rename-column'],
    )
    assert.doesNotThrow(() => assertNoDataLoss(renamed, false))
    const dropped = diffSnapshots(before, after, flagRenameResolver([], true))
    assert.deepEqual(
      dropped.map((c) => c.kind),
      ['drop-column', 'add-column', 'drop-index', 'add-index'],
    )
    assert.throws(
      () => diffSnapshots(before, after, flagRenameResolver([], false)),
      (error: unknown) =>
        invalid('SCHEMA_RENAME_AMBIGUOUS')(error) &&
        /--rename User\.fullName=displayName/.test((error as InfraError).hint ?? '') &&
        /--no-rename/.test((error as InfraError).hint ?? ''),
    )
    assert.throws(() => diffSnapshots(before, after, flagRenameResolver(['User.fullName=nope'], false)), invalid('RENAME_TARGET_UNKNOWN'))
    assert.throws(() => flagRenameResolver(['fullName'], false), invalid('RENAME_FLAG_INVALID'))
  })
})

describe('schema snapshot file', () => {
  it('round-trips as stable JSON and refuses malformed files with exit 4 naming the file', () => {
    const snapshot = users(
      [col('email', 'VARCHAR', 255)],
      [
        { name: 'b', columns: ['email'], unique: true },
        { name: 'a', columns: ['id', 'email'], unique: false },
      ],
    )
    const text = serializeSnapshot(snapshot)
    assert.deepEqual(
      parseSnapshot(text, 'infra/migrations/schema.snapshot.json').tables.users!.indexes.map((i) => i.name),
      ['a', 'b'],
    )
    assert.equal(serializeSnapshot(parseSnapshot(text, 'x')), text)
    assert.equal(serializeSnapshot(emptySnapshot()), '{\n  "version": 2,\n  "tables": {}\n}\n')
    assert.throws(
      () => parseSnapshot('{', 'infra/migrations/schema.snapshot.json'),
      (e: unknown) => invalid('SCHEMA_SNAPSHOT_INVALID')(e) && /schema\.snapshot\.json/.test((e as Error).message),
    )
    assert.throws(() => parseSnapshot('{"version":1,"tables":{"t":{}}}', 'f'), invalid('SCHEMA_SNAPSHOT_INVALID'))
  })
})
