import type { DomainModel, ModuleRef, Port, PortMethod, PortParameter, ReturnShape, TypeRef } from '../model'
import { deriveQuery, type Condition, type DerivedQuery, type MethodParameterInfo, type QueryProperty } from '../query'
import type { ColumnPlan, EntityMapping } from './mapping'
import { criteriaWhereLines, matchCriteria, type CriteriaField } from './criteria'
import { Needs } from './needs'
import { stringLiteral } from './layout'
import { signatureOf } from './signature'

/**
 * What a method does, as the name of the template partial that renders its body
 * (templates/repository/partials/<kind>.hbs; a project override of one partial changes exactly the methods of that kind).
 */
export type OperationKind = 'save' | 'save-many' | 'update' | 'delete' | 'exists' | 'count' | 'find-one' | 'find-many' | 'find-page' | 'stub'

export interface MethodPlan {
  readonly name: string
  readonly kind: OperationKind
  readonly async: boolean
  /** a stub whose signature cannot be written out (a generic member): declared as `readonly name: Port['name'] = () => ...` */
  readonly property?: boolean
  readonly parameters: string
  readonly returnType: string
  /** lines of the body, without the method's indentation */
  readonly body: readonly string[]
  /** set when the method could not be generated: the body throws and the command warns */
  readonly notImplemented?: string
  /** one line saying what the method does (the derived query, in SQL terms) */
  readonly summary: string
  /** columns an index should cover for this method's query (equality columns first) */
  readonly indexColumns?: readonly string[]
  /** what the body needs from the file's imports and helpers (recorded while it was planned, never read back from text) */
  readonly uses: { readonly op: boolean; readonly escapeLike: boolean; readonly helpers: readonly RepositoryHelper[]; readonly notFound: boolean }
  /** a single-result finder on these columns: they form a unique key (unless the config says otherwise) */
  readonly uniqueColumns?: readonly string[]
}

/** The repository class's private write/read helpers a body calls (the class declares only those). */
export type RepositoryHelper = 'write' | 'writeMany' | 'remove' | 'loaded'

/** A plan while it is being built: `uses` is added once, by planMethod. */
type Planned = Omit<MethodPlan, 'uses'>

export interface MethodContext {
  readonly model: DomainModel
  readonly port: Port
  readonly mapping: EntityMapping
  readonly known: Map<string, ModuleRef>
  /** declarations the repository file imports */
  needs: Needs
  /** names of the mapper functions */
  readonly toRow: string
  readonly toDomain: string
  /** the parameters of the method being planned */
  methodParameters: readonly PortParameter[]
  /** set when a method needs the LIKE escaping helper */
  usesLikeEscape: boolean
  usesOp: boolean
}

const SAVE_MANY = /^(save|persist|store|upsert|add|create|insert|update|put)(Many|All|Batch|Bulk)$/
const DELETE = /^(delete|remove)$/
const EXISTS = /^(exists|has|contains)$/
const FIND_BY_IDS = /^(find|get)(All)?By(Ids|IdIn)$/

/** Plans one method of the repository: conventional CRUD by name and shape, or a query derived from the name. */
export function planMethod(method: PortMethod, ctx: MethodContext): MethodPlan {
  // a stub declared as a property names no type of its own: what its signature would have imported is dropped
  const shared = ctx.needs
  const own = new Needs()
  ctx.needs = own
  ctx.usesOp = false
  ctx.usesLikeEscape = false
  try {
    const plan = planOneMethod(method, ctx)
    if (!plan.property) shared.merge(own)
    // a stub's body only throws: whatever was planned before the method was given up is not in it
    const stub = plan.kind === 'stub'
    return {
      ...plan,
      uses: {
        op: !stub && ctx.usesOp,
        escapeLike: !stub && ctx.usesLikeEscape,
        helpers: stub ? [] : helpersOf(plan),
        notFound: !stub && plan.body.some((line) => line.includes('new EntityNotFoundError(')),
      },
    }
  } finally {
    ctx.needs = shared
  }
}

