import type { Port, PortMethod, PortParameter, ReturnShape, TypeRef } from '../../model'
import { deriveQuery, type QueryProperty } from '../../query'
import type { EntityMapping } from '../mapping'

/**
 * What the decorator does with one port method, decided from its name and the shape of its signature:
 * - `read`: one entity by its id or by one property compared for equality, returning that entity (or null/undefined,
 *   or throwing when there is none): answered from Redis, filled on a miss;
 * - `write-entities`: takes the entity (or an array of them): after the commit, those instances' keys are evicted;
 * - `write-ids`: deletes by id: after the commit, those instances' keys are evicted;
 * - `write-unknown`: changes rows the decorator cannot name (`deleteByStatus`, a verb it does not know): after the
 *   commit every cached key of the entity is evicted;
 * - `pass`: any other read (lists, counts, pages, a finder with an order or several criteria) goes to the inner
 *   repository untouched.
 */
export type CacheRole =
  | {
      readonly kind: 'read'
      readonly by: 'id' | 'field'
      /** the property compared (for `field`: a top-level property, whose name is part of the key) */
      readonly field: string
      /** the parameter's domain value -> the stored value (the mapping's own conversion) */
      readonly stored: string
      /** what the port returns for "not found" */
      readonly absent: 'null' | 'undefined' | 'throw'
    }
  | { readonly kind: 'write-entities'; readonly entities: string; readonly alsoResult: boolean }
  | { readonly kind: 'write-ids'; readonly ids: string }
  | { readonly kind: 'write-unknown' }
  | { readonly kind: 'pass' }

export interface ClassifiedMethod {
  readonly role: CacheRole
  /** why a method that changes data is evicted wholesale, or why a finder is not cached (for warnings and docs) */
  readonly note?: string
}

const READ_VERB = /^(find|get|read|query|search|stream|list|load|fetch|count|exists|has|contains|is|check)(?=[A-Z]|$)/
const WRITE_VERB =
  /^(save|persist|store|upsert|add|create|insert|put|update|delete|remove|destroy|purge|clear|archive|restore|set|mark|increment|decrement|bulk|replace|patch|merge|sync|import|upsert)(?=[A-Z]|$)/
const DELETE_VERB = /^(delete|remove|destroy|purge)(?=[A-Z]|$)/

/** `names` are the parameter names as the decorator's signature spells them. */
export function classifyMethod(port: Port, method: PortMethod, mapping: EntityMapping, names: readonly string[]): ClassifiedMethod {
  const entity = mapping.entity.name
  const params = method.parameters
  if (!method.returns.async) return { role: { kind: 'pass' }, note: 'not asynchronous' }
  const first = params[0]
  const onlyFirstRequired = params.slice(1).every((p) => p.optional)
  if (first && onlyFirstRequired && !READ_VERB.test(method.name)) {
    if (isEntity(first.type, entity)) return { role: { kind: 'write-entities', entities: `[${names[0]!}]`, alsoResult: returnsEntity(method.returns, entity) } }
    if (isEntityArray(first.type, entity)) return { role: { kind: 'write-entities', entities: names[0]!, alsoResult: false } }
  }
  if (first && params.length === 1 && DELETE_VERB.test(method.name) && isIdParameter(first, port, mapping)) {
    return { role: { kind: 'write-ids', ids: `[${storedId(first, names[0]!, mapping)}]` } }
  }
  if (first && params.length === 1 && DELETE_VERB.test(method.name) && isIdArray(first, port, mapping)) {
    return { role: { kind: 'write-ids', ids: `${names[0]!}.map((value) => ${mapping.id.storeParameter('value')})` } }
  }
  if (READ_VERB.test(method.name)) {
    const read = cachedRead(method, mapping, names)
    return read.role ? { role: read.role } : { role: { kind: 'pass' }, note: read.reason }
  }
  if (WRITE_VERB.test(method.name))
    return {
      role: { kind: 'write-unknown' },
      note: `${port.name}.${method.name} changes rows the decorator cannot name: it evicts every cached ${entity} after the commit`,
    }
  return {
    role: { kind: 'write-unknown' },
    note: `${port.name}.${method.name} is neither a known read nor a known write: the decorator evicts every cached ${entity} after it (rename it find…/get… if it only reads)`,
  }
}

