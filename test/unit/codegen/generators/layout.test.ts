import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { layout, stringLiteral } from '../../../../src/codegen/generators/layout'
import { importSpecifier, snakeCase, tableNameOf } from '../../../../src/codegen/generators/naming'

describe('layout', () => {
  it('keeps short lines and breaks long ones at the last group, one element per line', () => {
    assert.equal(layout('f({ a: 1 })', 2), 'f({ a: 1 })')
    const long = `return User.create({ ${Array.from({ length: 12 }, (_, i) => `field${i}: row.field_${i}`).join(', ')} })`
    const out = layout(long, 2)
    assert.equal(out.split('\n')[0], 'return User.create({')
    assert.equal(out.split('\n')[1], '    field0: row.field_0,')
    assert.equal(out.split('\n').at(-1), '  })')
  })
  it('ignores brackets inside strings', () => {
    const text = `throw new Error('${'x'.repeat(100)} (a, b) {')`
    assert.equal(layout(text, 4).split('\n')[1]!.trim(), `'${'x'.repeat(100)} (a, b) {',`)
  })
  it('quotes string literals', () => {
    assert.equal(stringLiteral(`it's "x" \\ y`), `'it\\'s "x" \\\\ y'`)
  })
})

describe('naming', () => {
  it('derives tables, columns and relative import specifiers', () => {
    assert.equal(tableNameOf('User'), 'users')
    assert.equal(tableNameOf('Category'), 'categories')
    assert.equal(tableNameOf('Address'), 'addresses')
    assert.equal(tableNameOf('OrderLine'), 'order_lines')
    assert.equal(snakeCase('createdAt'), 'created_at')
    assert.equal(snakeCase('HTTPStatus'), 'http_status')
    assert.equal(importSpecifier('src/infrastructure/repository/x.ts', 'src/domain/user.ts', '.js'), '../../domain/user.js')
    assert.equal(importSpecifier('src/a/x.ts', 'src/a/y.ts', ''), './y')
  })
})