function planOneMethod(method: PortMethod, ctx: MethodContext): Planned {
  ctx.methodParameters = method.parameters
  const signature = signatureOf(ctx.port.name, method, ctx.known, ctx.needs)
  const base = { name: method.name, async: true, parameters: signature.parameters, returnType: signature.returnType }
  const generic = method.returns.kind === 'unsupported' || method.parameters.some((p) => p.type.kind === 'unsupported')
  const stub = (reason: string): Planned => ({
    ...base,
    kind: 'stub',
    async: method.returns.async,
    property: generic && ctx.port.declarationKind !== 'abstract-class',
    // unused parameters are prefixed so noUnusedParameters projects compile
    parameters: signatureOf(ctx.port.name, method, ctx.known, ctx.needs, '_').parameters,
    summary: `not generated: ${reason}`,
    notImplemented: reason,
    body: [`throw new Error(${stringLiteral(`not implemented: ${reason}`)})`],
  })
  const [first] = signature.names
  const entityName = ctx.mapping.entity.name
  const id = ctx.mapping.id
  const params = method.parameters

  if (!method.returns.async) return stub(`${method.name} does not return a Promise; a MySQL repository can only implement asynchronous methods`)

  // conventional writes, recognised by name and parameter shape: the entity, then only optional extras (options
  // objects such as `removeMedia(media, options?)`, which the generated body does not use)
  const entityFirst = params.length >= 1 && isEntity(params[0]!.type, entityName) && params.slice(1).every((p) => p.optional)
  const write = entityFirst ? writeKind(method.name, entityName) : null
  if (write !== null && params.length > 1) {
    base.parameters = signatureOf(ctx.port.name, method, ctx.known, ctx.needs, (index) => (index === 0 ? '' : '_')).parameters
  }
  if (write === 'update') return planUpdate(method, first!, ctx, base, stub)
  if (write === 'save') {
    const returned = savedResult(method.returns, ctx)
    if (returned === null)
      return stub(
        `${method.name} saves a ${entityName} but returns ${method.returnText}; infra can return void, the ${entityName}, or an object of its id ({ ${ctx.mapping.entity.idProperty}: ... })`,
      )
    const returnsEntity = returned === 'entity'
    const returnsId = returned === 'id'
    // `add`, `create`, `insert`: insert only; `save`, `store`, `upsert`, `put`: insert a new aggregate, update a known one
    const mode = /^(add|create|insert)/.test(method.name) ? 'insert' : 'save'
    const summary =
      mode === 'insert'
        ? `inserts the ${entityName}; an id or unique key already taken is a DuplicateEntityError`
        : `inserts the ${entityName} when it is new, or updates its row by primary key (never through another unique key)`
    // (an id object is never the answer for an AUTO_INCREMENT id: idKeyOf refuses it)
    if (id.autoIncrement) {
      // a new entity has no id yet: the database assigns it, and the entity returned is the one read back
      return {
        ...base,
        kind: 'save',
        summary,
        body: [
          `const written = await this.#write(${first}, '${mode}')`,
          ...(returnsEntity ? [`return ${first}.${ctx.mapping.entity.idProperty} == null ? this.#loaded(written) : ${first}`] : []),
        ],
      }
    }
    return {
      ...base,
      kind: 'save',
      summary,
      body: [
        `await this.#write(${first}, '${mode}')`,
        ...(returnsEntity ? [`return ${first}`] : returnsId ? [`return { ${idKey(ctx, method.returns)}: ${id.writeFrom(first!)} }`] : []),
      ],
    }
  }
  if (SAVE_MANY.test(method.name) && params.length === 1 && isEntityArray(params[0]!.type, entityName)) {
    const returnsList = method.returns.kind === 'list'
    const mode = /^(add|create|insert)/.test(method.name) ? 'insert' : /^update/.test(method.name) ? 'update' : 'save'
    return {
      ...base,
      kind: 'save-many',
      summary: `writes every ${entityName} in one transaction: new ones in multi-row INSERTs, known ones updated by primary key`,
      body: [`await this.#writeMany(${first}, '${mode}')`, ...(returnsList ? [`return [...${first}]`] : [])],
    }
  }
  if (write === 'delete') {
    // through `remove`, so the aggregate's last events go to the outbox in the same transaction
    return withReturn({ ...base, kind: 'delete' }, method.returns, `deletes the ${entityName}'s row (and writes its pending events)`, [
      `const deleted = await this.#remove(${first})`,
    ])
  }
  if ((DELETE.test(method.name) || EXISTS.test(method.name)) && params.length === 1 && isIdOf(params[0]!, ctx)) {
    const stored = params[0]!.type.kind === 'primitive' && id.domainType.kind !== 'primitive' ? first! : id.storeParameter(first!)
    const where = stored === id.column ? `{ ${id.column} }` : `{ ${id.column}: ${stored} }`
    if (DELETE.test(method.name))
      return withReturn({ ...base, kind: 'delete' }, method.returns, `deletes the row with this id`, [
        `const deleted = await this.model.destroy({ where: ${where} })`,
      ])
    return { ...base, kind: 'exists', summary: 'whether a row with this id exists (LIMIT 1)', body: [existsLine(where, ctx)] }
  }
  if (FIND_BY_IDS.test(method.name) && params.length === 1 && params[0]!.type.kind === 'array' && method.returns.kind === 'list') {
    ctx.usesOp = true
    const values = id.storeParameter('value') === 'value' ? `[...${first}]` : `${first}.map((value) => ${id.storeParameter('value')})`
    return {
      ...base,
      kind: 'find-many',
      summary: 'the rows whose id is in the list',
      body: [
        `const rows = await this.model.findAll({ where: { ${id.column}: { [Op.in]: ${values} } } })`,
        `return rows.map((row) => ${ctx.toDomain}(row.get({ plain: true })))`,
      ],
    }
  }

  // `exists(email: Email)`: a single argument whose type is that of exactly one property
  if (EXISTS.test(method.name) && params.length === 1) {
    const matching = ctx.mapping.columns.filter((c) => !c.primaryKey && sameType(c.domainType, params[0]!.type))
    if (matching.length === 1) {
      const column = matching[0]!
      const stored = column.storeParameter(first!)
      return {
        ...base,
        kind: 'exists',
        summary: `whether a row with this ${column.query.path} exists (LIMIT 1)`,
        body: [existsLine(`{ ${column.column}: ${stored} }`, ctx)],
      }
    }
  }

  // `findUsers(by: { email?: string })`: a criteria object whose present fields are AND-ed equalities
  const criteria = matchCriteria(method, entityName, ctx.mapping.columns)
  if (criteria && !criteria.ok) return stub(criteria.reason)
  if (criteria?.ok) return planCriteria(method, criteria.subject, criteria.fields, signature.names, ctx, base, stub)

  const derived = deriveQuery({
    methodName: method.name,
    parameters: params.map(parameterInfo),
    properties: queryProperties(ctx),
    location: `${method.location.file}:${method.location.line}`,
    entityName,
  })
  if (!derived.ok) return stub(derived.reason)
  // a value compared with a column must have a type the mapper knows how to store (`UserName | string` does not)
  for (const condition of derived.query.where.flat()) {
    for (const index of condition.parameters) {
      const parameter = params[index]!
      const type = parameter.type.kind === 'array' ? parameter.type.element : parameter.type
      if (type.kind === 'unsupported' || type.kind === 'object')
        return stub(`parameter "${parameter.name}: ${parameter.text}" has a type infra cannot compare with the column ${condition.property.column}`)
    }
  }
  const plan = planDerived(method, derived.query, signature.names, ctx, base, stub)
  return plan.notImplemented
    ? plan
    : { ...plan, indexColumns: indexColumnsOf(derived.query, (column) => ctx.mapping.columns.find((c) => c.column === column)?.indexable ?? false) }
}

