// test/fixtures/domains/tagged-union: a property typed by a discriminated union (a `kind` tag on every variant) of two
// classes, one built by its constructor and one by a static factory, and a plain object type. Each value is stored as
// one JSON column holding the variant's fields plus the tag, and rebuilt through the variant the tag names; a stored
// tag no variant has is a StoredValueError naming the table and column.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Sequelize } from 'sequelize'
import { REPO_ROOT } from '../../support/services'
import { compileAndMigrate, generateOnMariaDb, type GeneratedOnMariaDb, loadCompiled } from './generate-example'

interface Envelope {
  readonly kind: 'envelope'
  readonly sheets: number
  readonly sealedAt: Date
}
interface Crate {
  readonly kind: 'crate'
  readonly widthCm: number
  readonly fragile: boolean
  readonly labels: readonly string[]
}
interface Pallet {
  readonly kind: 'pallet'
  readonly weightKg: number
  readonly note?: string
}
type Content = Envelope | Crate | Pallet
interface Shipment {
  readonly id: string
  readonly destination: string
  readonly content: Content
  readonly returned: Content | null
  readonly extras: readonly Content[]
}
interface Modules {
  Envelope: new (sheets: number, sealedAt: Date) => Envelope
  Crate: { of(widthCm: number, fragile: boolean, labels: readonly string[]): Crate }
  Shipment: new (id: string, destination: string, content: Content, returned: Content | null, extras: readonly Content[]) => Shipment
  MysqlShipmentRepository: new (sequelize: Sequelize) => {
    save(shipment: Shipment): Promise<void>
    findById(id: string): Promise<Shipment | null>
    findByDestination(destination: string): Promise<Shipment[]>
    delete(id: string): Promise<void>
  }
}

describe('generate repository: a discriminated union stored as JSON with its tag, against MariaDB', () => {
  let project: GeneratedOnMariaDb | undefined
  let m: Modules
  let table: string
  before(async () => {
    project = await generateOnMariaDb(path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'tagged-union'), 'fx_tagged_union', { timezone: '+00:00' })
  })
  after(async () => project?.close())

  it('generates every method with no warning, and the code compiles and migrates', async () => {
    const { root, warnings } = project!
    assert.deepEqual(warnings, [])
    await compileAndMigrate(project!)
    m = loadCompiled<Modules>(root, ['shipping/package-content', 'shipping/shipment', 'infrastructure/repository/mysql-shipment-repository'])
    const tables = (await project!.sequelize.getQueryInterface().showAllTables()).filter((t) => /shipment/.test(t))
    assert.equal(tables.length, 1)
    table = tables[0]!
  })

  it('round-trips each variant through its own constructor, factory or object literal', async () => {
    const repo = new m.MysqlShipmentRepository(project!.sequelize)
    const envelope = new m.Envelope(3, new Date('2026-05-06T07:08:09.000Z'))
    const crate = m.Crate.of(120, true, ['this side up', 'glass'])
    const pallet: Pallet = { kind: 'pallet', weightKg: 400 }
    await repo.save(new m.Shipment('S1', 'Lyon', envelope, null, []))
    await repo.save(new m.Shipment('S2', 'Lyon', crate, { kind: 'pallet', weightKg: 35, note: 'broken lid' }, [pallet, envelope, crate]))
    await repo.save(new m.Shipment('S3', 'Oslo', pallet, crate, []))

    const s1 = await repo.findById('S1')
    assert.ok(s1)
    assert.ok(s1.content instanceof m.Envelope)
    assert.equal(s1.content.kind, 'envelope')
    assert.deepEqual([s1.content.sheets, s1.content.sealedAt.toISOString(), s1.returned], [3, '2026-05-06T07:08:09.000Z', null])

    const s2 = await repo.findById('S2')
    assert.ok(s2)
    assert.ok(s2.content instanceof (crate.constructor as new () => Crate))
    assert.deepEqual({ ...s2.content }, { kind: 'crate', widthCm: 120, fragile: true, labels: ['this side up', 'glass'] })
    assert.deepEqual(s2.returned, { kind: 'pallet', weightKg: 35, note: 'broken lid' })
    assert.deepEqual(
      s2.extras.map((e) => [e.kind, Object.getPrototypeOf(e) === Object.prototype ? 'object' : e.constructor.name]),
      [
        ['pallet', 'object'],
        ['envelope', 'Envelope'],
        ['crate', 'Crate'],
      ],
    )

    const s3 = await repo.findById('S3')
    assert.ok(s3)
    // a plain-object variant comes back a plain object, its absent optional field absent
    assert.deepEqual(s3.content, { kind: 'pallet', weightKg: 400 })
    assert.equal(Object.getPrototypeOf(s3.content), Object.prototype)
    assert.ok(s3.returned instanceof (crate.constructor as new () => Crate))

    // the stored JSON holds the tag beside the variant's fields
    const [rows] = await project!.sequelize.query(`SELECT content FROM \`${table}\` WHERE id = 'S2'`)
    assert.deepEqual(JSON.parse((rows as Array<{ content: string }>)[0]!.content), {
      kind: 'crate',
      widthCm: 120,
      fragile: true,
      labels: ['this side up', 'glass'],
    })

    assert.deepEqual((await repo.findByDestination('Lyon')).map((s) => [s.id, s.content.kind]).sort(), [
      ['S1', 'envelope'],
      ['S2', 'crate'],
    ])
    await repo.delete('S3')
    assert.equal(await repo.findById('S3'), null)
  })

  it('a stored tag no variant has is a StoredValueError naming the table and column, not a guessed variant', async () => {
    const repo = new m.MysqlShipmentRepository(project!.sequelize)
    await project!.sequelize.query(`UPDATE \`${table}\` SET returned = '{"kind":"drum","litres":200}' WHERE id = 'S1'`)
    await assert.rejects(
      () => repo.findById('S1'),
      (error: Error) => error.name === 'StoredValueError' && error.message.startsWith(`${table}.returned holds`) && /drum/.test(error.message),
    )
  })
})
