import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { readDomain } from '../../../../src/codegen/domain'
import { migrationTimestamp } from '../../../../src/core/migration-name'
import { generateRepositories, isPortArtifactPath, repositoryClassName } from '../../../../src/codegen/generators/repository-generator'
import type { GenerateOptions } from '../../../../src/codegen/generators/types'
import type { DomainModel } from '../../../../src/codegen/model'
import { TemplateRenderer } from '../../../../src/codegen/render'
import { REPO_ROOT } from '../../../support/services'

const read = (example: string): DomainModel =>
  readDomain({
    root: path.join(REPO_ROOT, 'examples', example),
    tsconfig: 'tsconfig.json',
    sourceRoot: 'src',
    portSuffixes: ['Repository', 'RepositoryPort', 'Repo', 'RepoPort'],
  })

const cjs = read('shop-cjs')
const esm = read('shop-esm')
const options: GenerateOptions = {
  infrastructureDir: 'src/infrastructure',
  migrationsDir: 'infra/migrations',
  existingMigration: () => undefined,
  now: new Date('2026-01-02T03:04:05Z'),
}

/** the generator's artifacts and the create migrations of its tables (written by the pipeline's schema step when new) */
const artifactsOf = (result: ReturnType<typeof generateRepositories>) => [...result.artifacts, ...(result.tables ?? []).map((t) => t.createMigration)]