function withReturn(
  base: Pick<Planned, 'name' | 'async' | 'parameters' | 'returnType' | 'kind'>,
  returns: ReturnShape,
  summary: string,
  body: string[],
): Planned {
  if (returns.kind === 'scalar' && isPrimitive(returns.type, 'number'))
    return { ...base, summary, body: [body[0]!.replace('const deleted = await ', 'return ')] }
  if (returns.kind === 'scalar' && isPrimitive(returns.type, 'boolean')) return { ...base, summary, body: [...body, 'return deleted > 0'] }
  return { ...base, summary, body: [body[0]!.replace('const deleted = ', '')] }
}

function planDerived(
  method: PortMethod,
  query: DerivedQuery,
  names: readonly string[],
  ctx: MethodContext,
  base: Pick<Planned, 'name' | 'async' | 'parameters' | 'returnType'>,
  stub: (reason: string) => Planned,
): Planned {
  const entityName = ctx.mapping.entity.name
  const where = whereText(query, names, ctx)
  const summary = describe(query)
  const whereOption = where === null ? [] : [`where: ${where}`]
  const order = query.orderBy.map((o) => `['${columnOf(o.property.path, ctx).column}', '${o.direction}']`)
  const returns = method.returns
  const map = `(row) => ${ctx.toDomain}(row.get({ plain: true }))`

  switch (query.subject) {
    case 'count':
      if (returns.kind !== 'scalar' || !isPrimitive(returns.type, 'number')) return stub(`${method.name} counts rows, so it must return Promise<number>`)
      return { ...base, kind: 'count', summary, body: [`return this.model.count(${options(whereOption)})`] }
    case 'exists':
      if (returns.kind !== 'scalar' || !isPrimitive(returns.type, 'boolean')) return stub(`${method.name} must return Promise<boolean>`)
      return { ...base, kind: 'exists', summary: `${summary} LIMIT 1`, body: [existsLine(where ?? '{}', ctx)] }
    case 'delete': {
      const destroy = `await this.model.destroy(${options(where === null ? ['where: {}'] : whereOption)})`
      return withReturn({ ...base, kind: 'delete' }, returns, summary, [`const deleted = ${destroy}`])
    }
    case 'find':
      break
  }

  const pagination = query.paginationParameter === undefined ? undefined : method.parameters[query.paginationParameter]
  const pageLines: string[] = []
  if (pagination) {
    const request = requestOf(pagination, names[query.paginationParameter!]!)
    if (!request) return stub(`the pagination parameter "${pagination.name}" has neither limit/offset nor page/pageSize fields`)
    pageLines.push(...request)
  }
  // a stable order for paging: by id after the requested order
  if ((pagination || query.limit) && !order.some((o) => o.startsWith(`['${ctx.mapping.id.column}'`))) order.push(`['${ctx.mapping.id.column}', 'ASC']`)
  const orderOption = order.length > 0 ? [`order: [${order.join(', ')}]`] : []

  if (returns.kind === 'single' && isEntity(returns.type, entityName)) {
    if (pagination) return stub(`${method.name} returns one ${entityName} but takes a pagination parameter`)
    const body = [`const row = await this.model.findOne(${options([...whereOption, ...orderOption])})`, ...returnOne(returns, method.name, entityName, ctx)]
    return { ...base, kind: 'find-one', summary, body, ...uniqueKeyOf(query, ctx) }
  }
  if (returns.kind === 'list' && isEntity(returns.element, entityName)) {
    const limit = pagination ? [limitEntry(pagination), 'offset'] : query.limit ? [`limit: ${query.limit}`] : []
    return {
      ...base,
      kind: 'find-many',
      summary,
      body: [...pageLines, `const rows = await this.model.findAll(${options([...whereOption, ...orderOption, ...limit])})`, `return rows.map(${map})`],
    }
  }
  if (returns.kind === 'page' && isEntity(returns.element, entityName)) {
    if (!pagination)
      return stub(`${method.name} returns a page but has no pagination parameter (e.g. { page, pageSize } or { limit, offset }) as its last parameter`)
    const fields: string[] = []
    for (const field of returns.fields) {
      const value = pageFieldValue(field.role, pagination, names[query.paginationParameter!]!, ctx.toDomain)
      if (value === null) {
        if (field.optional) continue
        return stub(`the page field "${field.name}" (${field.role}) has no value a SQL query can give`)
      }
      fields.push(value === field.name ? value : `${field.name}: ${value}`)
    }
    // a page class is built with `new Page({ ... })`, an interface as an object literal
    let built = `{ ${fields.join(', ')} }`
    if (returns.construct === 'new-with-props' && returns.name && returns.module) {
      ctx.needs.value(returns.module, returns.name)
      built = `new ${returns.name}(${built})`
    }
    return {
      ...base,
      kind: 'find-page',
      summary,
      body: [
        ...pageLines,
        `const { rows, count } = await this.model.findAndCountAll(${options([...whereOption, ...orderOption, limitEntry(pagination), 'offset'])})`,
        `return ${built}`,
      ],
    }
  }
  return stub(
    `${method.name} returns ${method.returnText}; a find method must return Promise<${entityName} | null>, Promise<Option<${entityName}>> (oxide.ts), Promise<${entityName}[]> or a page of ${entityName}`,
  )
}

