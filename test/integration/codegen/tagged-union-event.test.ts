// An event whose payload holds a discriminated union (test/fixtures/domains/tagged-union, ShipmentDispatchedEvent):
// the generated payload module sends the variant's fields with its tag, and the consumer's decode rebuilds the variant
// the tag names through its own constructor (Envelope), factory (Crate.of) or as an object (Pallet). A tag no variant
// has is refused. The payload goes through JSON text, as the message body does.
import assert from 'node:assert/strict'
import { cpSync, mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { planMessagingGeneration } from '../../../src/codegen/messaging-service'
import { commitTree } from '../../../src/codegen/tree'
import { loadConfig } from '../../../src/core/config'
import { REPO_ROOT, uniqueName } from '../../support/services'
import { compile } from './generate-example'

/* eslint-disable @typescript-eslint/no-explicit-any -- the compiled fixture is loaded at run time */
type Loaded = Record<string, any>

describe('generate consumer: an event payload holding a discriminated union', () => {
  const root = path.join(REPO_ROOT, '.infra-tmp', uniqueName('tagged_event'))
  let warnings: readonly string[] = []
  let content: Loaded
  let events: Loaded
  let payload: Loaded

  before(async () => {
    mkdirSync(path.dirname(root), { recursive: true })
    cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'tagged-union'), root, { recursive: true })
    const config = await loadConfig({ cwd: root, env: {} })
    const run = planMessagingGeneration(config, 'consumer', { events: ['ShipmentDispatchedEvent'], all: false, force: false })
    warnings = run.warnings
    commitTree(run.tree, run.plan)
    const compiled = compile(root, { emit: true })
    assert.equal(compiled.status, 0, compiled.output)
    const dist = path.join(root, 'dist', 'src')
    content = require(path.join(dist, 'shipping', 'package-content.js'))
    events = require(path.join(dist, 'shipping', 'shipment-dispatched.js'))
    payload = require(path.join(dist, 'infrastructure', 'messaging', 'rabbitmq', 'events', 'shipment-dispatched-event.js'))
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  const throughJson = (event: unknown) => payload.decodeShipmentDispatchedEvent(JSON.parse(JSON.stringify(payload.encodeShipmentDispatchedEvent(event))))

  it('generates the consumer with no warning', () => {
    assert.deepEqual(warnings, [])
  })

  it('sends each variant with its tag and rebuilds it through its own constructor or factory', () => {
    const crate = content.Crate.of(80, true, ['top', 'this side up'])
    const event = new events.ShipmentDispatchedEvent('S1', crate, { kind: 'pallet', weightKg: 12 }, new Date('2026-03-04T05:06:07.000Z'))
    const body = JSON.parse(JSON.stringify(payload.encodeShipmentDispatchedEvent(event)))
    assert.deepEqual(body.content, { kind: 'crate', widthCm: 80, fragile: true, labels: ['top', 'this side up'] })
    assert.deepEqual(body.returned, { kind: 'pallet', weightKg: 12 })
    const back = payload.decodeShipmentDispatchedEvent(body)
    assert.ok(back instanceof events.ShipmentDispatchedEvent)
    assert.ok(back.content instanceof content.Crate)
    assert.deepEqual({ ...back.content }, { ...crate })
    assert.deepEqual(back.returned, { kind: 'pallet', weightKg: 12 })
    assert.equal(back.dispatchedAt.toISOString(), '2026-03-04T05:06:07.000Z')

    const envelope = new content.Envelope(3, new Date('2026-01-02T03:04:05.000Z'))
    const again = throughJson(new events.ShipmentDispatchedEvent('S2', envelope, null, new Date('2026-03-04T05:06:07.000Z')))
    assert.ok(again.content instanceof content.Envelope)
    assert.equal(again.content.sheets, 3)
    assert.ok(again.content.sealedAt instanceof Date)
    assert.equal(again.content.sealedAt.toISOString(), '2026-01-02T03:04:05.000Z')
    assert.equal(again.returned, null)
    // an optional field of an object variant, given and left out
    assert.deepEqual(throughJson(new events.ShipmentDispatchedEvent('S3', { kind: 'pallet', weightKg: 1, note: 'wrap' }, null, new Date())).content, {
      kind: 'pallet',
      weightKg: 1,
      note: 'wrap',
    })
    assert.ok(!('note' in throughJson(new events.ShipmentDispatchedEvent('S4', { kind: 'pallet', weightKg: 1 }, null, new Date())).content))
  })

  it('a tag no variant has is refused, naming the field and the tag', () => {
    assert.throws(
      () =>
        payload.decodeShipmentDispatchedEvent({
          shipmentId: 'S5',
          content: { kind: 'drum', litres: 9 },
          returned: null,
          dispatchedAt: '2026-03-04T05:06:07.000Z',
        }),
      (error: Error) => error instanceof TypeError && /ShipmentDispatchedEvent\.content holds the tag "drum"/.test(error.message),
    )
  })
})
