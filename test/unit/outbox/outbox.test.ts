import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { ConfigSchema } from '../../../src/core/config/schema'
import { InvalidInputError } from '../../../src/core/errors'
import { filterConditions, parsePartition } from '../../../src/outbox/filter'
import { writeOutboxMigration } from '../../../src/outbox/init'
import { resolveLayout } from '../../../src/outbox/layout'
import { compileRoutingKey, toMessage, type OutboxRow } from '../../../src/outbox/message'

const layoutOf = (outbox: Record<string, unknown> = {}) => resolveLayout(ConfigSchema.parse({ outbox }).outbox)
const row: OutboxRow = {
  id: '7',
  messageId: 'm-7',
  aggregateType: 'order',
  aggregateId: 'o1',
  eventType: 'order.placed',
  payload: '{"n": 1.10}',
  headers: '{"tenant":"acme"}',
  createdAt: new Date(1_700_000_000_000),
}

describe('outbox planning (pure)', () => {
  it('resolves the Debezium layout to its columns and a companion delivery table', () => {
    const layout = layoutOf({ layout: 'debezium', table: 'outbox' })
    assert.equal(layout.columns.aggregateType, 'aggregatetype')
    assert.equal(layout.columns.messageId, null)
    assert.deepEqual([layout.delivery.inline, layout.delivery.table, layout.delivery.key], [false, 'outbox_delivery', 'outbox_id'])
  })

  it('renders routing key templates over column names and rejects unknown names', () => {
    const layout = layoutOf()
    assert.equal(compileRoutingKey('{{aggregate_type}}.{{event_type}}', layout)(row), 'order.order.placed')
    assert.throws(() => compileRoutingKey('{{nope}}', layout), InvalidInputError)
  })

  it('routes a Debezium table with the default template: {{event_type}} names its `type` column', () => {
    const layout = layoutOf({ layout: 'debezium', table: 'outbox' })
    assert.equal(compileRoutingKey('{{event_type}}', layout)(row), 'order.placed')
    assert.equal(compileRoutingKey('{{aggregatetype}}.{{type}}', layout)(row), 'order.order.placed')
  })

  it('builds a message with the stored payload bytes, headers and properties', () => {
    const m = toMessage(row, compileRoutingKey('{{event_type}}', layoutOf()))
    assert.equal(m.content.toString(), '{"n": 1.10}')
    assert.equal(m.properties.messageId, 'm-7')
    assert.equal(m.properties.timestamp, 1_700_000_000)
    assert.deepEqual(m.properties.headers, {
      tenant: 'acme',
      'x-aggregate-type': 'order',
      'x-aggregate-id': 'o1',
      'x-event-type': 'order.placed',
      'x-outbox-id': '7',
    })
  })

  it('turns filters into SQL with parameters, partition by aggregate hash', () => {
    const where = filterConditions(layoutOf(), { status: 'failed', fromId: '10', aggregateType: 'order', partition: { index: 1, count: 4 } })
    assert.match(where.sql, /o\.`status` = \? AND o\.`id` >= \? AND o\.`aggregate_type` = \? AND MOD\(CRC32\(CONCAT/)
    assert.deepEqual(where.params, ['failed', '10', 'order', 4, 1])
    assert.deepEqual(parsePartition('3/4'), { index: 3, count: 4 })
    assert.throws(() => parsePartition('4/4'), InvalidInputError)
    assert.throws(() => filterConditions(layoutOf({ columns: { createdAt: null } }), { status: 'pending', since: new Date() }), InvalidInputError)
  })

  it('init writes one migration and finds it the second time', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'outbox-unit-'))
    try {
      const first = writeOutboxMigration({ root, directory: 'infra/migrations', layout: layoutOf(), now: new Date('2026-11-24T12:00:00Z') })
      assert.deepEqual(first, {
        status: 'created',
        file: path.join('infra', 'migrations', '20261124120000-create-outbox-messages.sql'),
        table: 'outbox_messages',
      })
      const second = writeOutboxMigration({ root, directory: 'infra/migrations', layout: layoutOf() })
      assert.equal(second.status, 'exists')
      assert.equal(readdirSync(path.join(root, 'infra', 'migrations')).length, 1)
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})
