import ts from 'typescript'
import type { FilterCriteriaShape, MemberRead, SpelledMember } from '../model'
import { isPublic, isStatic } from './context'

/**
 * The common criteria shape, read by types (docs/generate-domain.md, "Filter criteria"):
 * `{ filters: Filter[] | Filters; order?: Order; limit?: number; offset?: number }` where a Filter has a field (a
 * string, `keyof Entity`, or a value object wrapping one), an operator (an enum or a literal union, or a value object
 * wrapping one) and a value (anything, or a value object wrapping it); an Order has a field and a direction (an enum or
 * literal union whose members spell asc/desc). Every data member of the criteria must be one of these parts:
 * undefined when the type is not this shape, so other rules (criteria objects, input objects) still apply.
 */
export function readFilterCriteria(checker: ts.TypeChecker, type: ts.Type, entityProperties: readonly string[]): FilterCriteriaShape | undefined {
  const members = dataMembers(checker, type)
  if (!members) return undefined
  let filters: { path: MemberRead[]; parts: FilterParts } | undefined
  let order: FilterCriteriaShape['order']
  let limit: MemberRead[] | undefined
  let offset: MemberRead[] | undefined
  for (const member of members) {
    const list = filterList(checker, member.type, entityProperties)
    if (list && !filters) {
      filters = { path: [member.read, ...list.path], parts: list.parts }
      continue
    }
    const sort = orderOf(checker, member.type)
    if (sort && !order) {
      order = { path: [member.read], ...sort }
      continue
    }
    if (member.type.flags & ts.TypeFlags.NumberLike) {
      if (/^(limit|take|size)$/i.test(member.read.name) && !limit) {
        limit = [member.read]
        continue
      }
      if (/^(offset|skip)$/i.test(member.read.name) && !offset) {
        offset = [member.read]
        continue
      }
    }
    // a member the shape does not know would be ignored by the generated query: not this shape
    return undefined
  }
  if (!filters) return undefined
  return {
    filters: filters.path,
    ...filters.parts,
    ...(order ? { order } : {}),
    ...(limit ? { limit } : {}),
    ...(offset ? { offset } : {}),
  }
}

interface DataMember {
  readonly read: MemberRead
  /** the member's type without null/undefined */
  readonly type: ts.Type
}

type FilterParts = Pick<FilterCriteriaShape, 'field' | 'operator' | 'value' | 'operators' | 'operatorType'>

/** The public, non-static, non-function members of an object type (fields and getters); undefined for other types. */
function dataMembers(checker: ts.TypeChecker, type: ts.Type): DataMember[] | undefined {
  if (!(type.flags & ts.TypeFlags.Object) || checker.isArrayType(type) || checker.isTupleType(type) || type.getCallSignatures().length > 0) return undefined
  const members: DataMember[] = []
  for (const symbol of checker.getPropertiesOfType(type)) {
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0]
    if (declaration && (!isPublic(declaration) || isStatic(declaration))) continue
    if (symbol.name.startsWith('__#')) continue
    const declared = checker.getTypeOfSymbol(symbol)
    if (ts.isMethodDeclaration(declaration ?? symbol.declarations?.[0] ?? ({} as ts.Node)) || declared.getCallSignatures().length > 0) continue
    // (`unknown` is not narrowed to `{}`: only a union with null or undefined may be absent)
    const nullable = declared.isUnion() && declared.types.some((t) => (t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) !== 0)
    const inner = nullable ? checker.getNonNullableType(declared) : declared
    const optional = (symbol.flags & ts.SymbolFlags.Optional) !== 0 || nullable
    members.push({ read: { name: symbol.name, optional }, type: inner })
  }
  return members.length > 0 ? members : undefined
}

/** `Filter[]`, or a class or interface holding only a `Filter[]` (`Filters { filters: Filter[] }`). */
function filterList(checker: ts.TypeChecker, type: ts.Type, entityProperties: readonly string[]): { path: MemberRead[]; parts: FilterParts } | undefined {
  const element = arrayElement(checker, type)
  if (element) {
    const parts = filterParts(checker, element, entityProperties)
    return parts ? { path: [], parts } : undefined
  }
  const members = dataMembers(checker, type)
  if (members?.length !== 1 || members[0]!.read.optional) return undefined
  const inner = arrayElement(checker, members[0]!.type)
  const parts = inner && filterParts(checker, inner, entityProperties)
  return parts ? { path: [members[0]!.read], parts } : undefined
}

