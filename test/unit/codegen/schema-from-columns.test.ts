import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseSqlType, tableSnapshotOf } from '../../../src/codegen/schema/from-columns'

describe('tableSnapshotOf', () => {
  it('parses the planned SQL types and keeps nullability, keys and indexes', () => {
    assert.deepEqual(parseSqlType('VARCHAR(255)'), { type: 'VARCHAR', length: 255 })
    assert.deepEqual(parseSqlType('decimal(10, 2)'), { type: 'DECIMAL', length: '10,2' })
    assert.deepEqual(parseSqlType('JSON'), { type: 'JSON', length: null })
    assert.deepEqual(
      tableSnapshotOf(
        'User',
        [
          { column: 'id', sqlType: 'BIGINT', allowNull: true, primaryKey: true, autoIncrement: true },
          { column: 'email', sqlType: 'VARCHAR(255)', allowNull: false, primaryKey: false },
        ],
        [{ name: 'users_email_idx', columns: ['email'] }],
      ),
      {
        entity: 'User',
        columns: [
          { name: 'id', type: 'BIGINT', length: null, nullable: false, default: null, collation: null, primaryKey: true, autoIncrement: true },
          { name: 'email', type: 'VARCHAR', length: 255, nullable: false, default: null, collation: null },
        ],
        indexes: [{ name: 'users_email_idx', columns: ['email'], unique: false }],
      },
    )
  })
})
