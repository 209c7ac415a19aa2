import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ExitCode, InfraError } from '../../../src/core/errors'
import { parseSqlMigration } from '../../../src/migrate/sql-file'

const invalid = (pattern: RegExp) => (error: unknown) => error instanceof InfraError && error.exitCode === ExitCode.InvalidInput && pattern.test(error.message)

describe('parseSqlMigration', () => {
  it('splits up and down sections into statements ended by ";" at line end', () => {
    const parsed = parseSqlMigration(
      [
        '-- +infra up',
        'CREATE TABLE t (',
        "  note VARCHAR(20) DEFAULT 'a;b'",
        ');',
        '-- a comment',
        "INSERT INTO t VALUES ('x; y');",
        '',
        '-- +infra down',
        'DROP TABLE t;',
      ].join('\n'),
      'm.sql',
    )
    assert.deepEqual(
      parsed.up.map((s) => s.sql),
      ["CREATE TABLE t (\n  note VARCHAR(20) DEFAULT 'a;b'\n)", "-- a comment\nINSERT INTO t VALUES ('x; y')"],
    )
    assert.deepEqual(
      parsed.up.map((s) => s.line),
      [2, 6],
    )
    assert.deepEqual(
      parsed.down?.map((s) => s.sql),
      ['DROP TABLE t'],
    )
  })

  it('accepts CRLF line endings and a last statement without ";"', () => {
    const parsed = parseSqlMigration('-- +infra up\r\nSELECT 1;\r\nSELECT 2\r\n', 'm.sql')
    assert.deepEqual(
      parsed.up.map((s) => s.sql),
      ['SELECT 1', 'SELECT 2'],
    )
  })

  it('has a null down when there is no down section, and an empty one when the section is empty', () => {
    assert.equal(parseSqlMigration('-- +infra up\nSELECT 1;\n', 'm.sql').down, null)
    assert.deepEqual(parseSqlMigration('-- +infra up\nSELECT 1;\n-- +infra down\n-- nothing to undo\n', 'm.sql').down, [])
  })

  it('rejects a file without an up section, SQL before the first marker, unknown or repeated markers, and an unended statement before a marker', () => {
    assert.throws(() => parseSqlMigration('SELECT 1;\n', 'a.sql'), invalid(/a\.sql: line 1: SQL before/))
    assert.throws(() => parseSqlMigration('-- +infra down\nSELECT 1;\n', 'b.sql'), invalid(/b\.sql: no "-- \+infra up"/))
    assert.throws(() => parseSqlMigration('-- +infra up\n-- +infra sideways\n', 'c.sql'), invalid(/c\.sql: line 2: unknown marker/))
    assert.throws(() => parseSqlMigration('-- +infra up\nSELECT 1;\n-- +infra up\nSELECT 2;\n', 'd.sql'), invalid(/d\.sql: line 3: a second/))
    assert.throws(() => parseSqlMigration('-- +infra up\nSELECT 1\n-- +infra down\nSELECT 2;\n', 'e.sql'), invalid(/e\.sql: line 2: statement not ended/))
    assert.throws(() => parseSqlMigration('-- +infra up\n-- only a comment\n', 'f.sql'), invalid(/f\.sql: the "-- \+infra up" section has no statement/))
  })
})