function arrayElement(checker: ts.TypeChecker, type: ts.Type): ts.Type | undefined {
  if (!checker.isArrayType(type)) return undefined
  return checker.getTypeArguments(type as ts.TypeReference)[0]
}

/** Field names are told from values by type (a `keyof Entity` union); two plain strings by the field's usual names. */
const FIELD_NAME = /^(field|property|attribute|column|key|path|name)$/i

/**
 * A filter: three members, one an operator (enum or literal union whose members spell comparisons), one a field name
 * (string-like), the third its value. Each may be a value object wrapping the primitive in its single member.
 */
function filterParts(checker: ts.TypeChecker, type: ts.Type, entityProperties: readonly string[]): FilterParts | undefined {
  const members = dataMembers(checker, type)
  if (members?.length !== 3) return undefined
  const unwrapped = members.map((member) => ({ member, scalar: unwrapScalar(checker, member) }))
  const operators = unwrapped.filter((u) => {
    const spelled = u.scalar && spelledMembers(u.scalar.type)
    return spelled && spelled.some((m) => comparisonSpelling(m)) && !isPropertyNames(spelled, entityProperties)
  })
  if (operators.length !== 1) return undefined
  const operator = operators[0]!
  const rest = unwrapped.filter((u) => u !== operator)
  const fieldLike = rest.filter((u) => u.scalar && isStringLike(u.scalar.type))
  const byType = fieldLike.filter((u) => isPropertyNames(spelledMembers(u.scalar!.type) ?? [], entityProperties))
  const byName = fieldLike.filter((u) => FIELD_NAME.test(u.member.read.name))
  const field = fieldLike.length === 1 ? fieldLike[0] : byType.length === 1 ? byType[0] : byName.length === 1 ? byName[0] : undefined
  // the value may be absent (IS NULL takes none); the field and the operator may not
  if (!field || field.member.read.optional || operator.member.read.optional) return undefined
  const value = rest.find((u) => u !== field)!
  return {
    field: field.scalar!.path,
    operator: operator.scalar!.path,
    // a value object around the value is unwrapped; any other value is given to the query as it is
    value: value.scalar?.path ?? [value.member.read],
    operators: spelledMembers(operator.scalar!.type)!,
    operatorType: checker.typeToString(operator.member.type),
  }
}

/** An order: two members, a direction (members spelling asc/desc) and a field name (string-like), each maybe wrapped. */
function orderOf(checker: ts.TypeChecker, type: ts.Type): Omit<NonNullable<FilterCriteriaShape['order']>, 'path'> | undefined {
  const members = dataMembers(checker, type)
  if (members?.length !== 2 || members.some((m) => m.read.optional)) return undefined
  const unwrapped = members.map((member) => ({ member, scalar: unwrapScalar(checker, member) }))
  const direction = unwrapped.find((u) => u.scalar && (spelledMembers(u.scalar.type) ?? []).some((m) => directionSpelling(m) !== undefined))
  const field = unwrapped.find((u) => u !== direction && u.scalar && isStringLike(u.scalar.type))
  if (!direction || !field) return undefined
  return { field: field.scalar!.path, direction: direction.scalar!.path, directions: spelledMembers(direction.scalar!.type)! }
}

/** The member's primitive (or enum, or literal union), directly or through a value object's single member (`.value`). */
function unwrapScalar(checker: ts.TypeChecker, member: DataMember): { path: MemberRead[]; type: ts.Type } | undefined {
  if (isScalar(member.type)) return { path: [member.read], type: member.type }
  const inner = dataMembers(checker, member.type)
  if (inner?.length !== 1 || inner[0]!.read.optional || !isScalar(inner[0]!.type)) return undefined
  return { path: [member.read, inner[0]!.read], type: inner[0]!.type }
}

function isScalar(type: ts.Type): boolean {
  const scalar = ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.EnumLike
  return type.isUnion() ? type.types.every((t) => (t.flags & scalar) !== 0) : (type.flags & scalar) !== 0
}

function isStringLike(type: ts.Type): boolean {
  return type.isUnion() ? type.types.every((t) => (t.flags & ts.TypeFlags.StringLike) !== 0) : (type.flags & ts.TypeFlags.StringLike) !== 0
}