function options(entries: string[]): string {
  return entries.length === 0 ? '' : `{ ${entries.join(', ')} }`
}

/** `const limit = ...; const offset = ...` from a page request: limit/offset as given, or page (1-based) and pageSize */
/** `request.limit`, `request?.limit ?? 20` when the request or the field is optional */
function requestField(parameter: PortParameter, name: string, field: { name: string; optional: boolean }, fallback: string): string {
  const access = `${name}${parameter.optional ? '?.' : '.'}${field.name}`
  return parameter.optional || field.optional ? `(${access} ?? ${fallback})` : access
}

/**
 * `const limit = ...; const offset = ...` from a page request: limit/offset as given, or page (1-based) and pageSize.
 * There is no default page size: a missing request or size, a size below 1, a negative offset or a page below 1 is a
 * RangeError before any SQL is sent (an absent offset or page means the first one).
 */
function requestOf(parameter: PortParameter, name: string): string[] | null {
  const fields = parameter.pagination?.fields ?? []
  const role = (r: string) => fields.find((f) => f.role === r)
  const limit = role('limit') ?? role('pageSize')
  if (!limit) return null
  const access = (field: { name: string }) => `${name}${parameter.optional ? '?.' : '.'}${field.name}`
  const check = (test: string, message: string) => [`if (${test}) {`, `  throw new RangeError(${message})`, '}']
  // a request (or size) the port declares optional and the caller leaves out means every matching row: no LIMIT
  const limitLines = [
    `const limit = ${access(limit)}`,
    ...check(
      `${limitMayBeAbsent(parameter) ? 'limit !== undefined && (' : ''}!Number.isInteger(limit) || limit < 1${limitMayBeAbsent(parameter) ? ')' : ''}`,
      `\`${limit.name} must be an integer of at least 1 (there is no default page size), got \${String(limit)}\``,
    ),
  ]
  const offset = role('offset')
  const page = role('page')
  // pages are numbered from 1; an explicit offset wins over a page number
  if (offset)
    return [
      ...limitLines,
      `const offset = ${requestField(parameter, name, offset, '0').replace(/^\((.*)\)$/, '$1')}`,
      ...check('!Number.isInteger(offset) || offset < 0', `\`${offset.name} must be an integer of at least 0, got \${String(offset)}\``),
    ]
  if (!page) return [...limitLines, 'const offset = 0']
  return [
    ...limitLines,
    `const pageNumber = ${requestField(parameter, name, page, '1').replace(/^\((.*)\)$/, '$1')}`,
    ...check(
      '!Number.isInteger(pageNumber) || pageNumber < 1',
      `\`${page.name} must be an integer of at least 1 (pages are numbered from 1), got \${String(pageNumber)}\``,
    ),
    'const offset = (pageNumber - 1) * limit',
  ]
}

