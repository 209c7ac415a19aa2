import type { ColumnPlan, EntityMapping } from '../mapping'
import { stringLiteral } from '../layout'
import type { Needs } from '../needs'
import { pageFieldExpression } from '../page-fields'
import { columnOf } from '../methods'
import type { FailureValue, VariantBuilder } from '../../model'
import { filterColumnsTable, filterData } from './filter-emitter'
import type { Operator } from '../../query'
import type {
  ArgumentRef,
  Condition,
  Criteria,
  DeleteResult,
  MethodPlan,
  Ordering,
  PageFieldRole,
  Paging,
  ResultPlan,
  WriteResult,
} from '../repository/method-plan'

/**
 * The Sequelize/MySQL emitter of repository method plans: each plan becomes the data of its partial
 * (templates/repository/partials/<kind>.hbs), which writes the statements. What the emitter writes are the
 * expressions a partial fills in (a `where` object, the options of a query, a stored argument); what a body needs from
 * the file (Op, the LIKE escaping helper, the class's private helpers, imports of Some/None or a page class) is
 * recorded from the plan, never read back from text.
 */

/** The repository class's private helpers a body calls (the class declares only those). */
export type RepositoryHelper = 'write' | 'writeMany' | 'remove' | 'loaded'

/** What the bodies of one repository use, gathered while they are emitted. */
export interface EmitterUses {
  op: boolean
  escapeLike: boolean
  notFound: boolean
  /** `bindTransaction` of transaction.ts (a `withTransaction(tx)`) */
  bindTransaction: boolean
  /** the module helpers of filter criteria methods (filter-emitter.ts): the queryable properties' table, and whether a list orders and pages */
  filters: false | { columns: string; orders: boolean; windows: boolean }
  readonly helpers: Set<RepositoryHelper>
}

export interface EmitContext {
  readonly mapping: EntityMapping
  /** the repository file's imports of declarations (Some/None from oxide.ts, a page class built with `new`) */
  readonly needs: Needs
  readonly uses: EmitterUses
}

export function emitterUses(): EmitterUses {
  return { op: false, escapeLike: false, notFound: false, bindTransaction: false, filters: false, helpers: new Set() }
}

/** The data of one method in the repository template: its declaration, the partial of its kind, and that partial's data. */
export type EmittedMethod = Record<string, unknown> & { readonly partial: string }

/** a read row as the entity (through the class's `#loaded`, which remembers the row version for optimistic locking) */
const ENTITY_OF_ROW = 'this.#loaded(row.get({ plain: true }))'

export function emitMethod(plan: MethodPlan, ctx: EmitContext): EmittedMethod {
  const declaration = {
    name: plan.name,
    kind: plan.kind,
    summary: plan.summary,
    partial: `repository/${plan.kind}`,
    ...(plan.kind === 'stub' ? { notImplemented: plan.notImplemented } : {}),
    property: plan.signature.property,
    async: plan.signature.async,
    parameters: plan.signature.parameters,
    returnType: plan.signature.returnType,
  }
  return { ...declaration, ...bodyData(plan, ctx) }
}

