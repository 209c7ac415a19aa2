import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BINARY_NO_PAD, type ColumnSnapshot, type SchemaSnapshot } from '../../../src/codegen/schema/snapshot'
import { compareSchemas } from '../../../src/migrate/verify/compare'

const col = (name: string, type: string, length: number | null, more: Partial<ColumnSnapshot> = {}): ColumnSnapshot => ({
  name,
  type,
  length,
  nullable: true,
  default: null,
  collation: null,
  ...more,
})
const schema = (tables: SchemaSnapshot['tables']): SchemaSnapshot => ({ version: 1, tables })

describe('compareSchemas', () => {
  it('names each difference: missing table, missing and extra column, type, default, collation, index', () => {
    const expected = schema({
      users: {
        entity: 'User',
        columns: [
          col('id', 'INT', null, { nullable: false }),
          col('email', 'VARCHAR', 255, { collation: 'utf8mb4_bin' }),
          col('age', 'INT', null, { default: '0' }),
        ],
        indexes: [{ name: 'users_email_unique', columns: ['email'], unique: true }],
      },
      orders: { entity: 'Order', columns: [col('id', 'INT', null)], indexes: [] },
    })
    const live = schema({
      users: {
        entity: 'users',
        columns: [
          col('id', 'BIGINT', null, { nullable: false }),
          col('email', 'VARCHAR', 255, { collation: 'utf8mb4_general_ci' }),
          col('extra', 'TEXT', null),
        ],
        indexes: [{ name: 'users_email_unique', columns: ['email'], unique: false }],
      },
      unrelated: { entity: 'unrelated', columns: [], indexes: [] },
    })
    assert.deepEqual(
      compareSchemas(expected, live).map((d) => [d.table, d.column ?? d.index ?? '', d.aspect, d.expected, d.actual]),
      [
        ['users', 'id', 'type', 'INT', 'BIGINT'],
        ['users', 'email', 'collation', 'utf8mb4_bin', 'utf8mb4_general_ci'],
        ['users', 'age', 'column', 'INT NULL', 'missing'],
        ['users', 'extra', 'column', 'absent', 'TEXT NULL'],
        ['users', 'users_email_unique', 'index', 'UNIQUE (email)', '(email)'],
        ['orders', '', 'table', 'present', 'missing'],
      ],
    )
  })

  it('is empty when they match; a snapshot without a collation accepts the table default', () => {
    const tables = { users: { entity: 'User', columns: [col('email', 'VARCHAR', 255)], indexes: [] } }
    const live = schema({ users: { entity: 'users', columns: [col('email', 'VARCHAR', 255, { collation: 'utf8mb4_general_ci' })], indexes: [] } })
    assert.deepEqual(compareSchemas(schema(tables), live), [])
  })

  it('the binary no-pad token matches either server binary no-pad collation, and names both when the column has another', () => {
    const expected = schema({ users: { entity: 'User', columns: [col('code', 'VARCHAR', 255, { collation: BINARY_NO_PAD })], indexes: [] } })
    const live = (collation: string) => schema({ users: { entity: 'users', columns: [col('code', 'VARCHAR', 255, { collation })], indexes: [] } })
    assert.deepEqual(compareSchemas(expected, live('utf8mb4_nopad_bin')), [])
    assert.deepEqual(compareSchemas(expected, live('utf8mb4_0900_bin')), [])
    assert.deepEqual(
      compareSchemas(expected, live('utf8mb4_unicode_ci')).map((d) => [d.column, d.aspect, d.expected, d.actual]),
      [['code', 'collation', 'binary-no-pad (utf8mb4_nopad_bin or utf8mb4_0900_bin)', 'utf8mb4_unicode_ci']],
    )
  })
})