/** The members of an enum or a union of string/number literals; undefined for any other type. */
function spelledMembers(type: ts.Type): SpelledMember[] | undefined {
  const parts = type.isUnion() ? type.types : [type]
  const members: SpelledMember[] = []
  for (const part of parts) {
    if (!part.isStringLiteral() && !part.isNumberLiteral()) return undefined
    const name = part.flags & ts.TypeFlags.EnumLiteral ? part.symbol?.name : undefined
    members.push({ value: part.value, ...(name ? { name } : {}) })
  }
  return members
}

/** `keyof Entity`: a literal union whose members are all property names of the entity. */
function isPropertyNames(members: readonly SpelledMember[], entityProperties: readonly string[]): boolean {
  return members.length > 0 && members.every((m) => typeof m.value === 'string' && entityProperties.includes(m.value))
}

/** How an operator is spelled, compared without case, underscores, dashes or spaces: `NOT_CONTAINS` is `notcontains`. */
function normalizedSpelling(spelling: string): string {
  return spelling.toLowerCase().replace(/[\s_-]/g, '')
}

/** What a filter's operator does; the generated query turns each into a Sequelize operator with bound values. */
export type FilterComparison =
  | 'equals'
  | 'not'
  | 'greaterThan'
  | 'greaterThanEqual'
  | 'lessThan'
  | 'lessThanEqual'
  | 'containing'
  | 'notContaining'
  | 'like'
  | 'notLike'
  | 'startingWith'
  | 'endingWith'
  | 'in'
  | 'notIn'
  | 'isNull'
  | 'isNotNull'

/** The comparisons an operator member may spell (its value, or for a number enum its name), normalized. */
const COMPARISON_SPELLINGS: ReadonlyMap<string, FilterComparison> = new Map<string, FilterComparison>(
  Object.entries({
    '=': 'equals',
    '==': 'equals',
    '===': 'equals',
    eq: 'equals',
    equal: 'equals',
    equals: 'equals',
    '!=': 'not',
    '!==': 'not',
    '<>': 'not',
    ne: 'not',
    neq: 'not',
    notequal: 'not',
    notequals: 'not',
    '>': 'greaterThan',
    gt: 'greaterThan',
    greaterthan: 'greaterThan',
    '>=': 'greaterThanEqual',
    gte: 'greaterThanEqual',
    greaterthanorequal: 'greaterThanEqual',
    greaterthanequal: 'greaterThanEqual',
    '<': 'lessThan',
    lt: 'lessThan',
    lessthan: 'lessThan',
    '<=': 'lessThanEqual',
    lte: 'lessThanEqual',
    lessthanorequal: 'lessThanEqual',
    lessthanequal: 'lessThanEqual',
    contains: 'containing',
    containing: 'containing',
    notcontains: 'notContaining',
    notcontaining: 'notContaining',
    like: 'like',
    notlike: 'notLike',
    startswith: 'startingWith',
    startingwith: 'startingWith',
    beginswith: 'startingWith',
    endswith: 'endingWith',
    endingwith: 'endingWith',
    in: 'in',
    notin: 'notIn',
    nin: 'notIn',
    isnull: 'isNull',
    isnotnull: 'isNotNull',
  } satisfies Record<string, FilterComparison>),
)

/** The comparison a member spells, by its value (a string) or its enum name (a number enum), or undefined. */
export function comparisonSpelling(member: SpelledMember): FilterComparison | undefined {
  const spelled = (text: string | undefined) => (text === undefined ? undefined : COMPARISON_SPELLINGS.get(normalizedSpelling(text)))
  return (typeof member.value === 'string' ? spelled(member.value) : undefined) ?? spelled(member.name)
}

/** `ASC`, `DESC`, or `none` (no order asked) for a direction member; undefined when it spells none of them. */
export function directionSpelling(member: SpelledMember): 'ASC' | 'DESC' | 'none' | undefined {
  const spelled = (text: string | undefined) => {
    const normalized = text === undefined ? '' : normalizedSpelling(text)
    if (normalized === 'asc' || normalized === 'ascending') return 'ASC'
    if (normalized === 'desc' || normalized === 'descending') return 'DESC'
    if (normalized === 'none') return 'none'
    return undefined
  }
  return (typeof member.value === 'string' ? spelled(member.value) : undefined) ?? spelled(member.name)
}