function bodyData(plan: MethodPlan, ctx: EmitContext): Record<string, unknown> {
  const entity = ctx.mapping.entity.name
  switch (plan.kind) {
    case 'itself':
      if (plan.transaction) ctx.uses.bindTransaction = true
      return { transaction: plan.transaction ?? false }
    case 'result':
      return resultData(plan, ctx)
    case 'filter':
      // the module's filter helpers build conditions with Op and escape LIKE patterns
      ctx.uses.op = true
      ctx.uses.escapeLike = true
      ctx.uses.filters = {
        columns: filterColumnsTable(plan.columns),
        orders: (ctx.uses.filters && ctx.uses.filters.orders) || (plan.result === 'list' && plan.shape.order !== undefined),
        windows: (ctx.uses.filters && ctx.uses.filters.windows) || plan.result === 'list',
      }
      if (plan.result === 'list') ctx.uses.helpers.add('loaded')
      return { ...filterData(plan, ctx.mapping.id.column), entityOfRow: ENTITY_OF_ROW }
    case 'stub':
      return { reasonLiteral: stringLiteral(`not implemented: ${plan.notImplemented}`) }
    case 'save':
      ctx.uses.helpers.add('write')
      if (plan.idFromDatabase && plan.result.kind === 'entity') ctx.uses.helpers.add('loaded')
      return {
        entityVariable: plan.parameter,
        mode: plan.mode,
        idFromDatabase: plan.idFromDatabase,
        idProperty: ctx.mapping.entity.idProperty,
        ...writeResult(plan.result, { id: ctx.mapping.id.writeFrom(plan.parameter) }),
      }
    case 'update':
      ctx.uses.helpers.add('write')
      return { entityVariable: plan.parameter, ...writeResult(plan.result, { id: `written.${ctx.mapping.id.column}` }) }
    case 'save-many':
      ctx.uses.helpers.add('writeMany')
      return { entitiesVariable: plan.parameter, mode: plan.mode, returnsList: plan.result === 'list' }
    case 'delete': {
      if (plan.target.kind === 'entity') ctx.uses.helpers.add('remove')
      const criteria = plan.target.kind === 'rows' ? plan.target.criteria : ({ kind: 'every-row' } as const)
      return {
        ...criteriaObjectData(criteria, ctx),
        removes: plan.target.kind === 'entity' ? plan.target.parameter : false,
        // no condition is every row, said explicitly (Sequelize refuses a destroy without `where`)
        destroyOptions: optionsOf([whereEntry(criteria, ctx) ?? 'where: {}']),
        noCriteriaLiteral: stringLiteral(`${plan.name}: no criteria given (it would delete every row)`),
        ...deleteResult(plan.result),
      }
    }
    case 'exists':
      return { ...criteriaObjectData(plan.criteria, ctx), where: whereOf(plan.criteria, ctx) ?? '{}', idColumn: ctx.mapping.id.column }
    case 'count':
      return { ...criteriaObjectData(plan.criteria, ctx), options: optionsOf([whereEntry(plan.criteria, ctx)]) }
    case 'find-one': {
      ctx.uses.helpers.add('loaded')
      const result = plan.result
      if (result.kind === 'option') for (const name of ['Some', 'None']) ctx.needs.fromPackage(result.module, name, false)
      if (result.kind === 'entity-or-throw') ctx.uses.notFound = true
      return {
        ...criteriaObjectData(plan.criteria, ctx),
        options: optionsOf([whereEntry(plan.criteria, ctx), orderEntry(plan.order)]),
        entityOfRow: ENTITY_OF_ROW,
        returnsOption: result.kind === 'option',
        absent: result.kind === 'entity-or-absent' ? result.absent : false,
        entityLiteral: stringLiteral(entity),
        methodLiteral: stringLiteral(plan.name),
      }
    }
    case 'find-many': {
      ctx.uses.helpers.add('loaded')
      const window = plan.paging ? [limitEntry(plan.paging), 'offset'] : plan.limit ? [`limit: ${plan.limit}`] : []
      return {
        request: plan.paging ? requestData(plan.paging) : false,
        ...criteriaObjectData(plan.criteria, ctx),
        options: optionsOf([whereEntry(plan.criteria, ctx), orderEntry(plan.order), ...window]),
        entityOfRow: ENTITY_OF_ROW,
      }
    }
    case 'find-page': {
      const fields = plan.page.fields.map((field) => {
        const value = pageFieldValue(field.role, plan.paging)
        return { name: field.name, value, shorthand: value === field.name }
      })
      if (plan.page.fields.some((f) => f.role === 'items')) ctx.uses.helpers.add('loaded')
      if (plan.page.pageClass) ctx.needs.value(plan.page.pageClass.module, plan.page.pageClass.name)
      return {
        request: requestData(plan.paging),
        ...criteriaObjectData(plan.criteria, ctx),
        options: optionsOf([whereEntry(plan.criteria, ctx), orderEntry(plan.order), limitEntry(plan.paging), 'offset']),
        pageClass: plan.page.pageClass?.name ?? false,
        fields,
      }
    }
  }
}

/**
 * The data of the result partial: the value plan's partial and data (its body runs in an async arrow function whose
 * result is the value), and the expressions that wrap it: the success, the failure of nothing found, of an Error thrown.
 */
function resultData(plan: ResultPlan, ctx: EmitContext): Record<string, unknown> {
  const notFound = plan.notFound?.kind === 'failure' ? variantOf(plan.notFound.builder, failureArgument(plan.notFound.value, plan.name, ctx), ctx) : false
  return {
    valuePartial: `repository/${plan.value.kind}`,
    value: bodyData(plan.value, ctx),
    success: variantOf(plan.success, 'value', ctx),
    notFound,
    errorsAsFailure: plan.errorsAsFailure ? variantOf(plan.errorsAsFailure, 'error', ctx) : false,
  }
}

