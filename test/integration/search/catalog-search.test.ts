// Generates the catalog-search fixture's search adapter, compiles it, sets its generated index definition up with the
// real `infra index setup` code, indexes products through the generated indexer and finds them through every kind of
// derived query, the full-text convention and deep pages (search_after), on every Elasticsearch server of the suite.
import assert from 'node:assert/strict'
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Client } from '@elastic/elasticsearch'
import { planSearchGeneration } from '../../../src/codegen/generators/search/service'
import { commitTree } from '../../../src/codegen/tree'
import { loadConfig } from '../../../src/core/config'
import { connectElasticsearch } from '../../../src/core/connections/elasticsearch'
import { setupIndices } from '../../../src/index/setup'
import { elasticsearchServers, REPO_ROOT, uniqueName } from '../../support/services'
import { generateSearchInto } from './generate-search'
import { compile } from '../codegen/generate-example'
import { IndexProject } from '../index/fixture'

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'catalog-search')

/* eslint-disable @typescript-eslint/no-explicit-any -- the compiled fixture is loaded at run time */
type Loaded = Record<string, any>

describe('generate search: an ESM (NodeNext) project', () => {
  it('writes imports with .js suffixes and compiles', async () => {
    const root = path.join(REPO_ROOT, '.infra-tmp', uniqueName('search_esm'))
    try {
      mkdirSync(path.dirname(root), { recursive: true })
      cpSync(FIXTURE, root, { recursive: true })
      writeFileSync(path.join(root, 'package.json'), JSON.stringify({ type: 'module' }))
      const tsconfig = JSON.parse(readFileSync(path.join(root, 'tsconfig.json'), 'utf8'))
      tsconfig.compilerOptions = { ...tsconfig.compilerOptions, module: 'NodeNext', moduleResolution: 'NodeNext' }
      writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify(tsconfig))
      const port = path.join(root, 'src', 'domain', 'product-search.ts')
      writeFileSync(port, readFileSync(port, 'utf8').replace("from './product'", "from './product.js'"))
      const config = await loadConfig({ cwd: root, env: {} })
      const run = planSearchGeneration(config, { ports: ['ProductSearch'], all: false, force: false })
      commitTree(run.tree, run.plan)
      const search = readFileSync(path.join(root, 'src', 'infrastructure', 'persistence', 'elastic', 'search', 'elastic-product-search.ts'), 'utf8')
      assert.match(search, /from '\.\.\/documents\/product\.document\.js'/)
      const compiled = compile(root, { emit: false })
      assert.equal(compiled.status, 0, compiled.output)
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})

describe('generate search: the catalog-search fixture', () => {
  const root = path.join(REPO_ROOT, '.infra-tmp', uniqueName('search_catalog'))
  let domain: Loaded
  let documents: Loaded
  let clientModule: Loaded
  let indexerModule: Loaded
  let searchModule: Loaded
  let warnings: readonly string[] = []

  before(async () => {
    warnings = await generateSearchInto(FIXTURE, root)
    const dist = path.join(root, 'dist')
    domain = require(path.join(dist, 'domain', 'product.js'))
    documents = require(path.join(dist, 'infrastructure', 'persistence', 'elastic', 'documents', 'product.document.js'))
    clientModule = require(path.join(dist, 'infrastructure', 'persistence', 'elastic', 'client.js'))
    indexerModule = require(path.join(dist, 'infrastructure', 'persistence', 'elastic', 'indexers', 'product.indexer.js'))
    searchModule = require(path.join(dist, 'infrastructure', 'persistence', 'elastic', 'search', 'elastic-product-search.js'))
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  it('warns about exactly the method it cannot map (a delete)', () => {
    assert.deepEqual(
      warnings.filter((w) => w.includes('generated to throw')).map((w) => /ProductSearch\.(\w+)/.exec(w)?.[1]),
      ['deleteByStatus'],
    )
  })

  const product = (n: number, overrides: Partial<Record<string, unknown>> = {}) => {
    const { Product, Sku, Money, ProductStatus } = domain
    const o = { ...overrides }
    return new Product(
      `p${String(n).padStart(2, '0')}`,
      new Sku((o.sku as string) ?? `SKU-${n}`),
      (o.name as string) ?? `Product ${n}`,
      (o.description as string) ?? `plain item number ${n}`,
      (o.status as string) ?? ProductStatus.Active,
      new Money((o.amount as number) ?? n * 10, 'EUR'),
      (o.featured as boolean) ?? false,
      (o.soldUnits as bigint) ?? BigInt(n),
      (o.tags as string[]) ?? ['t'],
      (o.variants as unknown[]) ?? [{ color: 'red', stock: n }],
      (o.createdAt as Date) ?? new Date(Date.UTC(2026, 0, n)),
      (o.discontinuedAt as Date | null) ?? null,
      'dimensions' in o ? o.dimensions : { widthMm: n, heightMm: n * 2 },
    )
  }

  it('round-trips an entity through its document (Date, bigint, enum, value objects, lists, null)', () => {
    const p = product(7, { soldUnits: 9007199254740993n, discontinuedAt: new Date('2026-05-01T10:00:00.123Z'), dimensions: null })
    const back = documents.fromProductDocument(JSON.parse(JSON.stringify(documents.toProductDocument(p))))
    assert.deepEqual(back, p)
    assert.ok(back.createdAt instanceof Date && back.sku instanceof domain.Sku && typeof back.soldUnits === 'bigint')
  })

  for (const server of elasticsearchServers()) {
    describe(`on Elasticsearch ${server.name}`, () => {
      const project = new IndexProject(server.url, 'search_gen')
      const alias = project.alias('products')
      let admin: Client
      let client: Client
      let search: Loaded
      let deep: Loaded
      let ids: (found: Array<{ id: string }>) => string[]

      before(async () => {
        admin = await connectElasticsearch({ url: server.url, timeoutMs: 5000 })
        // the generated definition, as generated, under this test's alias
        writeFileSync(path.join(project.dir, 'infra', 'elastic', `${alias}.yaml`), readFileSync(path.join(root, 'infra', 'elastic', 'products.yaml')))
        client = await clientModule.createElasticsearchClient({ node: server.url })
        search = new searchModule.ElasticProductSearch(client, { index: alias })
        deep = new searchModule.ElasticProductSearch(client, { index: alias, maxResultWindow: 3 })
        ids = (found) => found.map((p) => p.id).sort()
      })
      after(async () => {
        await client?.close()
        await project.cleanup(admin)
        await admin.close()
      })

      it('infra index setup accepts the generated definition as is, and a second setup changes nothing', async () => {
        const first = await setupIndices(await project.session(), { deleteOld: false })
        assert.equal(first.changed, 1)
        const second = await setupIndices(await project.session(), { deleteOld: false })
        assert.equal(second.changed, 0)
      })

      it('indexes through the indexer (indexMany with the bulk helper, index, remove)', async () => {
        const { ProductStatus } = domain
        const indexer = new indexerModule.ProductIndexer(client, { index: alias, refresh: 'wait_for' })
        await indexer.indexMany([
          product(1, { name: 'Red Kettle', description: 'a shiny steel kettle', status: ProductStatus.Active, featured: true, amount: 25 }),
          product(2, { name: 'Blue Kettle', status: ProductStatus.Draft, amount: 30, discontinuedAt: new Date(Date.UTC(2026, 2, 1)) }),
          product(3, { name: 'Green Teapot', status: ProductStatus.Retired, amount: 45, dimensions: null }),
          product(4, { name: 'Red Mug_1', status: ProductStatus.Active, amount: 8, soldUnits: 9007199254740993n }),
          product(5, { name: 'Espresso Cup', status: ProductStatus.Active, amount: 12, featured: true }),
          product(6, { name: 'Temporary', status: ProductStatus.Draft }),
        ])
        await indexer.index(product(6, { name: 'Spare Lid', status: ProductStatus.Draft, amount: 3, variants: [] }))
        await indexer.index(product(9, { name: 'Gone' }))
        await indexer.remove('p09')
        await indexer.remove('p99')
        assert.equal(await search.countByStatus(ProductStatus.Draft), 2)
      })

      it('finds through every derived-query kind', async () => {
        const { ProductStatus, Sku } = domain
        assert.equal((await search.findById('p03')).name, 'Green Teapot')
        assert.equal(await search.findById('p09'), null)
        assert.equal((await search.findBySku(new Sku('SKU-5'))).id, 'p05')
        assert.deepEqual(ids(await search.findByName('Blue Kettle')), ['p02'])
        assert.deepEqual(ids(await search.findByName('blue kettle')), [], 'equality is exact (keyword)')
        assert.deepEqual(ids(await search.findByNameContaining('kettle')), ['p01', 'p02'])
        assert.deepEqual(ids(await search.findByNameContaining('red kettle')), ['p01'])
        assert.deepEqual(ids(await search.findByNameStartingWith('Red')), ['p01', 'p04'])
        assert.deepEqual(ids(await search.findByNameEndingWith('Kettle')), ['p01', 'p02'])
        assert.deepEqual(ids(await search.findByNameLike('Red M%\\_1')), ['p04'], '\\ escapes _ as in MySQL')
        assert.deepEqual(ids(await search.findByNameLike('Red M\\%')), [], 'an escaped % is literal')
        assert.deepEqual(ids(await search.findByNameLike('*')), [], '* is literal, not a wildcard')
        assert.deepEqual(ids(await search.findByNameLike('Red M%')), ['p04'])
        assert.deepEqual(ids(await search.findByNameLike('%e_ K%')), ['p01'])
        assert.deepEqual(ids(await search.findByDescriptionContaining('steel')), ['p01'])
        assert.deepEqual(ids(await search.findByStatus(ProductStatus.Active)), ['p01', 'p04', 'p05'])
        assert.deepEqual(ids(await search.findByStatusNot(ProductStatus.Active)), ['p02', 'p03', 'p06'])
        assert.deepEqual(ids(await search.findByStatusIn([ProductStatus.Draft, ProductStatus.Retired])), ['p02', 'p03', 'p06'])
        assert.deepEqual(ids(await search.findByStatusNotIn([ProductStatus.Draft, ProductStatus.Retired])), ['p01', 'p04', 'p05'])
        assert.deepEqual(ids(await search.findByPriceAmountLessThan(12)), ['p04', 'p06'])
        assert.deepEqual(ids(await search.findByPriceAmountGreaterThanEqual(30)), ['p02', 'p03'])
        assert.deepEqual(
          (await search.findByPriceAmountBetweenOrderByPriceAmountDesc(12, 30)).map((p: { id: string }) => p.id),
          ['p02', 'p01', 'p05'],
        )
        assert.deepEqual(ids(await search.findBySoldUnitsGreaterThan(9007199254740992n)), ['p04'])
        assert.deepEqual(ids(await search.findByCreatedAtBefore(new Date(Date.UTC(2026, 0, 3)))), ['p01', 'p02'])
        assert.deepEqual(ids(await search.findByCreatedAtAfter(new Date(Date.UTC(2026, 0, 5)))), ['p06'])
        assert.deepEqual(ids(await search.findByDiscontinuedAtIsNull()), ['p01', 'p03', 'p04', 'p05', 'p06'])
        assert.deepEqual(ids(await search.findByDiscontinuedAtIsNotNull()), ['p02'])
        assert.deepEqual(ids(await search.findByDimensionsIsNull()), ['p03'])
        assert.deepEqual(ids(await search.findByVariantsIsNull()), ['p06'], 'an empty list of nested objects')
        assert.deepEqual(ids(await search.findByFeaturedTrue()), ['p01', 'p05'])
        assert.deepEqual(ids(await search.findByFeaturedFalse()), ['p02', 'p03', 'p04', 'p06'])
        assert.deepEqual(ids(await search.findByStatusAndFeaturedTrue(ProductStatus.Active)), ['p01', 'p05'])
        assert.deepEqual(ids(await search.findByStatusOrFeaturedTrue(ProductStatus.Draft)), ['p01', 'p02', 'p05', 'p06'])
        assert.deepEqual(
          (await search.findAllOrderByNameAsc()).map((p: { name: string }) => p.name),
          ['Blue Kettle', 'Espresso Cup', 'Green Teapot', 'Red Kettle', 'Red Mug_1', 'Spare Lid'],
        )
        assert.deepEqual(
          (await search.findFirst2ByStatusOrderByCreatedAtDesc(ProductStatus.Active)).map((p: { id: string }) => p.id),
          ['p05', 'p04'],
        )
        assert.equal(await search.countByStatus(ProductStatus.Active), 3)
        assert.equal(await search.existsBySku(new Sku('SKU-3')), true)
        assert.equal(await search.existsBySku(new Sku('SKU-9')), false)
        await assert.rejects(() => search.deleteByStatus(ProductStatus.Draft), /not implemented/)
      })

      it('returns entities as they were indexed (bigint beyond 2^53, dates, value objects)', async () => {
        const found = await search.findById('p04')
        assert.deepEqual(found, product(4, { name: 'Red Mug_1', status: domain.ProductStatus.Active, amount: 8, soldUnits: 9007199254740993n }))
      })

      it('pages with exact totals, from/size within the window and search_after beyond it (same results)', async () => {
        const { ProductStatus } = domain
        for (const adapter of [search, deep]) {
          const page1 = await adapter.findPageByStatus(ProductStatus.Active, { page: 1, pageSize: 2 })
          const page2 = await adapter.findPageByStatus(ProductStatus.Active, { page: 2, pageSize: 2 })
          assert.deepEqual(
            { ids: page1.items.map((p: { id: string }) => p.id), total: page1.total, hasNext: page1.hasNext },
            { ids: ['p01', 'p04'], total: 3, hasNext: true },
          )
          assert.deepEqual(
            { ids: page2.items.map((p: { id: string }) => p.id), page: page2.page, hasNext: page2.hasNext },
            { ids: ['p05'], page: 2, hasNext: false },
          )
          // every document, in batches of the window when it is small
          assert.equal((await adapter.findAllOrderByNameAsc()).length, 6)
        }
      })

      it('full-text search(text, page): multi_match over the text fields, best first, exact total', async () => {
        const kettles = await search.search('kettle', { page: 1, pageSize: 10 })
        assert.equal(kettles.total, 2)
        assert.deepEqual(kettles.items.map((p: { id: string }) => p.id).sort(), ['p01', 'p02'])
        const steel = await search.search('steel kettle', { page: 1, pageSize: 10 })
        assert.equal(steel.items[0].id, 'p01', 'the product matching both words (name and description) comes first')
      })
    })
  }
})
