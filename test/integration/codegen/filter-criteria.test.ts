// test/fixtures/domains/filter-criteria and filter-criteria-classes: methods taking the common criteria shape (filters
// of field, operator and value; an order; limit and offset), as plain interfaces and as classes of value objects, are
// generated as parameterised queries on MariaDB: each field checked against the entity's queryable properties, each
// operator through the table read from its type, every value bound; an unknown field, operator or direction and a bad
// limit are refused before any SQL is sent.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Sequelize } from 'sequelize'
import { REPO_ROOT } from '../../support/services'
import { compileAndMigrate, generateOnMariaDb, type GeneratedOnMariaDb, loadCompiled } from './generate-example'

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'domains')

/** the SQL statements the connection sends while `work` runs */
async function statementsDuring(sequelize: Sequelize, work: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = []
  const { options } = sequelize as unknown as { options: { logging: unknown } }
  const previous = options.logging
  options.logging = (sql: string) => sent.push(sql)
  try {
    await work()
  } catch {
    // the caller asserts on the error separately
  } finally {
    options.logging = previous
  }
  return sent
}

type Comparison = '=' | '<>' | '>' | '>=' | '<' | '<=' | 'CONTAINS' | 'NOT_CONTAINS' | 'STARTS_WITH' | 'IN' | 'NOT_IN' | 'LIKE' | 'REGEX'
interface Article {
  readonly id: string
  readonly slug: { readonly value: string }
  readonly title: string
  readonly kind: 'news' | 'review' | 'opinion'
  readonly views: number
  readonly featured: boolean
  readonly publishedAt: Date | null
  readonly labels: string[]
}
interface ArticleQuery {
  filters: { field: string; operator: Comparison; value: unknown }[]
  order?: { field: string; direction: 'asc' | 'desc' }
  limit?: number
  offset?: number
}
interface ArticleModules {
  Article: new (...args: [string, { value: string }, string, Article['kind'], number, boolean, Date | null, string[]]) => Article
  Slug: new (value: string) => { value: string }
  MysqlArticleRepository: new (sequelize: Sequelize) => {
    save(article: Article): Promise<void>
    search(query: ArticleQuery): Promise<Article[]>
    countMatching(query: ArticleQuery): Promise<number>
  }
  InvalidCriteriaError: new (...args: never[]) => Error & { part: string; given: string; allowed: string[] }
}