/** whether the page size can be absent: the request or its size field is optional */
function limitMayBeAbsent(parameter: PortParameter): boolean {
  const fields = parameter.pagination?.fields ?? []
  const limit = fields.find((f) => f.role === 'limit') ?? fields.find((f) => f.role === 'pageSize')
  return parameter.optional || (limit?.optional ?? false)
}

/** `limit`, or a spread leaving it out when the caller gave no size (exactOptionalPropertyTypes refuses `limit: undefined`) */
function limitEntry(parameter: PortParameter): string {
  return limitMayBeAbsent(parameter) ? '...(limit === undefined ? {} : { limit })' : 'limit'
}

function pageFieldValue(role: string, parameter: PortParameter, name: string, toDomain: string): string | null {
  const requestPage = parameter.pagination?.fields.find((f) => f.role === 'page')
  const hasOffset = parameter.pagination?.fields.some((f) => f.role === 'offset') ?? false
  if (limitMayBeAbsent(parameter)) {
    // no size given: one page holding every row
    if (role === 'pageSize' || role === 'limit') return 'limit ?? rows.length'
    if (role === 'totalPages') return 'limit === undefined ? 1 : Math.ceil(count / limit)'
    if (role === 'page' && !(requestPage && !hasOffset)) return 'limit === undefined ? 1 : Math.floor(offset / limit) + 1'
  }
  switch (role) {
    case 'items':
      return `rows.map((row) => ${toDomain}(row.get({ plain: true })))`
    case 'total':
      return 'count'
    case 'page':
      return requestPage && !hasOffset ? 'pageNumber' : 'Math.floor(offset / limit) + 1'
    case 'pageSize':
    case 'limit':
      return 'limit'
    case 'offset':
      return 'offset'
    case 'totalPages':
      return 'Math.ceil(count / limit)'
    case 'hasNext':
      return 'offset + rows.length < count'
    case 'hasPrevious':
      return 'offset > 0'
    default:
      return null
  }
}

function whereText(query: DerivedQuery, names: readonly string[], ctx: MethodContext): string | null {
  if (query.where.length === 0) return null
  const groups = query.where.map((group) => groupText(group, names, ctx))
  if (groups.length === 1) return groups[0]!
  ctx.usesOp = true
  return `{ [Op.or]: [${groups.join(', ')}] }`
}

function groupText(group: readonly Condition[], names: readonly string[], ctx: MethodContext): string {
  const parts = group.map((condition) => conditionText(condition, names, ctx))
  const columns = group.map((c) => c.property.column)
  if (new Set(columns).size === columns.length) return `{ ${parts.join(', ')} }`
  ctx.usesOp = true
  return `{ [Op.and]: [${parts.map((p) => `{ ${p} }`).join(', ')}] }`
}

function conditionText(condition: Condition, names: readonly string[], ctx: MethodContext): string {
  const column = columnOf(condition.property.path, ctx)
  const [a, b] = condition.parameters.map((index) => names[index]!)
  // an argument typed as the stored primitive (`userId: string` for an id class) is already the column's value
  const argumentType = ctx.methodParameters[condition.parameters[0] ?? -1]?.type
  const element = argumentType?.kind === 'array' ? argumentType.element : argumentType
  const raw = element?.kind === 'primitive' && column.domainType.kind !== 'primitive' && element.name !== 'bigint'
  const store = (e: string) => (raw ? e : column.storeParameter(e))
  const op = (operator: string, value: string) => {
    ctx.usesOp = true
    return `${column.column}: { [Op.${operator}]: ${value} }`
  }
  const like = (pattern: (v: string) => string) => {
    ctx.usesLikeEscape = true
    return op('like', pattern(`escapeLike(${a})`))
  }
  const list = () => (store('value') === 'value' ? `[...${a}]` : `${a}.map((value) => ${store('value')})`)
  switch (condition.operator) {
    case 'equals':
      return store(a!) === column.column ? column.column : `${column.column}: ${store(a!)}`
    case 'not':
      return op('ne', store(a!))
    case 'in':
      return op('in', list())
    case 'notIn':
      return op('notIn', list())
    case 'lessThan':
      return op('lt', store(a!))
    case 'lessThanEqual':
      return op('lte', store(a!))
    case 'greaterThan':
      return op('gt', store(a!))
    case 'greaterThanEqual':
      return op('gte', store(a!))
    case 'between':
      return op('between', `[${store(a!)}, ${store(b!)}]`)
    case 'like':
      return op('like', store(a!))
    case 'startingWith':
      return like((v) => `\`\${${v}}%\``)
    case 'endingWith':
      return like((v) => `\`%\${${v}}\``)
    case 'containing':
      return like((v) => `\`%\${${v}}%\``)
    case 'isNull':
      return op('is', 'null')
    case 'isNotNull':
      return op('not', 'null')
    case 'true':
      return `${column.column}: true`
    case 'false':
      return `${column.column}: false`
  }
}