/** `ok(value)`, `Outcome.ok(value)`, `new Right(value)` or `{ ok: true, value }`, importing what it names. */
function variantOf(builder: VariantBuilder, argument: string, ctx: EmitContext): string {
  switch (builder.kind) {
    case 'call':
      ctx.needs.value(builder.callee, builder.callee.exportName)
      return `${builder.callee.exportName}(${argument})`
    case 'static':
      ctx.needs.value(builder.owner, builder.owner.exportName)
      return `${builder.owner.exportName}.${builder.method}(${argument})`
    case 'new':
      ctx.needs.value(builder.variant, builder.variant.exportName)
      return `new ${builder.variant.exportName}(${argument})`
    case 'literal': {
      const key = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : stringLiteral(name))
      const value = builder.valueField === argument ? argument : `${key(builder.valueField)}: ${argument}`
      const fields = [...builder.fields.map((f) => `${key(f.name)}: ${f.value}`), value]
      return `{ ${fields.join(', ')} }`
    }
  }
}

/** What a finder that found nothing puts in the failure: infra's EntityNotFoundError, its message, or `new E(message)`. */
function failureArgument(value: FailureValue, method: string, ctx: EmitContext): string {
  const entity = ctx.mapping.entity.name
  switch (value.kind) {
    case 'error':
      ctx.uses.notFound = true
      return `new EntityNotFoundError(${stringLiteral(entity)}, ${stringLiteral(method)})`
    case 'message':
      return stringLiteral(`${entity} not found (${method})`)
    case 'class':
      ctx.needs.value(value.module, value.name)
      return `new ${value.name}(${stringLiteral(`${entity} not found (${method})`)})`
  }
}

function writeResult(result: WriteResult, values: { id: string }): Record<string, unknown> {
  return { returnsEntity: result.kind === 'entity', returnedId: result.kind === 'id' ? { key: result.key, value: values.id } : false }
}

function deleteResult(result: DeleteResult): Record<string, unknown> {
  return { returnsCount: result === 'count', returnsDeleted: result === 'boolean' }
}

/** `{ where, order, limit }` as the argument of a Sequelize query, or nothing when there is no option */
function optionsOf(entries: readonly (string | null)[]): string {
  const given = entries.filter((e): e is string => e !== null)
  return given.length === 0 ? '' : `{ ${given.join(', ')} }`
}

function whereEntry(criteria: Criteria, ctx: EmitContext): string | null {
  const where = whereOf(criteria, ctx)
  return where === null ? null : where === 'where' ? 'where' : `where: ${where}`
}

function orderEntry(order: readonly Ordering[]): string | null {
  return order.length === 0 ? null : `order: [${order.map((o) => `['${o.column.column}', '${o.direction}']`).join(', ')}]`
}

/** `limit`, or a spread leaving it out when the caller gave no size (exactOptionalPropertyTypes refuses `limit: undefined`) */
function limitEntry(paging: Paging): string {
  return paging.sizeMayBeAbsent ? '...(limit === undefined ? {} : { limit })' : 'limit'
}

/** The data of the criteria-object partial (`const where = { ...present fields }`), or false for other criteria. */
function criteriaObjectData(criteria: Criteria, ctx: EmitContext): { criteriaObject: false | { fields: unknown[] } } {
  if (criteria.kind !== 'criteria-object') return { criteriaObject: false }
  const fields = criteria.fields.map((field) => {
    const access = `${criteria.parameter}.${field.field}`
    const column = columnOf(field.column.property, ctx.mapping)
    const stored = field.unwrap === 'as-given' ? access : column.storeParameter(access)
    // an explicit null is IS NULL for a nullable property; `!= null` skips it for the others
    const value = field.nullMeansIsNull && stored !== access ? `${access} === null ? null : ${stored}` : stored
    return { access, column: field.column.column, value, nullMeansIsNull: field.nullMeansIsNull }
  })
  return { criteriaObject: { fields } }
}

/** The `where` object of the criteria (`where` for a criteria object, built by its partial), or null for every row. */
function whereOf(criteria: Criteria, ctx: EmitContext): string | null {
  switch (criteria.kind) {
    case 'every-row':
      return null
    case 'criteria-object':
      return 'where'
    case 'any-of': {
      const groups = criteria.groups.map((group) => groupText(group, ctx))
      if (groups.length === 1) return groups[0]!
      ctx.uses.op = true
      return `{ [Op.or]: [${groups.join(', ')}] }`
    }
  }
}

function groupText(group: readonly Condition[], ctx: EmitContext): string {
  const parts = group.map((condition) => conditionText(condition, ctx))
  const columns = group.map((c) => c.column.column)
  if (new Set(columns).size === columns.length) return `{ ${parts.join(', ')} }`
  ctx.uses.op = true
  return `{ [Op.and]: [${parts.map((p) => `{ ${p} }`).join(', ')}] }`
}

