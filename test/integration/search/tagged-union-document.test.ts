// The search document of an entity holding a discriminated union (test/fixtures/domains/tagged-union): the generated
// document mapper keeps the variant structured with its tag (an `enabled: false` object in the index definition) and
// rebuilds it through the variant the tag names; an unknown tag in a document is a StoredValueError. The document goes
// through JSON text, as Elasticsearch's _source does.
import assert from 'node:assert/strict'
import { readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { REPO_ROOT, uniqueName } from '../../support/services'
import { generateSearchInto } from './generate-search'

/* eslint-disable @typescript-eslint/no-explicit-any -- the compiled fixture is loaded at run time */
type Loaded = Record<string, any>

describe('generate search: a discriminated union in the document', () => {
  const root = path.join(REPO_ROOT, '.infra-tmp', uniqueName('search_tagged'))
  let warnings: readonly string[] = []
  let content: Loaded
  let shipment: Loaded
  let documents: Loaded

  before(async () => {
    warnings = await generateSearchInto(path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'tagged-union'), root)
    const dist = path.join(root, 'dist', 'src')
    content = require(path.join(dist, 'shipping', 'package-content.js'))
    shipment = require(path.join(dist, 'shipping', 'shipment.js'))
    documents = require(path.join(dist, 'infrastructure', 'persistence', 'elastic', 'documents', 'shipment.document.js'))
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  it('generates with no warning; the index keeps the union as an unsearched object', () => {
    assert.deepEqual(warnings, [])
    const index = readFileSync(path.join(root, 'infra', 'elastic', 'shipments.yaml'), 'utf8')
    assert.match(index, /content:\n\s+type: object\n\s+enabled: false/)
  })

  it('round-trips each variant through its document, tag included', () => {
    const crate = content.Crate.of(80, false, ['top'])
    const written = documents.toShipmentDocument(new shipment.Shipment('S1', 'Turin', crate, { kind: 'pallet', weightKg: 12 }, [crate]))
    const source = JSON.parse(JSON.stringify(written))
    assert.deepEqual(source.content, { kind: 'crate', widthCm: 80, fragile: false, labels: ['top'] })
    const read = documents.fromShipmentDocument(source)
    assert.ok(read.content instanceof crate.constructor)
    assert.deepEqual({ ...read.content }, { kind: 'crate', widthCm: 80, fragile: false, labels: ['top'] })
    assert.deepEqual(read.returned, { kind: 'pallet', weightKg: 12 })
    assert.ok(read.extras[0] instanceof crate.constructor)

    const envelope = new content.Envelope(2, new Date('2026-01-02T03:04:05.000Z'))
    const back = documents.fromShipmentDocument(
      JSON.parse(JSON.stringify(documents.toShipmentDocument(new shipment.Shipment('S2', 'Turin', envelope, null, [])))),
    )
    assert.ok(back.content instanceof content.Envelope)
    assert.deepEqual([back.content.sheets, back.content.sealedAt.toISOString(), back.returned], [2, '2026-01-02T03:04:05.000Z', null])
  })

  it('a document whose tag no variant has is a StoredValueError', () => {
    assert.throws(
      () => documents.fromShipmentDocument({ id: 'S3', destination: 'Turin', content: { kind: 'drum', litres: 9 }, returned: null, extras: [] }),
      (error: Error) => error.name === 'StoredValueError' && /^shipments\.content holds/.test(error.message),
    )
  })
})
