import type { PageField, PortMethod, PortParameter, ReturnShape, TypeRef } from '../../model'
import { deriveQuery, type Condition, type DerivedQuery } from '../../query'
import type { EntityMapping } from '../mapping'
import { idAlias, parameterInfo, queryProperties } from '../methods'
import type { SearchField } from './fields'
import type { PageFieldRole } from '../repository/method-plan'

/** A value a clause compares with: a method parameter, converted to what the document stores. */
export interface ValueRef {
  /** index of the method parameter */
  readonly parameter: number
  /** the parameter is an array (terms) */
  readonly list: boolean
  /** stored-value conversion of one domain value `$` (`$.toISOString()`); `$` when none */
  readonly store: string
  /** the stored value is a string already (prefix, wildcard and match then need no `String(...)`) */
  readonly text: boolean
}

/** One leaf of a search query, backend-neutral enough to test as data; emit.ts writes it as Elasticsearch DSL. */
export type Clause =
  | { readonly kind: 'term'; readonly field: string; readonly value: ValueRef | boolean }
  | { readonly kind: 'terms'; readonly field: string; readonly value: ValueRef }
  | {
      readonly kind: 'range'
      readonly field: string
      readonly bounds: ReadonlyArray<{ readonly op: 'gt' | 'gte' | 'lt' | 'lte'; readonly value: ValueRef }>
    }
  /** full-text: every word of the value appears in the field (analysed) */
  | { readonly kind: 'match'; readonly field: string; readonly value: ValueRef }
  | { readonly kind: 'prefix'; readonly field: string; readonly value: ValueRef }
  /** `*value`, `*value*`, or a SQL LIKE pattern (% and _) turned into a wildcard at run time */
  | { readonly kind: 'wildcard'; readonly field: string; readonly value: ValueRef; readonly pattern: 'suffix' | 'infix' | 'like' }
  /** `nested`: a list of objects, which only a nested query can see */
  | { readonly kind: 'exists'; readonly field: string; readonly nested?: true }
  | { readonly kind: 'not'; readonly clause: Clause }

/** `where` of a DerivedQuery: an OR of AND-groups of clauses. */
export type SearchQuery = ReadonlyArray<ReadonlyArray<Clause>>

export interface SortField {
  readonly field: string
  readonly order: 'asc' | 'desc'
}

/** How many hits a find reads: all of them, the first N, or a page from the pagination parameter. */
export type Window =
  | { readonly kind: 'all' }
  | { readonly kind: 'first'; readonly size: number }
  | { readonly kind: 'page'; readonly parameter: number; readonly request: PageRequest }

/** Where a page request's numbers are: limit/pageSize, and offset or a 1-based page. */
export interface PageRequest {
  readonly size: { readonly field: string; readonly optional: boolean }
  readonly offset?: { readonly field: string; readonly optional: boolean }
  readonly page?: { readonly field: string; readonly optional: boolean }
  /** the request parameter itself is optional */
  readonly optional: boolean
}

/** What one search method returns from its hits. */
export type SearchResult =
  | { readonly kind: 'one'; readonly absent: 'null' | 'undefined' | 'throw' | 'option' }
  | { readonly kind: 'list' }
  | {
      readonly kind: 'page'
      readonly fields: ReadonlyArray<{ readonly name: string; readonly role: PageFieldRole }>
      readonly construct: 'object-literal' | 'new-with-props'
    }

export type SearchMethodPlan =
  | {
      readonly kind: 'find'
      readonly name: string
      readonly query: SearchQuery
      /** `_score` first for a full-text search; the id always last, so pages are stable */
      readonly sort: readonly SortField[]
      readonly window: Window
      readonly result: SearchResult
      readonly summary: string
    }
  | { readonly kind: 'count' | 'exists'; readonly name: string; readonly query: SearchQuery; readonly summary: string }
  | {
      readonly kind: 'full-text'
      readonly name: string
      /** the parameter holding the text, and the fields it is matched against */
      readonly text: number
      readonly fields: readonly string[]
      readonly sort: readonly SortField[]
      readonly window: Window
      readonly result: SearchResult
      readonly summary: string
    }
  | { readonly kind: 'stub'; readonly name: string; readonly reason: string }

