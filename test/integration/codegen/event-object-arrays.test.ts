// test/fixtures/domains/event-object-arrays: an event whose payload holds arrays (and a Set) of plain objects. Each
// element is encoded and rebuilt by an arrow function returning an object literal, which must be parenthesised
// (a one-field object travels as its value, like a value object). Before: `rooms.map((item) => { name: item.name, ... })`, a block, so `generate publisher` exited 1, "a bug of infra".
import assert from 'node:assert/strict'
import { cpSync, mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { planMessagingGeneration } from '../../../src/codegen/messaging-service'
import { commitTree } from '../../../src/codegen/tree'
import { loadConfig } from '../../../src/core/config'
import type { VenueListedEvent } from '../../fixtures/domains/event-object-arrays/src/venues/venue-listed-event'
import { REPO_ROOT, uniqueName } from '../../support/services'
import { compile } from './generate-example'

interface Payload {
  encodeVenueListedEvent(event: VenueListedEvent): unknown
  decodeVenueListedEvent(payload: unknown): VenueListedEvent
}

describe('generate publisher: event payloads holding arrays of plain objects', () => {
  const root = path.join(REPO_ROOT, '.infra-tmp', uniqueName('fx_event_object_arrays'))
  before(async () => {
    mkdirSync(path.dirname(root), { recursive: true })
    cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'event-object-arrays'), root, { recursive: true })
    const run = planMessagingGeneration(await loadConfig({ cwd: root, env: {} }), 'publisher', { events: [], all: true, force: false })
    assert.deepEqual(run.warnings, [])
    commitTree(run.tree, run.plan)
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  it('compiles, and the payload round-trips: each element encoded (Date as ISO text) and rebuilt', () => {
    const compiled = compile(root, { emit: true })
    assert.equal(compiled.output, '')
    const { VenueListedEvent: Event } = require(path.join(root, 'dist', 'src', 'venues', 'venue-listed-event')) as { VenueListedEvent: typeof VenueListedEvent }
    const payload = require(path.join(root, 'dist', 'src', 'infrastructure', 'messaging', 'rabbitmq', 'events', 'venue-listed-event')) as Payload
    const event = new Event('v-1', [{ name: 'Hall', seats: 300, openedAt: new Date('2026-01-02T03:04:05.000Z') }], new Set([{ label: 'East' }]))
    const wire = JSON.parse(JSON.stringify(payload.encodeVenueListedEvent(event))) as unknown
    assert.deepEqual(wire, { venueId: 'v-1', rooms: [{ name: 'Hall', seats: 300, openedAt: '2026-01-02T03:04:05.000Z' }], wings: ['East'] })
    const decoded = payload.decodeVenueListedEvent(wire)
    assert.ok(decoded instanceof Event)
    assert.deepEqual(decoded.rooms, event.rooms)
    assert.deepEqual([...decoded.wings], [...event.wings])
  })
})
