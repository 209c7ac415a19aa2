import type { DomainModel, ModuleRef, Port, PortMethod, PortParameter, ReturnShape, TypeRef } from '../model'
import { deriveQuery, type DerivedQuery, type MethodParameterInfo, type QueryProperty } from '../query'
import type { ColumnPlan, EntityMapping } from './mapping'
import { matchCriteria, type CriteriaMatch } from './criteria'
import { planFilterCriteria } from './filter-criteria'
import { Needs } from './needs'
import { signatureOf } from './signature'
import type {
  ArgumentRef,
  Condition,
  Criteria,
  DeleteResult,
  FindPagePlan,
  MethodPlan,
  MethodSignature,
  Ordering,
  PageFieldRole,
  Paging,
  SingleResult,
  StubPlan,
  WriteResult,
} from './repository/method-plan'

export type { MethodPlan, OperationKind } from './repository/method-plan'

/** What planning a port's methods reads: the model, the port, its entity's mapping; `needs` collects the signatures' imports. */
export interface MethodContext {
  readonly model: DomainModel
  readonly port: Port
  readonly mapping: EntityMapping
  readonly known: Map<string, ModuleRef>
  /** declarations the repository file imports (the types the signatures name) */
  readonly needs: Needs
}

/** A plan while it is being built: the signature's names are known, the rest is added per kind. */
type Base = { readonly name: string; readonly signature: MethodSignature }

/** Planning state of one method: its context, the emitted parameter names, how to give up on it. */
interface MethodScope {
  readonly ctx: MethodContext
  readonly method: PortMethod
  readonly needs: Needs
  readonly names: readonly string[]
  readonly base: Base
  readonly stub: (reason: string) => StubPlan
}

const SAVE_MANY = /^(save|persist|store|upsert|add|create|insert|update|put)(Many|All|Batch|Bulk)$/
const DELETE = /^(delete|remove)$/
const EXISTS = /^(exists|has|contains)$/
const FIND_BY_IDS = /^(find|get)(All)?By(Ids|IdIn)$/
const PAGE_ROLES: ReadonlySet<string> = new Set<PageFieldRole>([
  'items',
  'total',
  'page',
  'pageSize',
  'limit',
  'offset',
  'totalPages',
  'hasNext',
  'hasPrevious',
])

/** Plans one method of the repository: conventional CRUD by name and shape, or a query derived from the name. */
export function planMethod(method: PortMethod, ctx: MethodContext): MethodPlan {
  // a stub declared as a property names no type of its own: what its signature would have imported is dropped
  const own = new Needs()
  const plan = planOneMethod(method, ctx, own)
  if (!plan.signature.property) ctx.needs.merge(own)
  return plan
}

