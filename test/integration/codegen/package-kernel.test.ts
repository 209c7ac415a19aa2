// test/fixtures/domains/package-kernel: the entity's value objects and ids come from a package (@acme/kernel under the
// fixture's node_modules, .d.ts + .js as a published shared kernel ships them). The mapper imports them by the
// specifier the project uses and rebuilds them through their own constructor or factory; InvoiceCode is the id by
// role (the identity property, the type findById/delete take), though its name is not an id's.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Sequelize } from 'sequelize'
import { REPO_ROOT } from '../../support/services'
import { compileAndMigrate, generateOnMariaDb, type GeneratedOnMariaDb, loadCompiled } from './generate-example'

interface Kernel {
  Money: new (cents: number, currency: string) => { cents: number; currency: string }
  InvoiceCode: { parse(text: string): { value: string } }
  CustomerId: { of(value: string): { value: string } }
}
interface Invoice {
  readonly id: { value: string }
  readonly customerId: { value: string }
  readonly total: { cents: number; currency: string }
  readonly issuedOn: Date
}
interface Modules {
  Invoice: new (id: unknown, customerId: unknown, total: unknown, issuedOn: Date) => Invoice
  MysqlInvoiceRepository: new (sequelize: Sequelize) => {
    save(invoice: Invoice): Promise<void>
    findById(id: Invoice['id']): Promise<Invoice | null>
    findByCustomerId(customerId: Invoice['customerId']): Promise<Invoice[]>
    delete(id: Invoice['id']): Promise<void>
  }
}

describe('generate repository: value objects and ids from a package, against MariaDB', () => {
  let project: GeneratedOnMariaDb | undefined
  let m: Modules
  let kernel: Kernel
  before(async () => {
    project = await generateOnMariaDb(path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'package-kernel'), 'fx_package_kernel', {
      timezone: '+00:00',
      withPackages: true,
    })
  })
  after(async () => project?.close())

  it('generates every method with no warning, importing the package by its specifier, and the code compiles', async () => {
    const { root, warnings } = project!
    assert.deepEqual(warnings, [])
    const mapper = readFileSync(path.join(root, 'src/infrastructure/persistence/mysql/mappers/invoice.mapper.ts'), 'utf8')
    assert.match(mapper, /^import \{ CustomerId, InvoiceCode, Money \} from '@acme\/kernel'$/m)
    assert.doesNotMatch(mapper, /node_modules/)
    await compileAndMigrate(project!)
    m = loadCompiled<Modules>(root, ['billing/invoice', 'infrastructure/repository/mysql-invoice-repository'])
    kernel = require(path.join(root, 'node_modules', '@acme', 'kernel')) as Kernel
  })

  it('round-trips an invoice rebuilt through InvoiceCode.parse, CustomerId.of and new Money', async () => {
    const repo = new m.MysqlInvoiceRepository(project!.sequelize)
    const id = kernel.InvoiceCode.parse('INV-2026-0001')
    const invoice = new m.Invoice(id, kernel.CustomerId.of('C-7'), new kernel.Money(1250, 'EUR'), new Date('2026-05-06T00:00:00.000Z'))
    await repo.save(invoice)

    const found = await repo.findById(kernel.InvoiceCode.parse('INV-2026-0001'))
    assert.ok(found)
    assert.ok(found.id instanceof (kernel.InvoiceCode as unknown as new () => object))
    assert.ok(found.total instanceof kernel.Money)
    assert.deepEqual(
      { id: found.id.value, customer: found.customerId.value, total: { ...found.total }, issuedOn: found.issuedOn.toISOString() },
      { id: 'INV-2026-0001', customer: 'C-7', total: { cents: 1250, currency: 'EUR' }, issuedOn: '2026-05-06T00:00:00.000Z' },
    )
    assert.deepEqual(
      (await repo.findByCustomerId(kernel.CustomerId.of('C-7'))).map((i) => i.id.value),
      ['INV-2026-0001'],
    )
    assert.deepEqual(await repo.findByCustomerId(kernel.CustomerId.of('C-8')), [])
    await repo.delete(id)
    assert.equal(await repo.findById(id), null)
  })
})
