import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { method, port, readFixture } from './read-fixture'

describe('domain reader: type WalletRepositoryPort = RepositoryPort<Wallet>', () => {
  const model = readFixture('type-alias-port')

  it('takes type-alias ports and skips the generic base', () => {
    assert.deepEqual(
      model.ports.map((p) => [p.name, p.declarationKind, p.entity]),
      [
        ['LedgerRepositoryPort', 'type-alias', 'LedgerEntry'],
        ['WalletRepositoryPort', 'type-alias', 'Wallet'],
      ],
    )
    assert.deepEqual(model.diagnostics, [])
  })

  it('substitutes the base type argument in every inherited member', () => {
    const wallet = port(model, 'WalletRepositoryPort')
    assert.deepEqual(
      wallet.methods.map((m) => m.name),
      ['findOneById', 'findAll', 'findAllPaginated', 'insert', 'delete'],
    )
    assert.ok(wallet.methods.every((m) => m.inheritedFrom === 'RepositoryPort'))
    assert.deepEqual(method(wallet, 'findOneById').returns, {
      kind: 'single',
      async: true,
      type: { kind: 'entity', name: 'Wallet' },
      orNull: false,
      orUndefined: true,
    })
    assert.deepEqual(method(wallet, 'insert').parameters[0]?.type, { kind: 'entity', name: 'Wallet' })
  })

  it('reads a Paginated<T> result with data/count/limit/page and a { limit, offset, orderBy } request', () => {
    const paginated = method(port(model, 'WalletRepositoryPort'), 'findAllPaginated')
    assert.equal(paginated.returns.kind, 'page')
    if (paginated.returns.kind !== 'page') return
    assert.equal(paginated.returns.name, 'Paginated')
    assert.deepEqual(paginated.returns.element, { kind: 'entity', name: 'Wallet' })
    assert.deepEqual(
      paginated.returns.fields.map((f) => [f.name, f.role]),
      [
        ['data', 'items'],
        ['count', 'total'],
        ['limit', 'limit'],
        ['page', 'page'],
      ],
    )
    assert.deepEqual(
      paginated.parameters[0]?.pagination?.fields.map((f) => [f.name, f.role]),
      [
        ['limit', 'limit'],
        ['offset', 'offset'],
        ['orderBy', 'other'],
      ],
    )
  })

  it('combines a base instantiation and own members in an intersection alias', () => {
    const ledger = port(model, 'LedgerRepositoryPort')
    const own = method(ledger, 'findByWalletId')
    assert.equal(own.inheritedFrom, undefined)
    assert.deepEqual(own.parameters[0]?.type, { kind: 'primitive', name: 'string' })
    assert.deepEqual(own.returns, { kind: 'list', async: true, element: { kind: 'entity', name: 'LedgerEntry' } })
    assert.equal(ledger.methods.length, 6)
  })
})
