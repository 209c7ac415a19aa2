import assert from 'node:assert/strict'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { after, before, describe, it } from 'node:test'
import type { Sequelize } from 'sequelize'
import { REPO_ROOT } from '../../support/services'
import {
  exerciseNotes,
  exerciseOrders,
  exerciseProducts,
  exerciseUsers,
  exerciseWallets,
  type NoteModules,
  type ShopModules,
  type WalletModules,
} from './exercise-shop'
import { compile, generateOnMariaDb, migrationFiles, type GeneratedExample, type GeneratedOnMariaDb } from './generate-example'

// a real ESM import: scripts/ts-register.cjs keeps import() native in CommonJS output
const importEsm = (specifier: string) => import(specifier) as Promise<Record<string, unknown>>

describe('generate repository --all on examples/shop-esm (NodeNext ESM) against MariaDB', () => {
  let example: GeneratedExample
  let sequelize: Sequelize

  let project: GeneratedOnMariaDb | undefined
  before(async () => {
    project = await generateOnMariaDb(path.join(REPO_ROOT, 'examples', 'shop-esm'), 'shop_esm')
    ;({ sequelize } = example = project)
  })
  after(async () => project?.close())

  it('writes relative imports with .js suffixes', () => {
    const { readFileSync } = require('node:fs') as typeof import('node:fs')
    const text = readFileSync(path.join(example.root, 'src/infrastructure/repository/mysql-wallet-repository.ts'), 'utf8')
    const relative = text.match(/from '\.[^']*'/g) ?? []
    assert.ok(relative.length > 0)
    for (const specifier of relative) assert.match(specifier, /\.js'$/)
  })

  it('compiles under tsc --strict with NodeNext and verbatimModuleSyntax', () => {
    const result = compile(example.root, { emit: true })
    assert.equal(result.output, '')
    assert.equal(result.status, 0)
  })

  it('migrates, then round-trips and queries every generated method as native ESM', async () => {
    const context = { queryInterface: sequelize.getQueryInterface(), sequelize }
    for (const file of migrationFiles(path.join(example.root, 'dist', 'infra', 'migrations'))) {
      const migration = (await importEsm(pathToFileURL(file).href)) as unknown as { up(arg: { context: typeof context }): Promise<void> }
      await migration.up({ context })
    }
    const dist = path.join(example.root, 'dist', 'src')
    const load = (file: string) => importEsm(pathToFileURL(path.join(dist, file)).href)
    const modules = {
      ...(await load('domain/order/order.js')),
      ...(await load('domain/product/product.js')),
      ...(await load('domain/wallet/wallet.js')),
      ...(await load('infrastructure/repository/mysql-user-repository.js')),
      ...(await load('infrastructure/repository/mysql-order-repository.js')),
      ...(await load('infrastructure/repository/mysql-product-repository.js')),
      ...(await load('infrastructure/repository/mysql-wallet-repository.js')),
      ...(await load('infrastructure/repository/mysql-note-repository.js')),
    } as unknown as ShopModules & WalletModules & NoteModules
    await exerciseUsers(modules, sequelize)
    await exerciseOrders(modules, sequelize)
    await exerciseProducts(modules, sequelize)
    await exerciseWallets(modules, sequelize)
    await exerciseNotes(modules, sequelize)
  })
})