function planOneMethod(method: PortMethod, ctx: MethodContext, needs: Needs): MethodPlan {
  const signature = signatureOf(ctx.port.name, method, ctx.known, needs)
  const declared: MethodSignature = { async: true, property: false, parameters: signature.parameters, returnType: signature.returnType }
  let base: Base = { name: method.name, signature: declared }
  const generic = method.returns.kind === 'unsupported' || method.parameters.some((p) => p.type.kind === 'unsupported')
  const stub = (reason: string): StubPlan => ({
    name: method.name,
    kind: 'stub',
    signature: {
      ...declared,
      async: method.returns.async,
      property: generic && ctx.port.declarationKind !== 'abstract-class',
      // unused parameters are prefixed so noUnusedParameters projects compile
      parameters: signatureOf(ctx.port.name, method, ctx.known, needs, '_').parameters,
    },
    summary: `not generated: ${reason}`,
    notImplemented: reason,
  })
  const names = signature.names
  const [first] = names
  const entityName = ctx.mapping.entity.name
  const id = ctx.mapping.id
  const params = method.parameters

  if (method.returns.kind === 'port') {
    // `this` satisfies a port declaring `this` as well as one naming itself (the class implements it)
    const returnType = method.returns.async ? 'Promise<this>' : 'this'
    return planItself(method, { ...base, signature: { ...declared, async: method.returns.async, returnType } }, { names, stub })
  }
  if (!method.returns.async) return stub(`${method.name} does not return a Promise; a MySQL repository can only implement asynchronous methods`)
  if (method.returns.kind === 'result') return planResult(method, method.returns, { ctx, needs, stub })

  // conventional writes, recognised by name and parameter shape: the entity, then only optional extras (options
  // objects such as `removeMedia(media, options?)`, which the generated body does not use)
  const entityFirst = params.length >= 1 && isEntity(params[0]!.type, entityName) && params.slice(1).every((p) => p.optional)
  const write = entityFirst ? writeKind(method.name, entityName) : null
  if (write !== null && params.length > 1) {
    const unusedExtras = signatureOf(ctx.port.name, method, ctx.known, needs, (index) => (index === 0 ? '' : '_')).parameters
    base = { ...base, signature: { ...declared, parameters: unusedExtras } }
  }
  const scope: MethodScope = { ctx, method, needs, names, base, stub }
  if (write === 'update') return planUpdate(scope, first!)
  if (write === 'save') {
    const result = savedResult(method.returns, ctx)
    if (result === null)
      return stub(
        `${method.name} saves a ${entityName} but returns ${method.returnText}; infra can return void, the ${entityName}, or an object of its id ({ ${ctx.mapping.entity.idProperty}: ... })`,
      )
    // `add`, `create`, `insert`: insert only; `save`, `store`, `upsert`, `put`: insert a new aggregate, update a known one
    const mode = /^(add|create|insert)/.test(method.name) ? 'insert' : 'save'
    const summary =
      mode === 'insert'
        ? `inserts the ${entityName}; an id or unique key already taken is a DuplicateEntityError`
        : `inserts the ${entityName} when it is new, or updates its row by primary key (never through another unique key)`
    // (an id object is never the answer for an AUTO_INCREMENT id: idKeyOf refuses it)
    return { ...base, kind: 'save', summary, parameter: first!, mode, result, idFromDatabase: id.autoIncrement ?? false }
  }
  if (SAVE_MANY.test(method.name) && params.length === 1 && isEntityArray(params[0]!.type, entityName)) {
    const mode = /^(add|create|insert)/.test(method.name) ? 'insert' : /^update/.test(method.name) ? 'update' : 'save'
    return {
      ...base,
      kind: 'save-many',
      summary: `writes every ${entityName} in one transaction: new ones in multi-row INSERTs, known ones updated by primary key`,
      parameter: first!,
      mode,
      result: method.returns.kind === 'list' ? 'list' : 'void',
    }
  }
  if (write === 'delete') {
    // through the repository's remove, so the aggregate's last events go to the outbox in the same transaction
    return {
      ...base,
      kind: 'delete',
      summary: `deletes the ${entityName}'s row (and writes its pending events)`,
      target: { kind: 'entity', parameter: first! },
      result: deleteResult(method.returns),
    }
  }
  if ((DELETE.test(method.name) || EXISTS.test(method.name)) && params.length === 1 && isIdOf(params[0]!, ctx)) {
    // a primitive given for an id class is the stored value already
    const unwrap = params[0]!.type.kind === 'primitive' && id.domainType.kind !== 'primitive' ? 'as-given' : 'to-column'
    const criteria = equalityOf(columnRef(id), { parameter: first!, index: 0, unwrap })
    if (DELETE.test(method.name))
      return { ...base, kind: 'delete', summary: 'deletes the row with this id', target: { kind: 'rows', criteria }, result: deleteResult(method.returns) }
    return { ...base, kind: 'exists', summary: 'whether a row with this id exists (LIMIT 1)', criteria }
  }
  if (FIND_BY_IDS.test(method.name) && params.length === 1 && params[0]!.type.kind === 'array' && method.returns.kind === 'list') {
    const condition: Condition = { column: columnRef(id), operator: 'in', values: [{ parameter: first!, index: 0, unwrap: 'to-column' }] }
    return { ...base, kind: 'find-many', summary: 'the rows whose id is in the list', criteria: { kind: 'any-of', groups: [[condition]] }, order: [] }
  }

  // `exists(email: Email)`: a single argument whose type is that of exactly one property
  if (EXISTS.test(method.name) && params.length === 1) {
    const matching = ctx.mapping.columns.filter((c) => !c.primaryKey && sameType(c.domainType, params[0]!.type))
    if (matching.length === 1) {
      const column = matching[0]!
      return {
        ...base,
        kind: 'exists',
        summary: `whether a row with this ${column.query.path} exists (LIMIT 1)`,
        criteria: equalityOf(columnRef(column), { parameter: first!, index: 0, unwrap: 'to-column' }),
      }
    }
  }

  // `search(criteria: Criteria)`: the common filters/order/limit/offset shape, checked at run time
  const filtered = planFilterCriteria({ method, mapping: ctx.mapping, base, names, stub })
  if (filtered) return filtered

  // `findUsers(by: { email?: string })`: a criteria object whose present fields are AND-ed equalities
  const criteria = matchCriteria(method, entityName, ctx.mapping.columns)
  if (criteria && !criteria.ok) return stub(criteria.reason)
  if (criteria?.ok) return planCriteria(scope, criteria)

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
  const plan = planDerived(scope, derived.query)
  return plan.kind === 'stub'
    ? plan
    : { ...plan, indexColumns: indexColumnsOf(derived.query, (column) => ctx.mapping.columns.find((c) => c.column === column)?.indexable ?? false) }
}

