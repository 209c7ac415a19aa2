import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { commitsImplicitly, failedStatements } from '../../../src/migrate/failure-report'

describe('failedStatements', () => {
  it('an INSERT followed by a failing ALTER was committed (the ALTER commits implicitly before it fails)', () => {
    const report = failedStatements(
      ['CREATE TABLE t (id INT)', 'INSERT INTO t VALUES (1)', 'ALTER TABLE t ADD COLUMN nope INT REFERENCES x'],
      'ALTER TABLE t ADD COLUMN nope INT REFERENCES x',
    )
    assert.deepEqual(
      report.completed.map((s) => s.outcome),
      ['committed', 'committed'],
    )
    assert.equal(report.failed, 'ALTER TABLE t ADD COLUMN nope INT REFERENCES x')
  })

  it('data changes after the last DDL, before a failing DML, were rolled back', () => {
    const report = failedStatements(['CREATE TABLE t (id INT)', 'INSERT INTO t VALUES (1)', 'UPDATE t SET nope = 1'], 'UPDATE t SET nope = 1')
    assert.deepEqual(
      report.completed.map((s) => [s.sql, s.outcome]),
      [
        ['CREATE TABLE t (id INT)', 'committed'],
        ['INSERT INTO t VALUES (1)', 'rolled-back'],
      ],
    )
  })

  it('an error without SQL: the last started statement is not listed as run, and its effect on earlier data is unknown', () => {
    const report = failedStatements(['INSERT INTO t VALUES (1)', 'ALTER TABLE t ADD COLUMN c INT'], undefined)
    assert.deepEqual(
      report.completed.map((s) => [s.sql, s.outcome]),
      [['INSERT INTO t VALUES (1)', 'unknown']],
    )
    assert.equal(report.lastStarted, 'ALTER TABLE t ADD COLUMN c INT')
    assert.equal(failedStatements([], undefined).lastStarted, undefined)
  })

  it('knows which statements commit implicitly', () => {
    assert.equal(commitsImplicitly('  alter table t add c int'), true)
    assert.equal(commitsImplicitly('CREATE TEMPORARY TABLE x (id INT)'), false)
    assert.equal(commitsImplicitly('INSERT INTO t VALUES (1)'), false)
  })
})