/** What planning a search port's methods needs from the entity. */
export interface SearchContext {
  readonly mapping: EntityMapping
  readonly fields: readonly SearchField[]
}

/** `search(text)`, `searchProducts(text, page)`, `fullTextSearch(text)`: the full-text convention */
const FULL_TEXT = /^(search|fullTextSearch|searchText)([A-Z]\w*)?$/

/** Plans one method of a search port: the full-text convention, or a query derived from its name (the repositories' grammar). */
export function planSearchMethod(method: PortMethod, ctx: SearchContext): SearchMethodPlan {
  const stub = (reason: string): SearchMethodPlan => ({ kind: 'stub', name: method.name, reason })
  const entity = ctx.mapping.entity.name
  if (!method.returns.async) return stub(`${method.name} does not return a Promise; a search adapter can only implement asynchronous methods`)
  if (FULL_TEXT.test(method.name) && !/By[A-Z]/.test(method.name)) return planFullText(method, ctx, stub)

  const derived = deriveQuery({
    methodName: method.name,
    parameters: method.parameters.map(parameterInfo),
    properties: queryProperties(ctx),
    location: `${method.location.file}:${method.location.line}`,
    entityName: entity,
  })
  if (!derived.ok) return stub(derived.reason)
  const query = derived.query
  const where: Clause[][] = []
  for (const group of query.where) {
    const clauses: Clause[] = []
    for (const condition of group) {
      const clause = clauseOf(condition, method.parameters, ctx)
      if (typeof clause === 'string') return stub(clause)
      clauses.push(clause)
    }
    where.push(clauses)
  }
  const summary = describe(query)
  switch (query.subject) {
    case 'count':
      if (!isScalar(method.returns, 'number')) return stub(`${method.name} counts documents, so it must return Promise<number>`)
      return { kind: 'count', name: method.name, query: where, summary }
    case 'exists':
      if (!isScalar(method.returns, 'boolean')) return stub(`${method.name} must return Promise<boolean>`)
      return { kind: 'exists', name: method.name, query: where, summary }
    case 'delete':
      return stub(`${method.name} deletes; a search adapter only reads (the generated indexer's remove() deletes a document)`)
    case 'find':
      break
  }
  const sort: SortField[] = []
  for (const ordering of query.orderBy) {
    const field = fieldOfPath(ordering.property.path, ctx)
    if (!field?.exact) return stub(`${ordering.property.path} is free text and cannot be sorted on`)
    sort.push({ field: field.exact, order: ordering.direction === 'ASC' ? 'asc' : 'desc' })
  }
  const idField = idExact(ctx)
  if (!sort.some((s) => s.field === idField)) sort.push({ field: idField, order: 'asc' })
  const shaped = windowAndResult(method, query.paginationParameter, query.limit, entity)
  if (typeof shaped === 'string') return stub(shaped)
  return { kind: 'find', name: method.name, query: where, sort, ...shaped, summary }
}

function planFullText(method: PortMethod, ctx: SearchContext, stub: (reason: string) => SearchMethodPlan): SearchMethodPlan {
  const [text, ...rest] = method.parameters
  if (!text || !isPrimitiveType(text.type, 'string'))
    return stub(`${method.name} follows the full-text convention (search(text, page?)) but its first parameter is not a string`)
  const fields = ctx.fields.filter((f) => f.field.kind === 'text' || f.field.kind === 'long-text').map((f) => f.field.name)
  if (fields.length === 0) return stub(`${ctx.mapping.entity.name} has no text field to search`)
  if (rest.length > 1 || (rest.length === 1 && !rest[0]!.pagination))
    return stub(`${method.name}: after the text, a full-text search takes at most a pagination parameter`)
  const shaped = windowAndResult(method, rest.length === 1 ? 1 : undefined, undefined, ctx.mapping.entity.name)
  if (typeof shaped === 'string') return stub(shaped)
  const sort: SortField[] = [
    { field: '_score', order: 'desc' },
    { field: idExact(ctx), order: 'asc' },
  ]
  return { kind: 'full-text', name: method.name, text: 0, fields, sort, ...shaped, summary: `multi_match of the text over ${fields.join(', ')}, best first` }
}

