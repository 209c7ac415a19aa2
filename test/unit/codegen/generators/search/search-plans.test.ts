import assert from 'node:assert/strict'
import path from 'node:path'
import { describe, it } from 'node:test'
import { readDomain } from '../../../../../src/codegen/domain'
import { EntityMapper } from '../../../../../src/codegen/generators/mapping'
import { searchFields } from '../../../../../src/codegen/generators/search/fields'
import { planSearchMethod, type SearchMethodPlan } from '../../../../../src/codegen/generators/search/plan'
import { generateSearch, isSearchArtifactPath, searchClassName } from '../../../../../src/codegen/generators/search/search-generator'
import type { GenerateOptions } from '../../../../../src/codegen/generators/types'
import { portRoles, selectFromModel } from '../../../../../src/codegen/pipeline/select'
import { REPO_ROOT } from '../../../../support/services'

const model = readDomain({
  root: path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'catalog-search'),
  tsconfig: 'tsconfig.json',
  sourceRoot: 'src',
  portSuffixes: ['Repository', 'Search'],
})
const port = model.ports.find((p) => p.name === 'ProductSearch')!
const mapping = new EntityMapper(model, model.entities.Product!, 'entity', { target: 'document' }).map('products')
const fields = searchFields(model, mapping)
const plan = (name: string): SearchMethodPlan =>
  planSearchMethod(
    port.methods.find((m) => m.name === name)!,
    { mapping, fields },
  )
const options: GenerateOptions = {
  infrastructureDir: 'src/infrastructure',
  migrationsDir: 'infra/migrations',
  existingMigration: () => undefined,
  now: new Date(0),
}
const value = (parameter: number, store = '$', list = false, text = false) => ({ parameter, list, store, text })
const text = (parameter: number) => value(parameter, '$', false, true)
const byId = { field: 'id', order: 'asc' }

describe('search ports', () => {
  it('are ports named by a search suffix or listed in generate.search.ports; the others stay repositories', () => {
    assert.deepEqual(portRoles(port), ['search'])
    assert.deepEqual(portRoles({ ...port, name: 'ProductRepository' }), ['repository'])
    assert.deepEqual(portRoles({ ...port, name: 'Catalog' }, { suffixes: [], ports: ['Catalog'] }), ['search'])
    const selected = selectFromModel(model, { ports: { roles: ['search'] }, entities: 'stored-by-selected-ports' }, { ports: [], all: true })
    assert.deepEqual(
      selected.ports.map((p) => p.name),
      ['ProductSearch'],
    )
    assert.equal(searchClassName('IProductSearchPort'), 'ElasticProductSearch')
  })
})

describe('index fields from the entity', () => {
  it('types each document field: keyword ids and enums, text with a keyword subfield, free text, numbers, dates, nested lists', () => {
    assert.deepEqual(
      fields.map((f) => `${f.field.name}:${f.field.kind}:${f.exact}`),
      [
        'id:keyword:id',
        'sku:text:sku.keyword',
        'name:text:name.keyword',
        'description:long-text:null',
        'status:keyword:status',
        'price_amount:double:price_amount',
        'price_currency:text:price_currency.keyword',
        'featured:boolean:featured',
        'sold_units:long:sold_units',
        'tags:text:tags.keyword',
        'variants:nested:variants',
        'created_at:date:created_at',
        'discontinued_at:date:discontinued_at',
        'dimensions_width_mm:double:dimensions_width_mm',
        'dimensions_height_mm:double:dimensions_height_mm',
      ],
    )
    assert.deepEqual(
      fields.find((f) => f.field.name === 'variants')!.field.properties!.map((p) => `${p.name}:${p.kind}`),
      ['color:text', 'stock:double'],
    )
  })
})