/**
 * `transactional(): this`: the repository itself, since its queries already join the ambient `inTransaction`.
 * `withTransaction(tx: Transaction)` with Sequelize's own Transaction: the repository bound to it. Any other parameter
 * is a handle infra cannot bind to a transaction: ignoring it would be silently wrong, so the method is a stub.
 */
function planItself(method: PortMethod, base: Base, scope: { names: readonly string[]; stub: (reason: string) => StubPlan }): MethodPlan {
  const { names, stub } = scope
  const [parameter, ...rest] = method.parameters
  if (parameter?.sequelizeTransaction && !parameter.optional && rest.length === 0)
    return {
      ...base,
      kind: 'itself',
      summary: `returns this repository bound to the transaction "${names[0]}": every query it makes runs in it`,
      transaction: names[0]!,
    }
  if (parameter)
    return stub(
      `${method.name} returns the repository for "${parameter.name}: ${parameter.text}", a handle infra cannot bind to a MySQL transaction; the generated queries join the transaction of inTransaction(sequelize, work) (infra/persistence/mysql/transaction.ts): call the repository inside it, declare ${method.name}() without the parameter, or take Sequelize's own Transaction (\`${method.name}(tx: Transaction)\` from 'sequelize'), which the repository binds`,
    )
  return { ...base, kind: 'itself', summary: 'returns this repository: its queries already join the ambient transaction of inTransaction' }
}

/**
 * `Promise<Result<User, NotFound>>`: the plan of the success type's method, its value built into the wrapper's success
 * variant. A one-entity finder that finds nothing returns the failure variant when infra can build it (a message, its
 * EntityNotFoundError, `new E(message)`), else throws EntityNotFoundError, as a get-style finder does, with a caveat.
 * What the body throws (a database error, a duplicate key) is returned as the failure only when it can hold an Error.
 */