/** What derived queries may name: the columns, optional value objects as a whole, and `<entity>Id` for the id (`getUserByUserId`). */
export function queryProperties(ctx: Pick<MethodContext, 'mapping'>): QueryProperty[] {
  const properties = [...ctx.mapping.columns.map((c) => c.query), ...ctx.mapping.wholeValueObjects.map((w) => w.query)]
  const alias = idAlias(ctx)
  if (!properties.some((p) => p.path === alias)) properties.push({ ...ctx.mapping.id.query, path: alias })
  return properties
}

export function idAlias(ctx: Pick<MethodContext, 'mapping'>): string {
  const entity = ctx.mapping.entity.name
  return `${entity.charAt(0).toLowerCase()}${entity.slice(1)}Id`
}

function columnOf(path: string, ctx: MethodContext): ColumnPlan {
  return (
    ctx.mapping.columns.find((c) => c.query.path === path) ??
    ctx.mapping.wholeValueObjects.find((w) => w.query.path === path)?.column ??
    (path === idAlias(ctx) ? ctx.mapping.id : ctx.mapping.columns[0]!)
  )
}

function sameType(a: TypeRef, b: TypeRef | { kind: 'object' }): boolean {
  if (b.kind === 'object') return false
  if ((a.kind === 'value-object' || a.kind === 'enum' || a.kind === 'id' || a.kind === 'entity') && a.kind === b.kind) return a.name === b.name
  if (a.kind === 'literal-union' && b.kind === 'literal-union') return a.alias !== undefined && a.alias.name === b.alias?.name
  return false
}

function describe(query: DerivedQuery): string {
  const operators: Record<string, string> = {
    equals: '= ?',
    not: '<> ?',
    in: 'IN (?)',
    notIn: 'NOT IN (?)',
    lessThan: '< ?',
    lessThanEqual: '<= ?',
    greaterThan: '> ?',
    greaterThanEqual: '>= ?',
    between: 'BETWEEN ? AND ?',
    like: 'LIKE ?',
    startingWith: "LIKE '?%'",
    endingWith: "LIKE '%?'",
    containing: "LIKE '%?%'",
    isNull: 'IS NULL',
    isNotNull: 'IS NOT NULL',
    true: '= TRUE',
    false: '= FALSE',
  }
  const verb = { find: 'SELECT', count: 'SELECT COUNT(*)', exists: 'SELECT EXISTS', delete: 'DELETE' }[query.subject]
  const where = query.where.map((g) => g.map((c) => `${c.property.column} ${operators[c.operator]}`).join(' AND ')).join(' OR ')
  const order = query.orderBy.map((o) => `${o.property.column} ${o.direction}`).join(', ')
  return [
    verb,
    where && `WHERE ${where}`,
    order && `ORDER BY ${order}`,
    query.limit && `LIMIT ${query.limit}`,
    query.paginationParameter !== undefined && 'LIMIT/OFFSET from the page request',
  ]
    .filter(Boolean)
    .join(' ')
}

export function parameterInfo(parameter: PortParameter): MethodParameterInfo {
  const type = parameter.type
  const array = type.kind === 'array' || (type.kind === 'nullable' && type.inner.kind === 'array')
  return { name: parameter.name, pagination: parameter.pagination !== undefined, array }
}

function isEntity(type: TypeRef | { kind: 'object' }, entity: string): boolean {
  return type.kind === 'entity' && type.name === entity
}

function isEntityArray(type: TypeRef | { kind: 'object' }, entity: string): boolean {
  return type.kind === 'array' && isEntity(type.element, entity)
}

function isPrimitive(type: TypeRef, name: string): boolean {
  return type.kind === 'primitive' && type.name === name
}

function isIdOf(parameter: PortParameter, ctx: MethodContext): boolean {
  const idType = ctx.mapping.id.domainType
  const type = parameter.type
  if (type.kind === 'id' && idType.kind === 'id') return type.name === idType.name
  if (type.kind === 'primitive' && idType.kind === 'id') return type.name === idType.primitive
  if (type.kind === 'primitive' && idType.kind === 'primitive') return type.name === idType.name
  return JSON.stringify(type) === JSON.stringify(idType)
}

/** equality columns first, then one range column, then the order: what a B-tree index can use */
function indexColumnsOf(query: DerivedQuery, indexable: (column: string) => boolean): string[] {
  if (query.where.length !== 1) return []
  const conditions = query.where[0]!.filter((c) => c.property.kind !== 'json' && indexable(c.property.column))
  const equality = conditions.filter((c) => ['equals', 'in', 'true', 'false', 'isNull'].includes(c.operator)).map((c) => c.property.column)
  const range = conditions
    .filter((c) => ['lessThan', 'lessThanEqual', 'greaterThan', 'greaterThanEqual', 'between', 'startingWith'].includes(c.operator))
    .map((c) => c.property.column)
  const order = query.orderBy.map((o) => o.property.column).filter(indexable)
  const columns = [...new Set([...equality, ...range.slice(0, 1), ...(range.length === 0 ? order : [])])]
  return columns.slice(0, 3)
}