describe('search method plans', () => {
  it('equality on text compares the keyword subfield; value objects and dates are stored as the document holds them', () => {
    assert.deepEqual(plan('findByName'), {
      kind: 'find',
      name: 'findByName',
      query: [[{ kind: 'term', field: 'name.keyword', value: text(0) }]],
      sort: [byId],
      window: { kind: 'all' },
      result: { kind: 'list' },
      summary: 'search, where name term',
    })
    assert.deepEqual((plan('findBySku') as { query: unknown }).query, [[{ kind: 'term', field: 'sku.keyword', value: value(0, '$.value') }]])
    assert.deepEqual((plan('findByCreatedAtBefore') as { query: unknown }).query, [
      [{ kind: 'range', field: 'created_at', bounds: [{ op: 'lt', value: value(0, '$.toISOString()') }] }],
    ])
    assert.deepEqual((plan('findBySoldUnitsGreaterThan') as { query: unknown }).query, [
      [{ kind: 'range', field: 'sold_units', bounds: [{ op: 'gt', value: value(0, '$.toString()') }] }],
    ])
  })

  it('maps every operator kind to its clause', () => {
    const query = (name: string) => (plan(name) as { query: unknown }).query
    assert.deepEqual(query('findByNameContaining'), [[{ kind: 'match', field: 'name', value: text(0) }]])
    assert.deepEqual(query('findByNameStartingWith'), [[{ kind: 'prefix', field: 'name.keyword', value: text(0) }]])
    assert.deepEqual(query('findByNameEndingWith'), [[{ kind: 'wildcard', field: 'name.keyword', value: text(0), pattern: 'suffix' }]])
    assert.deepEqual(query('findByNameLike'), [[{ kind: 'wildcard', field: 'name.keyword', value: text(0), pattern: 'like' }]])
    assert.deepEqual(query('findByStatusNot'), [[{ kind: 'not', clause: { kind: 'term', field: 'status', value: value(0) } }]])
    assert.deepEqual(query('findByStatusIn'), [[{ kind: 'terms', field: 'status', value: value(0, '$', true) }]])
    assert.deepEqual(query('findByStatusNotIn'), [[{ kind: 'not', clause: { kind: 'terms', field: 'status', value: value(0, '$', true) } }]])
    assert.deepEqual(query('findByPriceAmountBetweenOrderByPriceAmountDesc'), [
      [
        {
          kind: 'range',
          field: 'price_amount',
          bounds: [
            { op: 'gte', value: value(0) },
            { op: 'lte', value: value(1) },
          ],
        },
      ],
    ])
    assert.deepEqual(query('findByDiscontinuedAtIsNull'), [[{ kind: 'not', clause: { kind: 'exists', field: 'discontinued_at' } }]])
    assert.deepEqual(query('findByDiscontinuedAtIsNotNull'), [[{ kind: 'exists', field: 'discontinued_at' }]])
    assert.deepEqual(query('findByDimensionsIsNull'), [[{ kind: 'not', clause: { kind: 'exists', field: 'dimensions_width_mm' } }]])
    assert.deepEqual(query('findByFeaturedTrue'), [[{ kind: 'term', field: 'featured', value: true }]])
    assert.deepEqual(query('findByStatusAndFeaturedTrue'), [
      [
        { kind: 'term', field: 'status', value: value(0) },
        { kind: 'term', field: 'featured', value: true },
      ],
    ])
    assert.deepEqual(query('findByStatusOrFeaturedTrue'), [
      [{ kind: 'term', field: 'status', value: value(0) }],
      [{ kind: 'term', field: 'featured', value: true }],
    ])
  })

  it('sorts with the id last, limits, pages, counts and checks existence', () => {
    const ordered = plan('findByPriceAmountBetweenOrderByPriceAmountDesc') as { sort: unknown }
    assert.deepEqual(ordered.sort, [{ field: 'price_amount', order: 'desc' }, byId])
    assert.deepEqual((plan('findAllOrderByNameAsc') as { sort: unknown }).sort, [{ field: 'name.keyword', order: 'asc' }, byId])
    assert.deepEqual((plan('findFirst2ByStatusOrderByCreatedAtDesc') as { window: unknown }).window, { kind: 'first', size: 2 })
    assert.deepEqual((plan('findById') as { result: unknown }).result, { kind: 'one', absent: 'null' })
    const page = plan('findPageByStatus') as { window: unknown; result: unknown }
    assert.deepEqual(page.window, {
      kind: 'page',
      parameter: 1,
      request: { size: { field: 'pageSize', optional: false }, page: { field: 'page', optional: false }, optional: false },
    })
    assert.deepEqual(page.result, {
      kind: 'page',
      fields: [
        { name: 'items', role: 'items' },
        { name: 'total', role: 'total' },
        { name: 'page', role: 'page' },
        { name: 'pageSize', role: 'pageSize' },
        { name: 'hasNext', role: 'hasNext' },
      ],
      construct: 'object-literal',
    })
    assert.equal(plan('countByStatus').kind, 'count')
    assert.equal(plan('existsBySku').kind, 'exists')
  })

  it('plans search(text, page) as a full-text search over the text fields, best first', () => {
    const search = plan('search') as Extract<SearchMethodPlan, { kind: 'full-text' }>
    assert.equal(search.kind, 'full-text')
    assert.deepEqual(search.fields, ['sku', 'name', 'description', 'price_currency', 'tags'])
    assert.deepEqual(search.sort, [{ field: '_score', order: 'desc' }, byId])
  })

  it('stubs what a search cannot do, with the reason', () => {
    assert.deepEqual(plan('deleteByStatus'), {
      kind: 'stub',
      name: 'deleteByStatus',
      reason: "deleteByStatus deletes; a search adapter only reads (the generated indexer's remove() deletes a document)",
    })
    const longText = planSearchMethod({ ...port.methods.find((m) => m.name === 'findByName')!, name: 'findByDescription' }, { mapping, fields })
    assert.equal(longText.kind, 'stub')
    assert.match((longText as { reason: string }).reason, /description is free text: equality needs an exact form/)
  })
})

describe('generateSearch', () => {
  it('writes the client once, per entity a document mapper, an indexer and the index definition, per port the search class', () => {
    const result = generateSearch(model, [port], { ...options, indexDir: 'infra/elastic', searchRefresh: 'wait_for' })
    assert.deepEqual(result.artifacts.map((a) => `${a.template} ${a.path}`).sort(), [
      'persistence/elastic/client.ts.hbs src/infrastructure/persistence/elastic/client.ts',
      'persistence/elastic/document.ts.hbs src/infrastructure/persistence/elastic/documents/product.document.ts',
      'persistence/elastic/index.yaml.hbs infra/elastic/products.yaml',
      'persistence/elastic/indexer.ts.hbs src/infrastructure/persistence/elastic/indexers/product.indexer.ts',
      'persistence/elastic/search.ts.hbs src/infrastructure/persistence/elastic/search/elastic-product-search.ts',
      // storedMember checks the enums read back
      'persistence/mysql/errors.ts.hbs src/infrastructure/persistence/mysql/errors.ts',
    ])
    assert.equal(result.artifacts.find((a) => a.template.includes('indexer'))!.data.refresh, "'wait_for'")
    assert.deepEqual(result.warnings.length, 1)
    // the shared errors module is no search artifact (the repository generator writes it too): never reported as an orphan
    for (const artifact of result.artifacts.filter((a) => a.path.endsWith('.ts') && !a.path.endsWith('/persistence/mysql/errors.ts')))
      assert.ok(isSearchArtifactPath(artifact.path, options), artifact.path)
    assert.equal(isSearchArtifactPath('src/infrastructure/persistence/elastic/my-own.ts', options), false)
  })
})