function windowAndResult(
  method: PortMethod,
  pagination: number | undefined,
  limit: number | undefined,
  entity: string,
): { window: Window; result: SearchResult } | string {
  const returns = method.returns
  const parameter = pagination === undefined ? undefined : method.parameters[pagination]
  const request = parameter ? pageRequestOf(parameter) : undefined
  if (parameter && !request) return `the pagination parameter "${parameter.name}" has neither limit/offset nor page/pageSize fields`
  const window: Window =
    request && pagination !== undefined ? { kind: 'page', parameter: pagination, request } : limit ? { kind: 'first', size: limit } : { kind: 'all' }
  if (returns.kind === 'single' && isEntity(returns.type, entity)) {
    if (request) return `${method.name} returns one ${entity} but takes a pagination parameter`
    const absent = returns.wrapper?.kind === 'oxide-option' ? 'option' : returns.orNull ? 'null' : returns.orUndefined ? 'undefined' : 'throw'
    return { window: { kind: 'first', size: 1 }, result: { kind: 'one', absent } }
  }
  if (returns.kind === 'list' && isEntity(returns.element, entity)) return { window, result: { kind: 'list' } }
  if (returns.kind === 'page' && isEntity(returns.element, entity)) {
    if (!request) return `${method.name} returns a page but has no pagination parameter (e.g. { page, pageSize } or { limit, offset }) as its last parameter`
    const unknown = returns.fields.find((f) => (f.role === 'other' || f.role === 'cursor') && !f.optional)
    if (unknown) return `the page field "${unknown.name}" has no value a search can give`
    const fields = returns.fields.flatMap(({ name, role }) => (role === 'other' || role === 'cursor' ? [] : [{ name, role }]))
    return { window, result: { kind: 'page', fields, construct: returns.construct } }
  }
  return `${method.name} returns ${method.returnText}; a find method must return Promise<${entity} | null>, Promise<${entity}[]> or a page of ${entity}`
}

function pageRequestOf(parameter: PortParameter): PageRequest | undefined {
  const fields = parameter.pagination?.fields ?? []
  const role = (r: PageField['role']) => {
    const field = fields.find((f) => f.role === r)
    return field ? { field: field.name, optional: field.optional } : undefined
  }
  const size = role('limit') ?? role('pageSize')
  if (!size) return undefined
  const offset = role('offset')
  const page = role('page')
  return { size, optional: parameter.optional, ...(offset ? { offset } : page ? { page } : {}) }
}