type Base = Pick<Planned, 'name' | 'async' | 'parameters' | 'returnType'>

/** Which conventional write a one-entity method is: `save`, `add<Entity>`, `store`... insert or update; `update<Entity>` updates only. */
export function writeKind(methodName: string, entityName: string): 'save' | 'update' | 'delete' | null {
  const entity = `(${entityName})?`
  if (new RegExp(`^(save|persist|store|upsert|add|create|insert|put)${entity}$`).test(methodName)) return 'save'
  if (new RegExp(`^update${entity}$`).test(methodName)) return 'update'
  if (new RegExp(`^(delete|remove)${entity}$`).test(methodName)) return 'delete'
  return null
}

/**
 * The lines returning the `row` one finder read: the entity or null/undefined, `Some(entity)` or `None` for an
 * oxide.ts Option, or a throw when the port promises an entity and there is none.
 */
function returnOne(returns: Extract<ReturnShape, { kind: 'single' }>, methodName: string, entityName: string, ctx: MethodContext): string[] {
  const entity = `${ctx.toDomain}(row.get({ plain: true }))`
  if (returns.wrapper?.kind === 'oxide-option') {
    for (const name of ['Some', 'None']) ctx.needs.fromPackage(returns.wrapper.module, name, false)
    return [`return row ? Some(${entity}) : None`]
  }
  const absent = returns.orNull ? 'null' : returns.orUndefined ? 'undefined' : undefined
  if (absent) return [`return row ? ${entity} : ${absent}`]
  return [`if (!row) throw new EntityNotFoundError(${stringLiteral(entityName)}, ${stringLiteral(methodName)})`, `return ${entity}`]
}

/** What a save-like method returns: nothing, the entity, or an object holding its id (`Promise<{ id: string }>`). */
function savedResult(returns: ReturnShape, ctx: MethodContext): 'void' | 'entity' | 'id' | null {
  if (returns.kind === 'void') return 'void'
  if (returns.kind !== 'single' || returns.orNull || returns.orUndefined || returns.wrapper) return null
  if (isEntity(returns.type, ctx.mapping.entity.name)) return 'entity'
  return idKeyOf(returns.type, ctx) === null ? null : 'id'
}

/** the key of a one-property object typed like the stored id (`{ id: string }`), or null */
function idKeyOf(type: TypeRef, ctx: MethodContext): string | null {
  if (type.kind !== 'value-object') return null
  const shape = ctx.model.valueObjects[type.name]
  const id = ctx.mapping.id
  if (!shape || shape.properties.length !== 1 || id.autoIncrement) return null
  const property = shape.properties[0]!
  const stored = id.domainType.kind === 'id' ? id.domainType.primitive : id.domainType.kind === 'primitive' ? id.domainType.name : null
  const fits = property.type.kind === 'primitive' && property.type.name === stored && !property.optional && !property.nullable
  return fits ? property.name : null
}

function idKey(ctx: MethodContext, returns: ReturnShape): string {
  return returns.kind === 'single' ? (idKeyOf(returns.type, ctx) ?? 'id') : 'id'
}

/** `update<Entity>(entity)`: UPDATE only; a missing row is an error, never a silent insert. */
function planUpdate(method: PortMethod, variable: string, ctx: MethodContext, base: Base, stub: (reason: string) => Planned): Planned {
  const entityName = ctx.mapping.entity.name
  const returned = savedResult(method.returns, ctx)
  if (returned === null)
    return stub(`${method.name} updates a ${entityName} but returns ${method.returnText}; infra can return void, the ${entityName}, or an object of its id`)
  const id = ctx.mapping.id.column
  const tail = returned === 'entity' ? [`return ${variable}`] : returned === 'id' ? [`return { ${idKey(ctx, method.returns)}: written.${id} }`] : []
  return {
    ...base,
    kind: 'update',
    summary: `updates the ${entityName}'s row by primary key; no row with its id is an EntityNotFoundError (never inserts)`,
    body: [`${returned === 'id' ? 'const written = ' : ''}await this.#write(${variable}, 'update')`, ...tail],
  }
}

