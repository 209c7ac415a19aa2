import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ReturnShape } from '../../../../src/codegen/model'
import { method, port, readFixture } from './read-fixture'

/** the `result` shape of a method, or a failed assertion */
function resultOf(returns: ReturnShape): Extract<ReturnShape, { kind: 'result' }> {
  assert.equal(returns.kind, 'result')
  return returns as Extract<ReturnShape, { kind: 'result' }>
}

// test/fixtures/domains/result-ports: the builders of each wrapper's variants are found by declaration (types), next to it.
describe('domain reader: port methods returning a Result/Either', () => {
  const model = readFixture('result-ports')

  it('a local class pair without factories: the variant classes, the failure class built from a message', () => {
    const members = port(model, 'MemberRepository')
    assert.equal(members.entity, 'Member')
    const found = resultOf(method(members, 'findById').returns)
    assert.deepEqual(found.value, { kind: 'single', async: true, type: { kind: 'entity', name: 'Member' }, orNull: false, orUndefined: false })
    assert.deepEqual(found.wrapper.success, { kind: 'new', variant: { file: 'src/shared/either.ts', exportName: 'Accepted', typeOnly: false } })
    assert.deepEqual(found.wrapper.failure, {
      builder: { kind: 'new', variant: { file: 'src/shared/either.ts', exportName: 'Rejected', typeOnly: false } },
      value: { kind: 'class', name: 'MemberNotFound', module: { file: 'src/members/member.ts', exportName: 'MemberNotFound', typeOnly: false } },
    })
    assert.equal(resultOf(method(members, 'add').returns).wrapper.failure?.value.kind, 'error')
    assert.equal(resultOf(method(members, 'countByName').returns).wrapper.failure?.value.kind, 'message')
    // no Promise: a result shape still, which the generator stubs
    assert.equal(resultOf(method(members, 'tryFindByName').returns).async, false)
    // Sequelize's own Transaction, by declaration: a handle the repository binds, never a stored value
    const [transaction] = method(members, 'withTransaction').parameters
    assert.equal(transaction?.sequelizeTransaction, true)
    assert.deepEqual(method(members, 'withTransaction').returns, { kind: 'port', async: false })
  })

  it('the entity of a port is the success side of its Either, not the failure type declared first', () => {
    const coupons = port(model, 'CouponRepository')
    assert.equal(coupons.entity, 'Coupon')
    // CouponUnavailable needs more than a message: no failure infra can build
    assert.equal(resultOf(method(coupons, 'findById').returns).wrapper.failure, undefined)
  })

  it("a package's Ok | Err: its ok() and err() functions, imported by the package's name", () => {
    const found = resultOf(method(port(model, 'TicketRepository'), 'findById').returns)
    assert.deepEqual(found.wrapper.success, {
      kind: 'call',
      callee: { file: 'node_modules/@acme/result/index.d.ts', exportName: 'ok', typeOnly: false, specifier: '@acme/result' },
    })
    assert.equal(found.wrapper.failure?.builder.kind === 'call' && found.wrapper.failure.builder.callee.exportName, 'err')
  })

  it('one generic class: static ok(value) and fail(message), not another static of one parameter', () => {
    const found = resultOf(method(port(model, 'InvoiceRepository'), 'getById').returns)
    assert.equal(found.wrapper.success?.kind === 'static' && found.wrapper.success.method, 'ok')
    assert.equal(found.wrapper.failure?.builder.kind === 'static' && found.wrapper.failure.builder.method, 'fail')
    assert.deepEqual(found.wrapper.failure?.value, { kind: 'message' })
  })

  it('a union of object types: object literals of the tagged variants; a failure interface is not buildable', () => {
    const badges = port(model, 'BadgeRepository')
    const found = resultOf(method(badges, 'findById').returns)
    assert.deepEqual(found.wrapper.success, { kind: 'literal', fields: [{ name: 'ok', value: 'true' }], valueField: 'value' })
    assert.equal(found.wrapper.failure, undefined)
    assert.equal(found.wrapper.failureText, 'BadgeMissing')
    const levels = resultOf(method(badges, 'findAllByLevel').returns)
    assert.deepEqual(levels.wrapper.failure, {
      builder: { kind: 'literal', fields: [{ name: 'ok', value: 'false' }], valueField: 'error' },
      value: { kind: 'error' },
    })
    assert.equal(levels.value.kind, 'list')
  })
})