/** The clause of one condition, or why it has none. */
function clauseOf(condition: Condition, parameters: readonly PortParameter[], ctx: SearchContext): Clause | string {
  const path = condition.property.path
  // an optional value object as a whole (IsNull/IsNotNull): tested on its first required field
  const whole = ctx.mapping.wholeValueObjects.find((w) => w.query.path === path)
  if (whole) {
    const exists: Clause = { kind: 'exists', field: whole.column.column }
    return condition.operator === 'isNull' ? { kind: 'not', clause: exists } : exists
  }
  const field = fieldOfPath(path, ctx)
  if (!field) return `${path} is not a field of the document`
  const name = field.field.name
  const [first, second] = condition.parameters
  const value = (index: number): ValueRef => {
    const parameter = parameters[index]!
    const type = parameter.type.kind === 'array' ? parameter.type.element : parameter.type
    // an argument typed as the stored primitive (`id: string` for an id class) is already the stored value
    const raw = type.kind === 'primitive' && field.column.domainType.kind !== 'primitive' && type.name !== 'bigint'
    const store = raw ? '$' : field.column.storeParameter('$')
    return { parameter: index, list: parameter.type.kind === 'array', store, text: store === '$' && type.kind === 'primitive' && type.name === 'string' }
  }
  const withExact = (build: (field: string) => Clause, operator: string): Clause | string =>
    field.exact ? build(field.exact) : `${path} is free text: ${operator} needs an exact form (use Containing for words)`
  switch (condition.operator) {
    case 'equals':
      return withExact((f) => ({ kind: 'term', field: f, value: value(first!) }), 'equality')
    case 'not':
      return withExact((f) => ({ kind: 'not', clause: { kind: 'term', field: f, value: value(first!) } }), 'Not')
    case 'in':
      return withExact((f) => ({ kind: 'terms', field: f, value: value(first!) }), 'In')
    case 'notIn':
      return withExact((f) => ({ kind: 'not', clause: { kind: 'terms', field: f, value: value(first!) } }), 'NotIn')
    case 'lessThan':
    case 'lessThanEqual':
    case 'greaterThan':
    case 'greaterThanEqual': {
      const op = ({ lessThan: 'lt', lessThanEqual: 'lte', greaterThan: 'gt', greaterThanEqual: 'gte' } as const)[condition.operator]
      return withExact((f) => ({ kind: 'range', field: f, bounds: [{ op, value: value(first!) }] }), 'a range')
    }
    case 'between':
      return withExact(
        (f) => ({
          kind: 'range',
          field: f,
          bounds: [
            { op: 'gte', value: value(first!) },
            { op: 'lte', value: value(second!) },
          ],
        }),
        'Between',
      )
    case 'like':
      return withExact((f) => ({ kind: 'wildcard', field: f, value: value(first!), pattern: 'like' }), 'Like')
    case 'startingWith':
      return withExact((f) => ({ kind: 'prefix', field: f, value: value(first!) }), 'StartingWith')
    case 'endingWith':
      return withExact((f) => ({ kind: 'wildcard', field: f, value: value(first!), pattern: 'suffix' }), 'EndingWith')
    case 'containing':
      // text is matched by words; an exact-only field (keyword) by substring
      if (field.field.kind === 'text' || field.field.kind === 'long-text') return { kind: 'match', field: name, value: value(first!) }
      return { kind: 'wildcard', field: name, value: value(first!), pattern: 'infix' }
    case 'isNull':
    case 'isNotNull': {
      if (field.field.kind === 'unindexed-object') return `${path} is kept but not indexed (no fixed shape): IsNull cannot test it`
      const exists: Clause = field.field.kind === 'nested' ? { kind: 'exists', field: name, nested: true } : { kind: 'exists', field: name }
      return condition.operator === 'isNull' ? { kind: 'not', clause: exists } : exists
    }
    case 'true':
      return { kind: 'term', field: name, value: true }
    case 'false':
      return { kind: 'term', field: name, value: false }
  }
}

function fieldOfPath(path: string, ctx: SearchContext): SearchField | undefined {
  const column =
    path === idAlias(ctx) && !ctx.mapping.columns.some((c) => c.query.path === path) ? ctx.mapping.id : ctx.mapping.columns.find((c) => c.query.path === path)
  return ctx.fields.find((f) => f.column === column)
}

function idExact(ctx: SearchContext): string {
  const id = ctx.fields.find((f) => f.column === ctx.mapping.id)!
  return id.exact ?? id.field.name
}

function describe(query: DerivedQuery): string {
  const words: Record<Condition['operator'], string> = {
    equals: 'term',
    not: 'not term',
    in: 'terms',
    notIn: 'not terms',
    lessThan: 'range lt',
    lessThanEqual: 'range lte',
    greaterThan: 'range gt',
    greaterThanEqual: 'range gte',
    between: 'range gte/lte',
    like: 'wildcard (LIKE)',
    startingWith: 'prefix',
    endingWith: 'wildcard *x',
    containing: 'match',
    isNull: 'not exists',
    isNotNull: 'exists',
    true: 'term true',
    false: 'term false',
  }
  const where = query.where.map((g) => g.map((c) => `${c.property.column} ${words[c.operator]}`).join(' AND ')).join(' OR ')
  const order = query.orderBy.map((o) => `${o.property.column} ${o.direction.toLowerCase()}`).join(', ')
  return [
    query.subject === 'find' ? 'search' : query.subject,
    where ? `where ${where}` : 'all documents',
    order && `sorted by ${order}`,
    query.limit && `first ${query.limit}`,
    query.paginationParameter !== undefined && 'paged (from/size, search_after beyond the result window)',
  ]
    .filter(Boolean)
    .join(', ')
}

function isEntity(type: TypeRef, entity: string): boolean {
  return type.kind === 'entity' && type.name === entity
}

function isPrimitiveType(type: TypeRef | { kind: 'object' }, name: string): boolean {
  return type.kind === 'primitive' && type.name === name
}

function isScalar(returns: ReturnShape, name: string): boolean {
  return returns.kind === 'scalar' && isPrimitiveType(returns.type, name)
}