describe('generate repository: the common filter criteria shape (plain interfaces), against MariaDB', () => {
  let project: GeneratedOnMariaDb | undefined
  let m: ArticleModules
  before(async () => {
    project = await generateOnMariaDb(path.join(FIXTURES, 'filter-criteria'), 'fx_filter_plain')
  })
  after(async () => project?.close())

  it('warns once per method for the operator member it cannot translate (REGEX), and the code compiles', async () => {
    const { root, warnings } = project!
    assert.equal(warnings.length, 2, warnings.join('\n'))
    assert.match(warnings[0]!, /^src\/articles\/article-repository\.ts:7: ArticleRepository\.search: operator "REGEX" has no SQL translation/)
    assert.match(warnings[1]!, /^src\/articles\/article-repository\.ts:8: ArticleRepository\.countMatching: operator "REGEX"/)
    await compileAndMigrate(project!)
    m = loadCompiled<ArticleModules>(root, [
      'articles/article',
      'infrastructure/repository/mysql-article-repository',
      'infrastructure/persistence/mysql/errors',
    ])
  })

  it('translates each operator, the order, limit and offset into a query over real rows', async () => {
    const repo = new m.MysqlArticleRepository(project!.sequelize)
    const rows: [string, string, Article['kind'], number, boolean][] = [
      ['A1', 'Rust 2%_done', 'news', 10, true],
      ['A2', 'Rusty tools', 'review', 250, false],
      ['A3', 'Go routines', 'news', 40, true],
      ['A4', 'Why Rust', 'opinion', 40, false],
      ['A5', 'Zig', 'review', 5, true],
    ]
    for (const [id, title, kind, views, featured] of rows)
      await repo.save(new m.Article(id, new m.Slug(`s-${id}`), title, kind, views, featured, new Date('2024-01-02T00:00:00Z'), ['x']))
    const ids = async (query: ArticleQuery) => (await repo.search(query)).map((a) => a.id)
    const one = (field: string, operator: Comparison, value: unknown): ArticleQuery => ({ filters: [{ field, operator, value }] })

    assert.deepEqual(await ids(one('kind', '=', 'news')), ['A1', 'A3'])
    assert.deepEqual(await ids(one('kind', '<>', 'news')), ['A2', 'A4', 'A5'])
    assert.deepEqual(await ids(one('views', '>', 40)), ['A2'])
    assert.deepEqual(await ids(one('views', '>=', 40)), ['A2', 'A3', 'A4'])
    assert.deepEqual(await ids(one('views', '<', 40)), ['A1', 'A5'])
    assert.deepEqual(await ids(one('views', '<=', '10')), ['A1', 'A5'])
    // CONTAINS and STARTS_WITH match the text literally (% and _ escaped); LIKE takes the caller's pattern
    assert.deepEqual(await ids(one('title', 'CONTAINS', 'Rust')), ['A1', 'A2', 'A4'])
    assert.deepEqual(await ids(one('title', 'CONTAINS', '2%_')), ['A1'])
    assert.deepEqual(await ids(one('title', 'CONTAINS', '%')), ['A1'])
    assert.deepEqual(await ids(one('title', 'NOT_CONTAINS', 'Rust')), ['A3', 'A5'])
    assert.deepEqual(await ids(one('title', 'STARTS_WITH', 'Rust')), ['A1', 'A2'])
    assert.deepEqual(await ids(one('title', 'LIKE', '%o%s')), ['A2', 'A3'])
    assert.deepEqual(await ids(one('id', 'IN', ['A2', 'A5', 'nope'])), ['A2', 'A5'])
    assert.deepEqual(await ids(one('kind', 'NOT_IN', ['news', 'review'])), ['A4'])
    // a boolean column compares true/false, also given as text; a value object's column compares its stored value
    assert.deepEqual(await ids(one('featured', '=', 'true')), ['A1', 'A3', 'A5'])
    assert.deepEqual(await ids(one('featured', '=', false)), ['A2', 'A4'])
    assert.deepEqual(await ids(one('slug', '=', 's-A4')), ['A4'])
    // filters are AND-ed; no filter is every row
    assert.deepEqual(
      await ids({
        filters: [
          { field: 'kind', operator: '=', value: 'news' },
          { field: 'views', operator: '>', value: 20 },
        ],
      }),
      ['A3'],
    )
    assert.deepEqual(await ids({ filters: [] }), ['A1', 'A2', 'A3', 'A4', 'A5'])
    // the order on a checked column, then by id; limit and offset
    assert.deepEqual(await ids({ filters: [], order: { field: 'views', direction: 'desc' } }), ['A2', 'A3', 'A4', 'A1', 'A5'])
    assert.deepEqual(await ids({ filters: [], order: { field: 'title', direction: 'asc' }, limit: 2 }), ['A3', 'A1'])
    assert.deepEqual(await ids({ filters: [], order: { field: 'views', direction: 'asc' }, limit: 2, offset: 2 }), ['A3', 'A4'])
    assert.deepEqual(await ids({ filters: [], limit: 0 }), [])
    assert.equal(await repo.countMatching({ filters: [{ field: 'featured', operator: '=', value: true }], limit: 1 }), 3)
    const found = (await repo.search(one('id', '=', 'A2')))[0]!
    assert.deepEqual(
      { slug: found.slug.value, title: found.title, views: found.views, featured: found.featured },
      { slug: 's-A2', title: 'Rusty tools', views: 250, featured: false },
    )
  })

  it('refuses an unknown field, operator or direction, a value of the wrong shape and a bad limit before any SQL', async () => {
    const repo = new m.MysqlArticleRepository(project!.sequelize)
    const refused = async (query: ArticleQuery, part: string, message: RegExp) => {
      const sent = await statementsDuring(project!.sequelize, () => repo.search(query))
      assert.deepEqual(sent, [])
      await assert.rejects(repo.search(query), (error: unknown) => {
        assert.ok(error instanceof m.InvalidCriteriaError, String(error))
        assert.equal(error.part, part)
        assert.match(error.message, message)
        return true
      })
    }
    // (what a refusal is compared with: an accepted criteria does send its query)
    assert.equal((await statementsDuring(project!.sequelize, () => repo.search({ filters: [] }))).length, 1)
    // not a property, a JSON property, and SQL text as a field: none reaches the query
    await refused(
      { filters: [{ field: 'colour', operator: '=', value: 'red' }] },
      'field',
      /criteria field "colour" is not allowed \(allowed: id, slug, title, kind, views, featured, publishedAt\)/,
    )
    await refused({ filters: [{ field: 'labels', operator: '=', value: 'x' }] }, 'field', /"labels"/)
    await refused({ filters: [{ field: 'id; DROP TABLE articles', operator: '=', value: 1 }] }, 'field', /"id; DROP TABLE articles"/)
    await refused(
      { filters: [{ field: 'title', operator: 'MATCHES' as Comparison, value: 'x' }] },
      'operator',
      /operator "MATCHES" is not allowed \(allowed: =, <>, >, >=/,
    )
    await refused({ filters: [{ field: 'title', operator: 'REGEX', value: '^R' }] }, 'operator', /operator "REGEX" has no SQL translation/)
    await refused(
      { filters: [], order: { field: 'title', direction: 'sideways' as 'asc' } },
      'direction',
      /direction "sideways" is not allowed \(allowed: asc, desc\)/,
    )
    await refused({ filters: [], order: { field: 'colour', direction: 'asc' } }, 'field', /"colour"/)
    await refused({ filters: [{ field: 'id', operator: 'IN', value: 'A1' }] }, 'value', /a list of values/)
    await refused({ filters: [{ field: 'id', operator: '=', value: { toString: () => 'A1' } }] }, 'value', /a string, number/)
    await refused({ filters: [], limit: -1 }, 'limit', /limit "-1"/)
    await refused({ filters: [], offset: 1.5 }, 'offset', /offset "1.5"/)
  })
})

/** the fixture's enums, read from its compiled module (Comparator is a number enum) */
interface Comparators {
  Equal: number
  NotEqual: number
  GreaterThan: number
  LessThanOrEqual: number
  StartsWith: number
  Contains: number
  Matches: number
}
type Comparator = number
type SortOrder = string

interface Vehicle {
  readonly id: { readonly value: string }
  readonly plate: string
  readonly seats: number
  readonly powertrain: string
  readonly active: boolean
}
interface FleetModules {
  Vehicle: { restore(id: { value: string }, plate: string, seats: number, powertrain: string, active: boolean): Vehicle }
  VehicleId: new (value: string) => { value: string }
  Comparator: Comparators
  SortOrder: { Asc: SortOrder; Desc: SortOrder; None: SortOrder }
  Criterion: { of(field: string, comparator: Comparator, value: string): unknown }
  Criteria: new (items: unknown[]) => unknown
  SortField: new (value: string) => unknown
  SortType: new (value: SortOrder) => unknown
  Sorting: (new (by: unknown, type: unknown) => unknown) & { unsorted(): unknown }
  Query: new (criteria: unknown, sorting: unknown, limit?: number, offset?: number) => unknown
  MysqlVehicleRepository: new (sequelize: Sequelize) => {
    save(vehicle: Vehicle): Promise<void>
    matching(query: unknown): Promise<Vehicle[]>
    count(query: unknown): Promise<number>
  }
  InvalidCriteriaError: new (...args: never[]) => Error & { part: string }
}

describe('generate repository: the filter criteria shape as classes of value objects, against MariaDB', () => {
  let project: GeneratedOnMariaDb | undefined
  let m: FleetModules
  before(async () => {
    project = await generateOnMariaDb(path.join(FIXTURES, 'filter-criteria-classes'), 'fx_filter_classes')
  })
  after(async () => project?.close())

  it('warns for the number enum member it cannot translate (Matches), and the code compiles', async () => {
    const { root, warnings } = project!
    assert.equal(warnings.length, 2, warnings.join('\n'))
    assert.match(warnings[0]!, /^src\/fleet\/vehicle-repository\.ts:7: VehicleRepository\.matching: operator Matches \(6\) has no SQL translation/)
    await compileAndMigrate(project!)
    m = loadCompiled<FleetModules>(root, [
      'fleet/vehicle',
      'fleet/criteria',
      'infrastructure/repository/mysql-vehicle-repository',
      'infrastructure/persistence/mysql/errors',
    ])
  })

  it('unwraps each value object, maps the enum members by name, orders (none: by id only), limits and counts', async () => {
    const repo = new m.MysqlVehicleRepository(project!.sequelize)
    const fleet: [string, string, number, string, boolean][] = [
      ['V1', 'AB-100', 5, 'petrol', true],
      ['V2', 'AB-200', 2, 'electric', true],
      ['V3', 'CD-300', 7, 'diesel', false],
      ['V4', 'AB-400', 5, 'electric', false],
    ]
    for (const [id, plate, seats, powertrain, active] of fleet) await repo.save(m.Vehicle.restore(new m.VehicleId(id), plate, seats, powertrain, active))
    const query = (criteria: [string, Comparator, string][], sorting = m.Sorting.unsorted(), limit?: number, offset?: number) =>
      new m.Query(new m.Criteria(criteria.map(([f, c, v]) => m.Criterion.of(f, c, v))), sorting, limit, offset)
    const ids = async (q: unknown) => (await repo.matching(q)).map((v) => v.id.value)
    const sorted = (field: string, order: SortOrder) => new m.Sorting(new m.SortField(field), new m.SortType(order))

    assert.deepEqual(await ids(query([['powertrain', m.Comparator.Equal, 'electric']])), ['V2', 'V4'])
    assert.deepEqual(await ids(query([['powertrain', m.Comparator.NotEqual, 'electric']])), ['V1', 'V3'])
    assert.deepEqual(await ids(query([['seats', m.Comparator.GreaterThan, '4']])), ['V1', 'V3', 'V4'])
    assert.deepEqual(await ids(query([['seats', m.Comparator.LessThanOrEqual, '5']])), ['V1', 'V2', 'V4'])
    assert.deepEqual(await ids(query([['plate', m.Comparator.StartsWith, 'AB']])), ['V1', 'V2', 'V4'])
    assert.deepEqual(await ids(query([['plate', m.Comparator.Contains, '-4']])), ['V4'])
    assert.deepEqual(await ids(query([['active', m.Comparator.Equal, 'false']])), ['V3', 'V4'])
    assert.deepEqual(await ids(query([['id', m.Comparator.Equal, 'V3']])), ['V3'])
    assert.deepEqual(
      await ids(
        query([
          ['plate', m.Comparator.StartsWith, 'AB'],
          ['seats', m.Comparator.Equal, '5'],
        ]),
      ),
      ['V1', 'V4'],
    )
    assert.deepEqual(await ids(query([], sorted('seats', m.SortOrder.Desc))), ['V3', 'V1', 'V4', 'V2'])
    assert.deepEqual(await ids(query([], sorted('plate', m.SortOrder.Asc), 2, 1)), ['V2', 'V4'])
    assert.deepEqual(await ids(query([], m.Sorting.unsorted(), 3)), ['V1', 'V2', 'V3'])
    assert.equal(await repo.count(query([['plate', m.Comparator.StartsWith, 'AB']])), 3)
    const loaded = (await repo.matching(query([['id', m.Comparator.Equal, 'V2']])))[0]!
    assert.deepEqual(
      { plate: loaded.plate, seats: loaded.seats, powertrain: loaded.powertrain, active: loaded.active },
      { plate: 'AB-200', seats: 2, powertrain: 'electric', active: true },
    )
  })

  it('refuses an unknown field, the untranslated Matches and an unknown direction before any SQL', async () => {
    const repo = new m.MysqlVehicleRepository(project!.sequelize)
    const refused = async (q: unknown, part: string, message: RegExp) => {
      assert.deepEqual(await statementsDuring(project!.sequelize, () => repo.matching(q)), [])
      await assert.rejects(repo.matching(q), (error: unknown) => error instanceof m.InvalidCriteriaError && error.part === part && message.test(error.message))
    }
    assert.equal((await statementsDuring(project!.sequelize, () => repo.matching(new m.Query(new m.Criteria([]), m.Sorting.unsorted())))).length, 1)
    const criteria = (field: string, comparator: Comparator) => new m.Criteria([m.Criterion.of(field, comparator, 'x')])
    await refused(
      new m.Query(criteria('colour', m.Comparator.Equal), m.Sorting.unsorted()),
      'field',
      /"colour" is not allowed \(allowed: id, plate, seats, powertrain, active\)/,
    )
    await refused(new m.Query(criteria('plate', m.Comparator.Matches), m.Sorting.unsorted()), 'operator', /operator "Matches" has no SQL translation/)
    await refused(new m.Query(criteria('plate', 42), m.Sorting.unsorted()), 'operator', /operator "42" is not allowed \(allowed: Equal, NotEqual/)
    await refused(new m.Query(new m.Criteria([]), new m.Sorting(new m.SortField('plate'), new m.SortType('up'))), 'direction', /"up" is not allowed/)
  })
})
