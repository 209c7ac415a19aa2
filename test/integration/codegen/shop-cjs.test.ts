import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Sequelize } from 'sequelize'
import { REPO_ROOT } from '../../support/services'
import { exerciseOrders, exerciseProducts, exerciseUsers, type ShopModules } from './exercise-shop'
import { compile, generateOnMariaDb, migrationFiles, type GeneratedExample, type GeneratedOnMariaDb } from './generate-example'

describe('generate repository --all on examples/shop-cjs (CommonJS) against MariaDB', () => {
  let example: GeneratedExample
  let sequelize: Sequelize
  let modules: ShopModules

  let project: GeneratedOnMariaDb | undefined
  before(async () => {
    project = await generateOnMariaDb(path.join(REPO_ROOT, 'examples', 'shop-cjs'), 'shop_cjs')
    ;({ sequelize } = example = project)
  })
  after(async () => project?.close())

  it('generates a model, mapper, repository and migration per port, and warns about the method it cannot derive', () => {
    const created = example.files.filter((f) => f.action === 'create').map((f) => f.path)
    assert.ok(created.includes('src/infrastructure/repository/mysql-user-repository.ts'))
    assert.ok(created.includes('src/infrastructure/persistence/mysql/mappers/order.mapper.ts'))
    assert.ok(created.some((f) => /^infra\/migrations\/\d{14}-create-products\.ts$/.test(f)))
    assert.equal(example.warnings.length, 1, example.warnings.join('\n'))
    assert.match(example.warnings[0]!, /user-repository\.ts:\d+: UserRepository\.findActiveUsersWithoutOrders was generated to throw/)
  })

  it('compiles under tsc --strict (noUnusedLocals/Parameters) with no errors', () => {
    const result = compile(example.root, { emit: true })
    assert.equal(result.output, '')
    assert.equal(result.status, 0)
  })

  it('creates the tables with the generated migrations', async () => {
    const context = { queryInterface: sequelize.getQueryInterface(), sequelize }
    for (const file of migrationFiles(path.join(example.root, 'dist', 'infra', 'migrations'))) {
      const migration = require(file) as { up(arg: { context: typeof context }): Promise<void> }
      await migration.up({ context })
    }
    const [tables] = await sequelize.query('SHOW TABLES')
    assert.equal(tables.length, 3)
    const [indexes] = (await sequelize.query("SHOW INDEX FROM users WHERE Key_name = 'users_email_unique' AND Non_unique = 0")) as [unknown[], unknown]
    assert.equal(indexes.length, 1)
  })

  it('round-trips and queries every generated method', async () => {
    const dist = path.join(example.root, 'dist', 'src')
    modules = {
      ...(require(path.join(dist, 'domain/order/order.js')) as Pick<ShopModules, 'Order' | 'OrderId' | 'Money'>),
      ...(require(path.join(dist, 'domain/product/product.js')) as Pick<ShopModules, 'Product'>),
      ...(require(path.join(dist, 'infrastructure/repository/mysql-user-repository.js')) as Pick<ShopModules, 'MysqlUserRepository'>),
      ...(require(path.join(dist, 'infrastructure/repository/mysql-order-repository.js')) as Pick<ShopModules, 'MysqlOrderRepository'>),
      ...(require(path.join(dist, 'infrastructure/repository/mysql-product-repository.js')) as Pick<ShopModules, 'MysqlProductRepository'>),
    }
    await exerciseUsers(modules, sequelize)
    await exerciseOrders(modules, sequelize)
    await exerciseProducts(modules, sequelize)
  })
})
