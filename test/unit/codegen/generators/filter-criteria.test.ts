import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { readDomain } from '../../../../src/codegen/domain'
import { EntityMapper } from '../../../../src/codegen/generators/mapping'
import { planMethod, type MethodContext, type MethodPlan } from '../../../../src/codegen/generators/methods'
import { tableNameOf } from '../../../../src/codegen/generators/naming'
import { Needs } from '../../../../src/codegen/generators/needs'
import { knownDeclarations } from '../../../../src/codegen/generators/signature'
import { DEFAULT_WRITE_SETTINGS } from '../../../../src/codegen/generators/types'
import type { DomainModel } from '../../../../src/codegen/model'
import { method, port, readFixture } from '../domain/read-fixture'

/** the plans of a port's methods, by method name */
function plansOf(model: DomainModel, portName: string): Record<string, MethodPlan> {
  const p = port(model, portName)
  const entity = model.entities[p.entity!]!
  const mapping = new EntityMapper(model, entity, 'entity', { columns: DEFAULT_WRITE_SETTINGS.columns }).map(tableNameOf(entity.name))
  const ctx: MethodContext = { model, port: p, mapping, known: knownDeclarations(model), needs: new Needs() }
  return Object.fromEntries(p.methods.map((m) => [m.name, planMethod(m, ctx)]))
}

/** a throw-away project of one file `src/domain.ts` (an Item entity and its ItemRepository around `criteria`) */
function readSource(criteria: string, methods = 'search(criteria: Criteria): Promise<Item[]>'): DomainModel {
  const root = mkdtempSync(path.join(tmpdir(), 'infra-filter-'))
  try {
    writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, types: [] }, include: ['src'] }))
    mkdirSync(path.join(root, 'src'))
    const source = `export interface Item { id: string; name: string; price: number }
${criteria}
export interface ItemRepository { save(item: Item): Promise<void>; ${methods} }`
    writeFileSync(path.join(root, 'src', 'domain.ts'), source)
    return readDomain({ root, tsconfig: 'tsconfig.json', sourceRoot: 'src', portSuffixes: ['Repository'] })
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

const PLAIN = `export type Op = '=' | '>' | 'CONTAINS'
export interface Filter { field: string; operator: Op; value: unknown }`

