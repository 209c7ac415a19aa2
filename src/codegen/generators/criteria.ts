import type { ObjectParameterType, PageField, PortMethod, TypeRef } from '../model'
import { roleOf } from '../domain/ports'
import type { QuerySubject } from '../query'
import type { ColumnPlan } from './mapping'
import { pluralOf } from '../plural'

/**
 * Criteria-object finders (docs/generate.md "Criteria objects"): `findUsers(by: { email?: string; status?: Status })`,
 * `countMedias(by)`, `find(criteria: Partial<Pick<User, 'email'>>)`. The verb names the query, the object's fields name
 * entity properties compared for equality when present; the return shape decides one row, many, a count or a boolean.
 */

/** One field of the criteria object and the column it is compared with. */
export interface CriteriaField {
  readonly name: string
  readonly column: ColumnPlan
  /**
   * `raw`: the field holds the stored primitive itself (`id?: string` for an id class); `store`: a domain value
   * converted by the column's storeParameter
   */
  readonly value: 'raw' | 'store'
  /** the field's type admits null (`caption?: Nullable<string>`) */
  readonly acceptsNull: boolean
  /** the property is nullable: an explicit null means IS NULL; otherwise null is skipped like undefined */
  readonly nullMeansIsNull: boolean
}

export type CriteriaMatch =
  | {
      readonly ok: true
      readonly subject: QuerySubject
      readonly fields: readonly CriteriaField[]
      /** an input object's own paging fields (`{ ownerId, page, pageSize }`): the criteria parameter is also the page request */
      readonly paging?: { readonly fields: readonly PageField[] }
    }
  | { readonly ok: false; readonly reason: string }

const PAGING_ROLES: ReadonlySet<string> = new Set(['page', 'pageSize', 'limit', 'offset'])

const VERB = /^(find|get|count|exists|delete)(One|All|Many)?([A-Z]\w*)?$/

/** The query a criteria method's name asks for: a verb alone or followed by the entity's name, singular or plural. */
export function criteriaSubject(methodName: string, entityName: string): QuerySubject | null {
  const match = VERB.exec(methodName)
  if (!match) return null
  const noun = match[3]
  if (noun !== undefined && !entityForms(entityName).includes(noun)) return null
  const verb = match[1]!
  return verb === 'get' ? 'find' : (verb as QuerySubject)
}

function entityForms(entity: string): string[] {
  // the correct plural, and the sloppy ones people write (`findBoxs`, `findStatuss` are still clear)
  return [...new Set([entity, pluralOf(entity), `${entity}s`, `${entity}es`])]
}

/**
 * Whether `method` is a criteria finder over `columns`: null when it is not one at all (another rule may apply);
 * otherwise the matched fields, or why it cannot be generated (a field the entity lacks, a type that differs).
 */
export function matchCriteria(method: PortMethod, entityName: string, columns: readonly ColumnPlan[]): CriteriaMatch | null {
  const subject = criteriaSubject(method.name, entityName)
  const first = method.parameters[0]
  if (subject === null || !first || first.type.kind !== 'object' || first.pagination) return null
  const where = `${method.location.file}:${method.location.line}`
  const criteria: ObjectParameterType = first.type
  if (criteria.fields.length === 0) return { ok: false, reason: `the criteria "${first.name}" of ${method.name} (${where}) has no fields` }
  const fields: CriteriaField[] = []
  const paging: PageField[] = []
  for (const field of criteria.fields) {
    const column = columns.find((c) => c.query.path === field.name)
    // a number field named like paging that is not a property (`page`, `pageSize`, `limit`, `offset`) pages the result
    const role = roleOf(field.name)
    if (!column && PAGING_ROLES.has(role) && field.type.kind === 'primitive' && field.type.name === 'number') {
      paging.push({ name: field.name, role, type: field.type, optional: field.optional })
      continue
    }
    if (!column)
      return {
        ok: false,
        reason: `the criteria field "${first.name}.${field.name}" of ${method.name} (${where}) is not a property of ${entityName} stored as one column`,
      }
    const acceptsNull = field.type.kind === 'nullable' && field.type.null
    const type = field.type.kind === 'nullable' ? field.type.inner : field.type
    const value = fieldFits(type, column.domainType)
    if (value === null) {
      return {
        ok: false,
        reason: `the criteria field "${first.name}.${field.name}" of ${method.name} (${where}) is a ${describeType(type)}, but ${entityName}.${field.name} is a ${describeType(column.domainType)}`,
      }
    }
    fields.push({ name: field.name, column, value, acceptsNull, nullMeansIsNull: column.allowNull })
  }
  const rest = method.parameters.slice(1)
  const required = rest.find((p) => !p.optional && !p.pagination)
  if (required)
    return {
      ok: false,
      reason: `${method.name} (${where}) takes a required parameter "${required.name}" after its criteria; infra only knows what to do with the criteria and an optional page request`,
    }
  if (paging.length > 0 && fields.length === 0) return null
  return { ok: true, subject, fields, ...(paging.length > 0 ? { paging: { fields: paging } } : {}) }
}

/** `raw` or `store` when a criteria value of `field` can be compared with a column holding `property`; null when not. */
export function fieldFits(field: TypeRef, property: TypeRef): 'raw' | 'store' | null {
  switch (field.kind) {
    case 'primitive':
      if (field.widened) return null
      if (property.kind === 'primitive') return property.name === field.name && !property.widened ? 'store' : null
      // an id or a single-value id class is stored as its primitive: the caller's primitive is the column's value
      if (property.kind === 'id') return property.primitive === field.name ? 'raw' : null
      return null
    case 'literal-union':
      return property.kind === 'literal-union' && property.base === field.base && field.values.every((v) => property.values.includes(v)) ? 'store' : null
    case 'enum':
    case 'id':
    case 'value-object':
      return property.kind === field.kind && property.name === field.name ? 'store' : null
    default:
      return null
  }
}

function describeType(type: TypeRef): string {
  switch (type.kind) {
    case 'primitive':
      return type.name
    case 'literal-union':
      return type.alias?.name ?? type.values.map((v) => JSON.stringify(v)).join(' | ')
    case 'enum':
    case 'id':
    case 'value-object':
    case 'entity':
      return type.name
    case 'array':
      return `${describeType(type.element)}[]`
    case 'nullable':
      return `${describeType(type.inner)} | null`
    case 'json':
    case 'tagged-union':
      return type.text
    case 'unsupported':
      return type.text
  }
}