describe('generateRepositories', () => {
  it('plans a model, a mapper, a repository and a migration per port', () => {
    const result = generateRepositories(cjs, cjs.ports, options)
    assert.deepEqual(
      artifactsOf(result)
        .map((a) => `${a.template} ${a.path}`)
        .sort(),
      [
        'messaging/outbox/outbox-writer.ts.hbs src/infrastructure/messaging/outbox/outbox-writer.ts',
        'migrations/create-table.ts.hbs infra/migrations/20260102030405-create-orders.ts',
        'migrations/create-table.ts.hbs infra/migrations/20260102030406-create-products.ts',
        'migrations/create-table.ts.hbs infra/migrations/20260102030407-create-users.ts',
        'persistence/mysql/connection.ts.hbs src/infrastructure/persistence/mysql/connection.ts',
        'persistence/mysql/errors.ts.hbs src/infrastructure/persistence/mysql/errors.ts',
        'persistence/mysql/mapper.ts.hbs src/infrastructure/persistence/mysql/mappers/order.mapper.ts',
        'persistence/mysql/mapper.ts.hbs src/infrastructure/persistence/mysql/mappers/product.mapper.ts',
        'persistence/mysql/mapper.ts.hbs src/infrastructure/persistence/mysql/mappers/user.mapper.ts',
        'persistence/mysql/model.ts.hbs src/infrastructure/persistence/mysql/models/order.model.ts',
        'persistence/mysql/model.ts.hbs src/infrastructure/persistence/mysql/models/product.model.ts',
        'persistence/mysql/model.ts.hbs src/infrastructure/persistence/mysql/models/user.model.ts',
        'persistence/mysql/transaction.ts.hbs src/infrastructure/persistence/mysql/transaction.ts',
        'repository/mysql-repository.ts.hbs src/infrastructure/repository/mysql-order-repository.ts',
        'repository/mysql-repository.ts.hbs src/infrastructure/repository/mysql-product-repository.ts',
        'repository/mysql-repository.ts.hbs src/infrastructure/repository/mysql-user-repository.ts',
      ],
    )
    assert.deepEqual(
      result.exports.map((e) => e.name),
      ['MysqlOrderRepository', 'MysqlProductRepository', 'MysqlUserRepository'],
    )
  })

  it('reuses the name of an existing migration so regeneration is stable', () => {
    const result = generateRepositories(cjs, cjs.ports, {
      ...options,
      existingMigration: (table) => (table === 'users' ? '20200101000000-create-users' : undefined),
    })
    assert.ok(artifactsOf(result).some((a) => a.path === 'infra/migrations/20200101000000-create-users.ts'))
    assert.equal(migrationTimestamp(new Date('2026-12-31T23:59:59Z'), 1), '20270101000000')
  })

  it('maps columns by storage: flattened value objects, JSON arrays, BIGINT, DATETIME(3), id as primary key', () => {
    const result = generateRepositories(cjs, cjs.ports, options)
    const orders = artifactsOf(result).find((a) => a.path.endsWith('create-orders.ts'))!.data as {
      columns: Array<{ column: string; sqlType: string; allowNull: boolean; primaryKey: boolean }>
    }
    const byColumn = Object.fromEntries(orders.columns.map((c) => [c.column, c]))
    assert.equal(byColumn.id!.primaryKey, true)
    assert.equal(byColumn.total_amount_cents!.sqlType, 'BIGINT')
    assert.equal(byColumn.total_currency!.sqlType, 'VARCHAR(255)')
    assert.equal(byColumn.lines!.sqlType, 'LONGTEXT')
    assert.equal(byColumn.placed_at!.sqlType, 'DATETIME(3)')
    assert.equal(byColumn.shipped_at!.allowNull, true)
    assert.equal(byColumn.note!.allowNull, true)
  })

  it('indexes the columns derived queries filter on (equality first, prefixes merged)', () => {
    const result = generateRepositories(cjs, cjs.ports, options)
    const users = artifactsOf(result).find((a) => a.path.endsWith('create-users.ts'))!.data as {
      indexes: Array<{ columns: string }>
      uniqueIndexes: Array<{ columns: string; name: string }>
    }
    const indexes = users.indexes.map((i) => i.columns)
    // findByEmail returns one User: email is a unique key (and needs no second, plain index)
    assert.deepEqual(users.uniqueIndexes, [{ columns: "'email'", name: 'users_email_unique' }])
    assert.ok(!indexes.includes("'email'"))
    assert.ok(indexes.includes("'status', 'role'"))
    assert.ok(!indexes.includes("'status'"), 'an index on (status, role) serves status alone')
  })

  it('warns about, and stubs, a method it cannot derive', () => {
    const result = generateRepositories(cjs, cjs.ports, options)
    assert.equal(result.warnings.length, 1)
    assert.match(result.warnings[0]!, /^src\/domain\/user\/user-repository\.ts:\d+: UserRepository\.findActiveUsersWithoutOrders was generated to throw/)
    const repository = artifactsOf(result).find((a) => a.path.endsWith('mysql-user-repository.ts'))!.data as {
      methods: Array<{ name: string; body: string[] }>
    }
    const stub = repository.methods.find((m) => m.name === 'findActiveUsersWithoutOrders')!
    assert.match(stub.body[0]!, /^throw new Error\(\s*'not implemented: /)
  })

  it('follows the module system: .js suffixes for NodeNext ESM, none for CommonJS', () => {
    const imports = (model: DomainModel) =>
      (generateRepositories(model, model.ports, options).artifacts.find((a) => a.path.endsWith('mysql-order-repository.ts'))!.data as { imports: string[] })
        .imports
    assert.ok(
      imports(esm)
        .filter((line) => / from '\./.test(line))
        .every((line) => /\.js'$/.test(line)),
    )
    assert.ok(
      imports(cjs)
        .filter((line) => / from '\./.test(line))
        .every((line) => !/\.js'$/.test(line)),
    )
  })

  it('gives an entity stored by two ports one table, indexed for both, with bytes independent of the selection', () => {
    const users = cjs.ports.find((p) => p.name === 'UserRepository')!
    const reader = {
      ...users,
      name: 'UserReadRepository',
      methods: users.methods.filter((m) => m.name === 'findByNameContaining' || m.name === 'findByCreatedAtBetween'),
    }
    const model: DomainModel = { ...cjs, ports: [...cjs.ports, reader] }
    const both = generateRepositories(model, [users, reader], options)
    const migrations = artifactsOf(both).filter((a) => a.path.endsWith('-create-users.ts'))
    assert.equal(migrations.length, 1)
    const alone = generateRepositories(model, [users], options)
    const shared = (result: typeof both, suffix: string) => JSON.stringify(artifactsOf(result).find((a) => a.path.endsWith(suffix))!.data)
    assert.equal(shared(alone, 'user.model.ts'), shared(both, 'user.model.ts'))
    assert.match(shared(alone, 'user.mapper.ts'), /generate repository UserReadRepository/)
    assert.deepEqual(both.exports.map((e) => e.name).sort(), ['MysqlUserReadRepository', 'MysqlUserRepository'])
  })

  it('reads exists(x) as "exists by the one property of x\'s type"', () => {
    const orders = cjs.ports.find((p) => p.name === 'OrderRepository')!
    const count = orders.methods.find((m) => m.name === 'countByCustomerId')!
    const exists = {
      ...count,
      name: 'exists',
      returnText: 'Promise<boolean>',
      returns: { kind: 'scalar' as const, async: true, type: { kind: 'primitive' as const, name: 'boolean' as const } },
    }
    const port = { ...orders, methods: [exists] }
    const result = generateRepositories({ ...cjs, ports: [port] }, [port], options)
    const data = artifactsOf(result).find((a) => a.path.endsWith('mysql-order-repository.ts'))!.data as { methods: Array<{ body: string[] }> }
    assert.deepEqual(data.methods[0]!.body, ["return (await this.model.findOne({ where: { customer_id: customerId }, attributes: ['id'] })) !== null"])
    assert.deepEqual(result.warnings, [])
  })

  it('takes the instance out of a factory returning Result<T> with the unwrap the reader recorded', () => {
    const model = readDomain({
      root: path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'result-factory'),
      tsconfig: 'tsconfig.json',
      sourceRoot: 'src',
      portSuffixes: ['Repo'],
    })
    const renderer = new TemplateRenderer(undefined)
    const mapper = generateRepositories(
      model,
      model.ports.filter((p) => p.name === 'IProductRepo'),
      options,
    ).artifacts.find((a) => a.path.endsWith('product.mapper.ts'))
    assert.ok(mapper)
    const text = renderer.render(mapper.template, mapper.data)
    // Product.create(props, id) and ProductName.create({ value }) both return Outcome<T>
    assert.match(text, /Product\.create\(\s*\{[^]*?\},\s*new UniqueEntityID\(row\.id\),?\s*\)\.getValue\(\)/)
    assert.match(text, /ProductName\.create\(\{ value: [^}]+\}\)\.getValue\(\)/)
  })

  it('tells files generated for a port from the skeleton infra init puts in the same folders', () => {
    const dir = 'src/infrastructure'
    // the shared modules (connection, transaction, errors, outbox writer) are written by every run: never orphans
    const shared = /\/(connection|transaction|errors|outbox-writer)\.ts$/
    const generated = generateRepositories(cjs, cjs.ports, options).artifacts.filter((a) => a.path.startsWith(`${dir}/`) && !shared.test(a.path))
    assert.ok(generated.length > 0)
    for (const artifact of generated) assert.ok(isPortArtifactPath(artifact.path, dir), artifact.path)
    for (const skeleton of ['repository/.gitkeep', 'persistence/mysql/connection.ts', 'persistence/mysql/transaction.ts', 'repository/user-repository.ts']) {
      assert.equal(isPortArtifactPath(`${dir}/${skeleton}`, dir), false, skeleton)
    }
  })

  it('names implementations after their port', () => {
    assert.equal(repositoryClassName('UserRepository'), 'MysqlUserRepository')
    assert.equal(repositoryClassName('IUserRepository'), 'MysqlUserRepository')
    assert.equal(repositoryClassName('WalletRepositoryPort'), 'MysqlWalletRepository')
  })

  it('renders every artifact with the built-in templates into code with the generated header', () => {
    const renderer = new TemplateRenderer(undefined)
    for (const artifact of generateRepositories(esm, esm.ports, options).artifacts) {
      const text = renderer.render(artifact.template, artifact.data)
      assert.match(text, /^\/\/ Generated by infra \(infra (init, infra )?generate repository( \w+)?\)/, artifact.path)
      // `any` as a type (the word may appear in comments)
      assert.doesNotMatch(text, /[:<,(|]\s*any\b|\bas any\b/, artifact.path)
    }
  })
})

describe('TemplateRenderer', () => {
  it('prefers the project override with the same relative path', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'infra-templates-'))
    try {
      mkdirSync(path.join(dir, 'init'), { recursive: true })
      writeFileSync(path.join(dir, 'init', 'gitkeep.hbs'), 'overridden {{x}}')
      const renderer = new TemplateRenderer(dir)
      assert.equal(renderer.resolve('init/gitkeep.hbs').source, 'project')
      assert.equal(renderer.render('init/gitkeep.hbs', { x: '<&>' }), 'overridden <&>', 'code is not HTML-escaped')
      assert.equal(renderer.resolve('repository/mysql-repository.ts.hbs').source, 'builtin')
      assert.throws(() => renderer.resolve('nope.hbs'), /TEMPLATE_NOT_FOUND|found neither/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