/** A criteria finder: `where` holds the fields the caller gave; the verb and the return shape pick the statement. */
function planCriteria(
  method: PortMethod,
  subject: 'find' | 'count' | 'exists' | 'delete',
  fields: readonly CriteriaField[],
  names: readonly string[],
  ctx: MethodContext,
  base: Base,
  stub: (reason: string) => Planned,
): Planned {
  const entityName = ctx.mapping.entity.name
  const returns = method.returns
  const pagingIndex = subject === 'find' && returns.kind === 'list' ? method.parameters.findIndex((p, i) => i > 0 && p.pagination) : -1
  // parameters after the criteria that the query does not read (`options?: FindOptions`) are marked unused
  const used = (index: number) => index === 0 || index === pagingIndex
  const signature = signatureOf(ctx.port.name, method, ctx.known, new Needs(), (index) => (used(index) ? '' : '_'))
  const withSignature = { ...base, parameters: signature.parameters }
  const where = ['const where = {', ...criteriaWhereLines(fields, names[0]!).map((line) => `  ${line}`), '}']
  const columns = fields.map((f) => `${f.column.column} = ?`).join(' AND ')
  const summary = (verb: string) => `${verb} WHERE ${columns}, for the criteria fields given (absent ones are not compared)`
  const map = `(row) => ${ctx.toDomain}(row.get({ plain: true }))`

  switch (subject) {
    case 'count':
      if (returns.kind !== 'scalar' || !isPrimitive(returns.type, 'number')) return stub(`${method.name} counts rows, so it must return Promise<number>`)
      return { ...withSignature, kind: 'count', summary: summary('SELECT COUNT(*)'), body: [...where, 'return this.model.count({ where })'] }
    case 'exists':
      if (returns.kind !== 'scalar' || !isPrimitive(returns.type, 'boolean')) return stub(`${method.name} must return Promise<boolean>`)
      return { ...withSignature, kind: 'exists', summary: summary('SELECT EXISTS'), body: [...where, existsLine('where', ctx)] }
    case 'delete': {
      // empty criteria would match every row: refuse rather than empty the table
      const guard = [
        'if (Object.keys(where).length === 0) {',
        `  throw new Error(${stringLiteral(`${method.name}: no criteria given (it would delete every row)`)})`,
        '}',
      ]
      const plan = withReturn({ ...withSignature, kind: 'delete' }, returns, summary('DELETE'), ['const deleted = await this.model.destroy({ where })'])
      return { ...plan, body: [...where, ...guard, ...plan.body] }
    }
    case 'find':
      break
  }
  if (returns.kind === 'single' && isEntity(returns.type, entityName)) {
    const body = [...where, 'const row = await this.model.findOne({ where })', ...returnOne(returns, method.name, entityName, ctx)]
    return { ...withSignature, kind: 'find-one', summary: summary('SELECT'), body }
  }
  if (returns.kind === 'list' && isEntity(returns.element, entityName)) {
    if (pagingIndex < 0)
      return {
        ...withSignature,
        kind: 'find-many',
        summary: summary('SELECT'),
        body: [...where, 'const rows = await this.model.findAll({ where })', `return rows.map(${map})`],
      }
    const request = requestOf(method.parameters[pagingIndex]!, names[pagingIndex]!)
    if (!request) return stub(`the pagination parameter "${method.parameters[pagingIndex]!.name}" has neither limit/offset nor page/pageSize fields`)
    // a stable order for paging
    const order = `order: [['${ctx.mapping.id.column}', 'ASC']]`
    return {
      ...withSignature,
      kind: 'find-many',
      summary: summary('SELECT') + ', LIMIT/OFFSET from the page request',
      body: [
        ...request,
        ...where,
        `const rows = await this.model.findAll({ where, ${order}, ${limitEntry(method.parameters[pagingIndex]!)}, offset })`,
        `return rows.map(${map})`,
      ],
    }
  }
  return stub(
    `${method.name} returns ${method.returnText}; a criteria finder must return Promise<${entityName} | null>, Promise<${entityName} | undefined>, Promise<Option<${entityName}>> (oxide.ts), Promise<${entityName}[]>, Promise<number> (count) or Promise<boolean> (exists)`,
  )
}

/** `exists`: one row read with LIMIT 1 (findOne), not a count of every match */
function existsLine(where: string, ctx: MethodContext): string {
  return `return (await this.model.findOne({ where: ${where}, attributes: ['${ctx.mapping.id.column}'] })) !== null`
}

/**
 * A single-result finder on one equality of a non-id column (`findByEmail(email): Promise<User | null>`) promises at
 * most one row: its column is a unique key. `First`/`Top` or an order say the author expects several.
 */
function uniqueKeyOf(query: DerivedQuery, ctx: MethodContext): { uniqueColumns?: readonly string[] } {
  if (query.where.length !== 1 || query.limit || query.orderBy.length > 0) return {}
  const group = query.where[0]!
  if (group.length !== 1 || group[0]!.operator !== 'equals') return {}
  const column = columnOf(group[0]!.property.path, ctx)
  if (column.primaryKey || !column.indexable || column.query.kind === 'json') return {}
  return { uniqueColumns: [column.column] }
}

/** which private helpers a planned body calls, by what it does (a body is planned from these calls, never parsed) */
function helpersOf(plan: Planned): RepositoryHelper[] {
  const calls: Record<RepositoryHelper, string> = { write: 'this.#write(', writeMany: 'this.#writeMany(', remove: 'this.#remove(', loaded: 'this.#loaded(' }
  return (Object.keys(calls) as RepositoryHelper[]).filter((helper) => plan.body.some((line) => line.includes(calls[helper])))
}