function planResult(
  method: PortMethod,
  returns: Extract<ReturnShape, { kind: 'result' }>,
  scope: { ctx: MethodContext; needs: Needs; stub: (reason: string) => StubPlan },
): MethodPlan {
  const { ctx, needs, stub } = scope
  const { wrapper, value } = returns
  const entityName = ctx.mapping.entity.name
  if (!wrapper.success)
    return stub(
      `${method.name} returns ${method.returnText}, and infra found no way to build the ${wrapper.name} success variant by its declaration: a function or static method taking the value and returning the ${wrapper.name}, or a class of the success variant constructed from the value, exported next to it`,
    )
  const failure = wrapper.failure
  let plan = planOneMethod({ ...method, returns: value }, ctx, needs)
  // a finder of one entity that finds nothing: its own plan answers null, which the wrapper turns into the failure
  const findsOne = plan.kind === 'find-one' && plan.result.kind === 'entity-or-throw'
  if (findsOne && failure && value.kind === 'single') plan = planOneMethod({ ...method, returns: { ...value, orNull: true } }, ctx, needs)
  if (plan.kind === 'stub') return stub(plan.notImplemented)
  if (plan.kind === 'result' || plan.kind === 'itself')
    return stub(`${method.name} returns ${method.returnText}, a ${wrapper.name} of what a repository does not return`)
  const errorsAsFailure = failure?.value.kind === 'error' ? { errorsAsFailure: failure.builder } : {}
  const base = {
    name: method.name,
    kind: 'result' as const,
    // the value plan's signature: its parameter names (unused extras prefixed) and the method's declared return type
    signature: plan.signature,
    summary: `${plan.summary}; the value wrapped in its ${wrapper.name}${errorsAsFailure.errorsAsFailure ? ' (an Error thrown becomes its failure)' : ''}`,
    value: plan,
    success: wrapper.success,
    ...errorsAsFailure,
  }
  if (!findsOne) return base
  if (failure) return { ...base, notFound: { kind: 'failure', builder: failure.builder, value: failure.value } }
  return {
    ...base,
    notFound: { kind: 'throw' },
    caveat: `returns ${method.returnText}, but infra cannot build its failure (${wrapper.failureText}) by declaration, so a missing ${entityName} throws EntityNotFoundError as a get-style finder does; declare the failure as Error, string or a class constructible from a message to get it as the failure variant`,
  }
}

function equalityOf(column: ReturnType<typeof columnRef>, value: ArgumentRef): Criteria {
  return { kind: 'any-of', groups: [[{ column, operator: 'equals', values: [value] }]] }
}

function columnRef(column: ColumnPlan): { property: string; column: string } {
  return { property: column.query.path, column: column.column }
}

/** What a delete returns, by the port's declared type: the count, whether any row was deleted, or nothing. */
function deleteResult(returns: ReturnShape): DeleteResult {
  if (returns.kind === 'scalar' && isPrimitive(returns.type, 'number')) return 'count'
  if (returns.kind === 'scalar' && isPrimitive(returns.type, 'boolean')) return 'boolean'
  return 'void'
}

/** The conditions of a derived query over the method's arguments: which column, which operator, how each argument is stored. */
function criteriaOf(query: DerivedQuery, scope: MethodScope): Criteria {
  if (query.where.length === 0) return { kind: 'every-row' }
  const { ctx, method, names } = scope
  const groups = query.where.map((group) =>
    group.map((condition): Condition => {
      const column = columnOf(condition.property.path, ctx.mapping)
      // an argument typed as the stored primitive (`userId: string` for an id class) is already the column's value
      const argumentType = method.parameters[condition.parameters[0] ?? -1]?.type
      const element = argumentType?.kind === 'array' ? argumentType.element : argumentType
      const asGiven = element?.kind === 'primitive' && column.domainType.kind !== 'primitive' && element.name !== 'bigint'
      const values = condition.parameters.map((index): ArgumentRef => ({ parameter: names[index]!, index, unwrap: asGiven ? 'as-given' : 'to-column' }))
      return { column: columnRef(column), operator: condition.operator, values }
    }),
  )
  return { kind: 'any-of', groups }
}