describe('the common filter criteria shape, recognised by types', () => {
  it('reads plain interfaces: the filters, each part, the operator members, the order and the window', () => {
    const model = readFixture('filter-criteria')
    assert.deepEqual(model.diagnostics, [])
    const query = method(port(model, 'ArticleRepository'), 'search').parameters[0]!
    assert.deepEqual(query.type, {
      kind: 'object',
      name: 'ArticleQuery',
      module: { file: 'src/articles/article-criteria.ts', exportName: 'ArticleQuery', typeOnly: true },
      fields: [],
    })
    const shape = query.filterCriteria!
    assert.deepEqual(shape.filters, [{ name: 'filters', optional: false }])
    assert.deepEqual(
      [shape.field, shape.operator, shape.value],
      [[{ name: 'field', optional: false }], [{ name: 'operator', optional: false }], [{ name: 'value', optional: false }]],
    )
    assert.deepEqual(
      shape.operators.map((o) => o.value),
      ['=', '<>', '>', '>=', '<', '<=', 'CONTAINS', 'NOT_CONTAINS', 'STARTS_WITH', 'IN', 'NOT_IN', 'LIKE', 'REGEX'],
    )
    assert.deepEqual(shape.order, {
      path: [{ name: 'order', optional: true }],
      field: [{ name: 'field', optional: false }],
      direction: [{ name: 'direction', optional: false }],
      directions: [{ value: 'asc' }, { value: 'desc' }],
    })
    assert.deepEqual([shape.limit, shape.offset], [[{ name: 'limit', optional: true }], [{ name: 'offset', optional: true }]])
  })

  it('reads classes of value objects: each part unwrapped through its single member, number enum members with their names', () => {
    const model = readFixture('filter-criteria-classes')
    assert.deepEqual(model.diagnostics, [])
    const shape = method(port(model, 'VehicleRepository'), 'matching').parameters[0]!.filterCriteria!
    const read = (...names: string[]) => names.map((name) => ({ name, optional: false }))
    assert.deepEqual(shape.filters, read('criteria', 'items'))
    assert.deepEqual([shape.field, shape.operator, shape.value], [read('field', 'value'), read('comparator', 'value'), read('value', 'value')])
    assert.deepEqual(shape.operators[0], { value: 0, name: 'Equal' })
    assert.deepEqual(shape.order?.path, read('sorting'))
    assert.deepEqual([shape.order?.field, shape.order?.direction], [read('sortBy', 'value'), read('sortType', 'value')])
    assert.deepEqual(shape.order?.directions, [
      { value: 'asc', name: 'Asc' },
      { value: 'desc', name: 'Desc' },
      { value: 'none', name: 'None' },
    ])
    // the criteria classes are not read as value objects: they are not stored
    assert.deepEqual(Object.keys(model.valueObjects).sort(), ['VehicleId'])
  })

  it('plans the operator and direction tables by spelling, an unmappable member kept as null (it throws when used)', () => {
    const plans = plansOf(readFixture('filter-criteria-classes'), 'VehicleRepository')
    const matching = plans.matching!
    assert.equal(matching.kind, 'filter')
    if (matching.kind !== 'filter') return
    assert.equal(matching.result, 'list')
    assert.deepEqual(
      matching.operators.map((o) => [o.name, o.comparison]),
      [
        ['Equal', 'equals'],
        ['NotEqual', 'not'],
        ['GreaterThan', 'greaterThan'],
        ['LessThanOrEqual', 'lessThanEqual'],
        ['StartsWith', 'startingWith'],
        ['Contains', 'containing'],
        ['Matches', null],
      ],
    )
    assert.deepEqual(
      matching.directions.map((d) => d.direction),
      ['ASC', 'DESC', 'none'],
    )
    assert.deepEqual(matching.unmapped, ['operator Matches (6)'])
    // every single-column property is queryable, by property name
    assert.deepEqual(
      matching.columns.map((c) => `${c.property}:${c.column}:${c.kind}`),
      ['id:id:string', 'plate:plate:string', 'seats:seats:number', 'powertrain:powertrain:enum', 'active:active:boolean'],
    )
    assert.equal(plans.count!.kind === 'filter' && plans.count!.result, 'count')
  })

  it('leaves JSON and flattened value objects out of the queryable properties', () => {
    const model = readSource(`${PLAIN}
export interface Criteria { filters: Filter[] }`)
    const plans = plansOf(model, 'ItemRepository')
    assert.equal(plans.search!.kind, 'filter')
    const withParts = readFixture('filter-criteria')
    const search = plansOf(withParts, 'ArticleRepository').search!
    assert.ok(search.kind === 'filter' && !search.columns.some((c) => c.property === 'labels'))
  })

  it('is not the shape when the criteria has a member the query would ignore, or field and value cannot be told apart', () => {
    const extra = readSource(`${PLAIN}
export interface Criteria { filters: Filter[]; cursor?: string }`)
    assert.equal(method(port(extra, 'ItemRepository'), 'search').parameters[0]!.filterCriteria, undefined)
    assert.equal(plansOf(extra, 'ItemRepository').search!.kind, 'stub')
    const twoStrings = readSource(`export type Op = '=' | '>'
export interface Filter { left: string; operator: Op; right: string }
export interface Criteria { filters: Filter[] }`)
    assert.equal(method(port(twoStrings, 'ItemRepository'), 'search').parameters[0]!.filterCriteria, undefined)
    // `keyof Item` tells the field from a string value by type
    const keyOf = readSource(`export type Op = '=' | '>'
export interface Filter { left: string; operator: Op; right: keyof Item }
export interface Criteria { filters: Filter[] }`)
    assert.deepEqual(method(port(keyOf, 'ItemRepository'), 'search').parameters[0]!.filterCriteria?.field, [{ name: 'right', optional: false }])
  })

  it('is a stub with the reason when the method returns something else or takes more than the criteria', () => {
    const model = readSource(
      `${PLAIN}
export interface Criteria { filters: Filter[] }`,
      'first(criteria: Criteria): Promise<Item | null>; within(criteria: Criteria, shop: string): Promise<Item[]>',
    )
    const plans = plansOf(model, 'ItemRepository')
    assert.equal(plans.first!.kind, 'stub')
    assert.match(plans.first!.notImplemented!, /takes filter criteria but returns Promise<Item \| null>; infra can return the matching rows/)
    assert.match(plans.within!.notImplemented!, /takes the criteria "criteria: Criteria" with other parameters/)
  })
})