function cachedRead(method: PortMethod, mapping: EntityMapping, names: readonly string[]): { role?: CacheRole; reason?: string } {
  const entity = mapping.entity.name
  const returns = method.returns
  if (returns.kind !== 'single' || !isEntity(returns.type, entity)) return { reason: 'does not return one entity' }
  if (returns.wrapper) return { reason: 'returns a wrapped entity (Option): passed through' }
  if (method.parameters.length !== 1) return { reason: 'takes more than one parameter' }
  const parameter = method.parameters[0]!
  if (parameter.type.kind === 'object' || parameter.type.kind === 'unsupported' || parameter.optional) return { reason: 'its parameter is not one value' }
  const derived = deriveQuery({
    methodName: method.name,
    parameters: [{ name: parameter.name, pagination: parameter.pagination !== undefined, array: parameter.type.kind === 'array' }],
    properties: queryProperties(mapping),
    location: `${method.location.file}:${method.location.line}`,
    entityName: entity,
  })
  if (!derived.ok) return { reason: derived.reason }
  const query = derived.query
  const conditions = query.where.flat()
  if (query.subject !== 'find' || query.where.length !== 1 || conditions.length !== 1 || query.orderBy.length > 0 || query.limit !== undefined)
    return { reason: 'not a lookup by one property' }
  const condition = conditions[0]!
  if (condition.operator !== 'equals') return { reason: 'not an equality' }
  const column = mapping.columns.find((c) => c.column === condition.property.column)
  if (!column) return { reason: 'compares no column' }
  const absent = returns.orNull ? 'null' : returns.orUndefined ? 'undefined' : 'throw'
  const name = names[0]!
  if (column.primaryKey) {
    const stored = parameter.type.kind === 'primitive' && column.domainType.kind !== 'primitive' ? name : column.storeParameter(name)
    return { role: { kind: 'read', by: 'id', field: column.query.path, stored, absent } }
  }
  // a value key names its field: only a top-level property (`email`, not `address.city`) has a name of that form
  if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(column.query.path)) return { reason: 'compares a nested property' }
  if (column.query.kind === 'json') return { reason: 'compares a JSON column' }
  return { role: { kind: 'read', by: 'field', field: column.query.path, stored: column.storeParameter(name), absent } }
}

/** The properties a derived query may name: the columns, and `<entity>Id` for the id (as the repository generator reads them). */
function queryProperties(mapping: EntityMapping): QueryProperty[] {
  const properties = mapping.columns.map((c) => c.query)
  const entity = mapping.entity.name
  const alias = `${entity.charAt(0).toLowerCase()}${entity.slice(1)}Id`
  if (!properties.some((p) => p.path === alias)) properties.push({ ...mapping.id.query, path: alias })
  return properties
}

function storedId(parameter: PortParameter, name: string, mapping: EntityMapping): string {
  return parameter.type.kind === 'primitive' && mapping.id.domainType.kind !== 'primitive' ? name : mapping.id.storeParameter(name)
}

function isIdParameter(parameter: PortParameter, port: Port, mapping: EntityMapping): boolean {
  const type = parameter.type
  if (type.kind === 'object') return false
  if (port.id && sameType(type, port.id)) return true
  return sameType(type, mapping.id.domainType) || (/^id$/i.test(parameter.name) && type.kind === 'primitive')
}

function isIdArray(parameter: PortParameter, port: Port, mapping: EntityMapping): boolean {
  const type = parameter.type
  if (type.kind !== 'array') return false
  return isIdParameter({ ...parameter, type: type.element }, port, mapping) || (/ids$/i.test(parameter.name) && type.element.kind === 'primitive')
}

function sameType(a: TypeRef, b: TypeRef): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

function isEntity(type: TypeRef | { kind: 'object' }, entity: string): boolean {
  return type.kind === 'entity' && type.name === entity
}

function isEntityArray(type: TypeRef | { kind: 'object' }, entity: string): boolean {
  return type.kind === 'array' && isEntity(type.element, entity)
}

function returnsEntity(returns: ReturnShape, entity: string): boolean {
  return returns.kind === 'single' && isEntity(returns.type, entity)
}