function planDerived(scope: MethodScope, query: DerivedQuery): MethodPlan {
  const { ctx, method, base, stub } = scope
  const entityName = ctx.mapping.entity.name
  const criteria = criteriaOf(query, scope)
  const summary = describe(query)
  const order: Ordering[] = query.orderBy.map((o) => ({ column: columnRef(columnOf(o.property.path, ctx.mapping)), direction: o.direction }))
  const returns = method.returns

  switch (query.subject) {
    case 'count':
      if (returns.kind !== 'scalar' || !isPrimitive(returns.type, 'number')) return stub(`${method.name} counts rows, so it must return Promise<number>`)
      return { ...base, kind: 'count', summary, criteria }
    case 'exists':
      if (returns.kind !== 'scalar' || !isPrimitive(returns.type, 'boolean')) return stub(`${method.name} must return Promise<boolean>`)
      return { ...base, kind: 'exists', summary: `${summary} LIMIT 1`, criteria }
    case 'delete':
      return { ...base, kind: 'delete', summary, target: { kind: 'rows', criteria }, result: deleteResult(returns) }
    case 'find':
      break
  }

  const pagination = query.paginationParameter === undefined ? undefined : method.parameters[query.paginationParameter]
  let paging: Paging | undefined
  if (pagination) {
    paging = pagingOf(pagination, query.paginationParameter!, scope.names) ?? undefined
    if (!paging) return stub(`the pagination parameter "${pagination.name}" has neither limit/offset nor page/pageSize fields`)
  }
  // a stable order for paging: by id after the requested order
  const idColumn = ctx.mapping.id.column
  if ((pagination || query.limit) && !order.some((o) => o.column.column === idColumn)) order.push({ column: columnRef(ctx.mapping.id), direction: 'ASC' })

  if (returns.kind === 'single' && isEntity(returns.type, entityName)) {
    if (pagination) return stub(`${method.name} returns one ${entityName} but takes a pagination parameter`)
    return { ...base, kind: 'find-one', summary, criteria, order, result: singleResult(returns), ...uniqueKeyOf(query, ctx) }
  }
  if (returns.kind === 'list' && isEntity(returns.element, entityName)) {
    return {
      ...base,
      kind: 'find-many',
      summary,
      criteria,
      order,
      ...(paging ? { paging } : query.limit ? { limit: query.limit } : {}),
    }
  }
  if (returns.kind === 'page' && isEntity(returns.element, entityName)) {
    if (!paging)
      return stub(`${method.name} returns a page but has no pagination parameter (e.g. { page, pageSize } or { limit, offset }) as its last parameter`)
    const fields: { name: string; role: PageFieldRole }[] = []
    for (const field of returns.fields) {
      if (!PAGE_ROLES.has(field.role)) {
        if (field.optional) continue
        return stub(`the page field "${field.name}" (${field.role}) has no value a SQL query can give`)
      }
      fields.push({ name: field.name, role: field.role as PageFieldRole })
    }
    // a page class is built with `new Page({ ... })`, an interface as an object literal
    const pageClass = returns.construct === 'new-with-props' && returns.name && returns.module ? { name: returns.name, module: returns.module } : undefined
    const page: FindPagePlan['page'] = pageClass ? { fields, pageClass } : { fields }
    return { ...base, kind: 'find-page', summary, criteria, order, paging, page }
  }
  return stub(
    `${method.name} returns ${method.returnText}; a find method must return Promise<${entityName} | null>, Promise<Option<${entityName}>> (oxide.ts), Promise<${entityName}[]> or a page of ${entityName}`,
  )
}

/**
 * The page request: its size field (limit or pageSize), then an offset, a 1-based page number, or neither (the first
 * page). Null when it has no size field.
 */
function pagingOf(parameter: PortParameter, index: number, names: readonly string[]): Paging | null {
  const fields = parameter.pagination?.fields ?? []
  const role = (r: string) => fields.find((f) => f.role === r)
  const limit = role('limit') ?? role('pageSize')
  if (!limit) return null
  const field = (f: { name: string; optional: boolean }) => ({ name: f.name, optional: f.optional })
  const offset = role('offset')
  const page = role('page')
  // an explicit offset wins over a page number
  const start: Paging['start'] = offset ? { kind: 'offset', field: field(offset) } : page ? { kind: 'page', field: field(page) } : { kind: 'first' }
  return {
    parameter: names[index]!,
    index,
    optional: parameter.optional,
    limit: field(limit),
    start,
    // a request (or size) the port declares optional and the caller leaves out means every matching row: no LIMIT
    sizeMayBeAbsent: parameter.optional || limit.optional,
  }
}