/**
 * How each operator of the query grammar becomes a Sequelize condition, in one place: the `Op` it uses (none: a plain
 * `column: value`) and how its arguments are given: one stored value, a list, a pair, a LIKE pattern around the escaped
 * text, or a constant.
 */
const SEQUELIZE_CONDITIONS: Readonly<
  Record<Operator, { readonly op?: string; readonly value: 'one' | 'list' | 'pair' | 'null' | 'true' | 'false' | ((text: string) => string) }>
> = {
  equals: { value: 'one' },
  not: { op: 'ne', value: 'one' },
  in: { op: 'in', value: 'list' },
  notIn: { op: 'notIn', value: 'list' },
  lessThan: { op: 'lt', value: 'one' },
  lessThanEqual: { op: 'lte', value: 'one' },
  greaterThan: { op: 'gt', value: 'one' },
  greaterThanEqual: { op: 'gte', value: 'one' },
  between: { op: 'between', value: 'pair' },
  like: { op: 'like', value: 'one' },
  startingWith: { op: 'like', value: (v) => `\`\${${v}}%\`` },
  endingWith: { op: 'like', value: (v) => `\`%\${${v}}\`` },
  containing: { op: 'like', value: (v) => `\`%\${${v}}%\`` },
  isNull: { op: 'is', value: 'null' },
  isNotNull: { op: 'not', value: 'null' },
  true: { value: 'true' },
  false: { value: 'false' },
}

function conditionText(condition: Condition, ctx: EmitContext): string {
  const column = columnOf(condition.column.property, ctx.mapping)
  const [a, b] = condition.values
  const spec = SEQUELIZE_CONDITIONS[condition.operator]
  let value: string
  if (spec.value === 'one') value = stored(a!, column)
  else if (spec.value === 'list') value = listOf(a!, column)
  else if (spec.value === 'pair') value = `[${stored(a!, column)}, ${stored(b!, column)}]`
  else if (typeof spec.value === 'function') {
    ctx.uses.escapeLike = true
    value = spec.value(`escapeLike(${a!.parameter})`)
  } else value = spec.value
  if (spec.op === undefined) return value === column.column ? column.column : `${column.column}: ${value}`
  ctx.uses.op = true
  return `${column.column}: { [Op.${spec.op}]: ${value} }`
}

/** the argument as the column stores it: as given, or unwrapped by the entity mapping (a value object's primitive...) */
function stored(argument: ArgumentRef, column: ColumnPlan): string {
  return argument.unwrap === 'as-given' ? argument.parameter : column.storeParameter(argument.parameter)
}

function listOf(argument: ArgumentRef, column: ColumnPlan): string {
  const element = stored({ ...argument, parameter: 'value' }, column)
  return element === 'value' ? `[...${argument.parameter}]` : `${argument.parameter}.map((value) => ${element})`
}

/** The data of the page-request partial: where the size and the offset (or the 1-based page number) are read. */
function requestData(paging: Paging): Record<string, unknown> {
  const access = (field: { name: string }) => `${paging.parameter}${paging.optional ? '?.' : '.'}${field.name}`
  // `request?.offset ?? 0` when the request or the field is optional
  const withFallback = (field: { name: string; optional: boolean }, fallback: string) =>
    paging.optional || field.optional ? `${access(field)} ?? ${fallback}` : access(field)
  const start = paging.start
  return {
    limitAccess: access(paging.limit),
    limitName: paging.limit.name,
    sizeMayBeAbsent: paging.sizeMayBeAbsent,
    offset: start.kind === 'offset' ? { value: withFallback(start.field, '0'), name: start.field.name } : false,
    page: start.kind === 'page' ? { value: withFallback(start.field, '1'), name: start.field.name } : false,
  }
}

/** The value of one field of the page returned, from `rows`, `count`, `limit`, `offset` (and `pageNumber`). */
function pageFieldValue(role: PageFieldRole, paging: Paging): string {
  const numbered = paging.start.kind === 'page'
  if (paging.sizeMayBeAbsent) {
    // no size given: one page holding every row
    if (role === 'pageSize' || role === 'limit') return 'limit ?? rows.length'
    if (role === 'totalPages') return 'limit === undefined ? 1 : Math.ceil(count / limit)'
    if (role === 'page' && !numbered) return 'limit === undefined ? 1 : Math.floor(offset / limit) + 1'
  }
  return pageFieldExpression(role, {
    items: `rows.map((row) => ${ENTITY_OF_ROW})`,
    rows: 'rows.length',
    total: 'count',
    ...(numbered ? { page: 'pageNumber' } : {}),
  })
}