/** What a one-entity finder gives when no row matches: null/undefined, oxide.ts `None`, or an EntityNotFoundError. */
function singleResult(returns: Extract<ReturnShape, { kind: 'single' }>): SingleResult {
  if (returns.wrapper?.kind === 'oxide-option') return { kind: 'option', module: returns.wrapper.module }
  if (returns.orNull) return { kind: 'entity-or-absent', absent: 'null' }
  if (returns.orUndefined) return { kind: 'entity-or-absent', absent: 'undefined' }
  return { kind: 'entity-or-throw' }
}

/** `update<Entity>(entity)`: UPDATE only; a missing row is an error, never a silent insert. */
function planUpdate(scope: MethodScope, parameter: string): MethodPlan {
  const { ctx, method, base, stub } = scope
  const entityName = ctx.mapping.entity.name
  const result = savedResult(method.returns, ctx)
  if (result === null)
    return stub(`${method.name} updates a ${entityName} but returns ${method.returnText}; infra can return void, the ${entityName}, or an object of its id`)
  return {
    ...base,
    kind: 'update',
    summary: `updates the ${entityName}'s row by primary key; no row with its id is an EntityNotFoundError (never inserts)`,
    parameter,
    result,
  }
}

/** A criteria finder: `where` holds the fields the caller gave; the verb and the return shape pick the operation. */
function planCriteria(scope: MethodScope, match: Extract<CriteriaMatch, { ok: true }>): MethodPlan {
  const { ctx, method, names, stub } = scope
  const { subject, fields } = match
  const entityName = ctx.mapping.entity.name
  const returns = method.returns
  // an input object's own paging fields make the criteria parameter the page request too
  const pagingIndex = subject === 'find' && returns.kind === 'list' ? (match.paging ? 0 : method.parameters.findIndex((p, i) => i > 0 && p.pagination)) : -1
  if (match.paging && pagingIndex !== 0)
    return stub(
      `${method.name} takes paging fields (${match.paging.fields.map((f) => `${names[0]}.${f.name}`).join(', ')}) in its criteria but returns ${method.returnText}; only a list (Promise<${entityName}[]>) is paged`,
    )
  const pagingParameter = pagingIndex === 0 && match.paging ? { ...method.parameters[0]!, pagination: match.paging } : method.parameters[pagingIndex]
  // parameters after the criteria that the query does not read (`options?: FindOptions`) are marked unused
  const used = (index: number) => index === 0 || index === pagingIndex
  const signature = signatureOf(ctx.port.name, method, ctx.known, new Needs(), (index) => (used(index) ? '' : '_'))
  const base: Base = { ...scope.base, signature: { ...scope.base.signature, parameters: signature.parameters } }
  const criteria: Criteria = {
    kind: 'criteria-object',
    parameter: names[0]!,
    fields: fields.map((f) => ({
      field: f.name,
      column: columnRef(f.column),
      unwrap: f.value === 'raw' ? 'as-given' : 'to-column',
      nullMeansIsNull: f.acceptsNull && f.nullMeansIsNull,
    })),
  }
  const columns = fields.map((f) => `${f.column.column} = ?`).join(' AND ')
  const summary = (verb: string) => `${verb} WHERE ${columns}, for the criteria fields given (absent ones are not compared)`

  switch (subject) {
    case 'count':
      if (returns.kind !== 'scalar' || !isPrimitive(returns.type, 'number')) return stub(`${method.name} counts rows, so it must return Promise<number>`)
      return { ...base, kind: 'count', summary: summary('SELECT COUNT(*)'), criteria }
    case 'exists':
      if (returns.kind !== 'scalar' || !isPrimitive(returns.type, 'boolean')) return stub(`${method.name} must return Promise<boolean>`)
      return { ...base, kind: 'exists', summary: summary('SELECT EXISTS'), criteria }
    case 'delete':
      // empty criteria would match every row: the emitted code refuses rather than empty the table
      return { ...base, kind: 'delete', summary: summary('DELETE'), target: { kind: 'rows', criteria }, result: deleteResult(returns) }
    case 'find':
      break
  }
  if (returns.kind === 'single' && isEntity(returns.type, entityName))
    return { ...base, kind: 'find-one', summary: summary('SELECT'), criteria, order: [], result: singleResult(returns) }
  if (returns.kind === 'list' && isEntity(returns.element, entityName)) {
    if (pagingIndex < 0) return { ...base, kind: 'find-many', summary: summary('SELECT'), criteria, order: [] }
    const paging = pagingOf(pagingParameter!, pagingIndex, names)
    if (!paging) return stub(`the pagination parameter "${pagingParameter!.name}" has neither limit/offset nor page/pageSize fields`)
    // a stable order for paging
    return {
      ...base,
      kind: 'find-many',
      summary: summary('SELECT') + ', LIMIT/OFFSET from the page request',
      criteria,
      order: [{ column: columnRef(ctx.mapping.id), direction: 'ASC' }],
      paging,
    }
  }
  return stub(
    `${method.name} returns ${method.returnText}; a criteria finder must return Promise<${entityName} | null>, Promise<${entityName} | undefined>, Promise<Option<${entityName}>> (oxide.ts), Promise<${entityName}[]>, Promise<number> (count) or Promise<boolean> (exists)`,
  )
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

/** The column a query path names: a column, a value object stored whole, or the id under its `<entity>Id` alias. */
export function columnOf(path: string, mapping: EntityMapping): ColumnPlan {
  return (
    mapping.columns.find((c) => c.query.path === path) ??
    mapping.wholeValueObjects.find((w) => w.query.path === path)?.column ??
    (path === idAlias({ mapping }) || path === mapping.id.query.path ? mapping.id : mapping.columns[0]!)
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

/** Which conventional write a one-entity method is: `save`, `add<Entity>`, `store`... insert or update; `update<Entity>` updates only. */
export function writeKind(methodName: string, entityName: string): 'save' | 'update' | 'delete' | null {
  const entity = `(${entityName})?`
  if (new RegExp(`^(save|persist|store|upsert|add|create|insert|put)${entity}$`).test(methodName)) return 'save'
  if (new RegExp(`^update${entity}$`).test(methodName)) return 'update'
  if (new RegExp(`^(delete|remove)${entity}$`).test(methodName)) return 'delete'
  return null
}

/** What a save-like method returns: nothing, the entity, or an object holding its id (`Promise<{ id: string }>`). */
function savedResult(returns: ReturnShape, ctx: MethodContext): WriteResult | null {
  if (returns.kind === 'void') return { kind: 'void' }
  if (returns.kind !== 'single' || returns.orNull || returns.orUndefined || returns.wrapper) return null
  if (isEntity(returns.type, ctx.mapping.entity.name)) return { kind: 'entity' }
  const key = idKeyOf(returns.type, ctx)
  return key === null ? null : { kind: 'id', key }
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

/**
 * A single-result finder on one equality of a non-id column (`findByEmail(email): Promise<User | null>`) promises at
 * most one row: its column is a unique key. `First`/`Top` or an order say the author expects several.
 */
function uniqueKeyOf(query: DerivedQuery, ctx: MethodContext): { uniqueColumns?: readonly string[] } {
  if (query.where.length !== 1 || query.limit || query.orderBy.length > 0) return {}
  const group = query.where[0]!
  if (group.length !== 1 || group[0]!.operator !== 'equals') return {}
  const column = columnOf(group[0]!.property.path, ctx.mapping)
  if (column.primaryKey || !column.indexable || column.query.kind === 'json') return {}
  return { uniqueColumns: [column.column] }
}
