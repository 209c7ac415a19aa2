import { pluralOf } from '../plural'
import { keywordsAt, operatorSpec } from './operators'
import type { Condition, DeriveInput, DeriveResult, Operator, Ordering, QueryProperty, QuerySubject } from './types'

const SUBJECTS: ReadonlyArray<readonly [RegExp, QuerySubject]> = [
  [/^(find|get|read|query|search|stream|list|load|fetch)(All)?/, 'find'],
  [/^count(All)?/, 'count'],
  [/^exists(All)?/, 'exists'],
  [/^(delete|remove)(All)?/, 'delete'],
]

interface ParsedCondition {
  property: QueryProperty
  operator: Operator
}

/**
 * Derives a query from a repository method's name, as Spring Data does:
 * `find|get|count|exists|delete` [`All`] [`First`|`Top<N>`] [noun] `By` <property>[<operator>] ((`And`|`Or`) ...)* [`OrderBy` (<property>[`Asc`|`Desc`])+],
 * with an optional trailing pagination parameter. Pure: no templates, no I/O.
 *
 * Every word of the name is used or the name is refused: the noun between the subject and `By` must name the entity
 * (`findUsersBy`, `findOneBy`) or boolean properties that must be true (`countUnreadByOwnerId`). A property `<x>Id`
 * may be named `<X>` (`findByUser(userId)`: a relation by id). Never throws: a name that is not a derivable query,
 * a property the entity lacks included, is `{ ok: false, reason }` and the method is generated to throw.
 */
export function deriveQuery(input: DeriveInput): DeriveResult {
  const name = input.methodName
  const subjectMatch = SUBJECTS.map(([pattern, subject]) => ({ match: pattern.exec(name), subject })).find((s) => s.match)
  if (!subjectMatch?.match) {
    const asFind = ofNameAsFind(name, input)
    if (asFind === undefined) return fail(`"${name}" does not start with find, get, list, count, exists or delete`)
    const derived = deriveQuery({ ...input, methodName: asFind })
    return derived.ok ? derived : fail(`"${name}" (read as "${asFind}"): ${derived.reason.replace(`"${asFind}": `, '')}`)
  }
  const subject = subjectMatch.subject
  let rest = name.slice(subjectMatch.match[0].length)

  let limit: number | undefined
  const limitMatch = /^(First|Top)(\d*)(?=[A-Z]|$)/.exec(rest)
  if (limitMatch) {
    limit = limitMatch[2] ? Number(limitMatch[2]) : 1
    if (limit < 1) return fail(`"${name}": ${limitMatch[0]} must be at least 1`)
    rest = rest.slice(limitMatch[0].length)
  }

  let criteria = ''
  let order = ''
  const orderAt = findKeyword(rest, 'OrderBy')
  const beforeOrder = orderAt === -1 ? rest : rest.slice(0, orderAt)
  if (orderAt !== -1) order = rest.slice(orderAt + 'OrderBy'.length)
  const byAt = findKeyword(beforeOrder, 'By')
  if (byAt !== -1) criteria = beforeOrder.slice(byAt + 2)
  const noun = byAt === -1 ? beforeOrder : beforeOrder.slice(0, byAt)
  // `findAllPaginated(page)`, `findPage(request)`: the noun only says it is paged
  const pagedNoun = /^(Paginated|Paged|Page|WithPagination)$/.test(noun) && input.parameters.length === 1 && input.parameters[0]!.pagination
  const flags = pagedNoun ? [] : nounFlags(noun, input)
  if (flags === null)
    return fail(
      byAt === -1
        ? `"${name}" has no "By" clause and "${noun}" is neither ${input.entityName} nor a boolean property of it: name the properties to filter on, e.g. ${subjectMatch.match[0]}By<Property>`
        : `"${name}": the word "${noun}" before "By" is neither ${input.entityName} nor a boolean property of it, so the query would ignore it`,
    )
  if (byAt !== -1 && criteria === '') return fail(`"${name}" ends with "By": name a property after it`)
  if (orderAt !== -1 && order === '') return fail(`"${name}" ends with "OrderBy": name a property after it`)

  const parsedWhere = criteria === '' ? [] : parseCriteria(criteria, input)
  if (typeof parsedWhere === 'string') return fail(parsedWhere)
  const orderBy = order === '' ? [] : parseOrder(order, input)
  if (typeof orderBy === 'string') return fail(orderBy)
  // boolean words of the noun hold in every OR group: `findActiveByNameOrEmail` is active AND (name OR email)
  const flagConditions = flags.map((property): ParsedCondition => ({ property, operator: 'true' }))
  const where = flagConditions.length === 0 ? parsedWhere : parsedWhere.length === 0 ? [flagConditions] : parsedWhere.map((g) => [...flagConditions, ...g])

  // Each condition takes as many parameters as its operator needs, in order.
  let next = 0
  const groups: Condition[][] = []
  for (const group of where) {
    const conditions: Condition[] = []
    for (const { property, operator } of group) {
      const spec = operatorSpec(operator)
      if (spec.kinds && !spec.kinds.includes(property.kind))
        return fail(`"${name}": ${keywordOf(operator)} does not apply to ${property.path} (a ${property.kind} column)`)
      if (property.kind === 'json' && operator !== 'isNull' && operator !== 'isNotNull')
        return fail(`"${name}": ${property.path} is stored as JSON; only IsNull/IsNotNull can filter on it (write this query by hand)`)
      const parameters = Array.from({ length: spec.arity }, (_, i) => next + i)
      for (const index of parameters) {
        const parameter = input.parameters[index]
        if (!parameter || parameter.pagination)
          return fail(
            `"${name}" needs a parameter for ${property.path}${keywordOf(operator)} but the method has ${input.parameters.filter((p) => !p.pagination).length}`,
          )
        const wantsArray = operator === 'in' || operator === 'notIn'
        if (wantsArray !== parameter.array)
          return fail(
            `"${name}": parameter "${parameter.name}" for ${property.path}${keywordOf(operator)} ${wantsArray ? 'must be an array' : 'must not be an array (use In)'}`,
          )
      }
      next += spec.arity
      conditions.push({ property, operator, parameters })
    }
    groups.push(conditions)
  }
  let paginationParameter: number | undefined
  const remaining = input.parameters.slice(next)
  if (remaining.length === 1 && remaining[0]!.pagination) paginationParameter = next
  else if (remaining.length > 0)
    return fail(
      `"${name}" has ${input.parameters.length} parameters but its name uses ${next}${remaining.some((p) => p.pagination) ? ' (a pagination parameter must come last)' : ''}`,
    )
  if (paginationParameter !== undefined && subject !== 'find') return fail(`"${name}": only find methods take a pagination parameter`)

  return { ok: true, query: { subject, limit, where: groups, orderBy, paginationParameter } }
}

/**
 * Names of the `<noun>Of<criteria>` school (Vaughn Vernon's IDDD repositories: `userOfId(id)`, `ofCustomerId(id)`,
 * `allProductsOfTenant(tenantId)`), as the find they mean: `findUserById`, `findByCustomerId`, `findAllProductsByTenant`;
 * a single plural property with an array parameter (`usersOfIds(ids)`) as `<Property>In`. undefined for other names.
 * The result is derived like any name, so every word still has to mean something (the noun: the entity or booleans).
 */
export function ofNameAsFind(name: string, input: DeriveInput): string | undefined {
  const at = name.startsWith('of') ? 0 : findKeyword(name, 'Of')
  if (at === -1 || !/[A-Z]/.test(name.charAt(at + 2))) return undefined
  const head = name.slice(0, at)
  if (head !== '' && !/^[a-z]/.test(head)) return undefined
  const all = /^all(?=[A-Z]|$)/.test(head)
  const noun = head.slice(all ? 3 : 0)
  let criteria = name.slice(at + 2)
  const [only, ...others] = input.parameters
  const plural = only?.array && others.length === 0 ? input.properties.find((p) => !p.path.includes('.') && pluralOf(pascalOf(p)) === criteria) : undefined
  if (plural) criteria = `${pascalOf(plural)}In`
  return `find${all ? 'All' : ''}${noun.charAt(0).toUpperCase()}${noun.slice(1)}By${criteria}`
}

function fail(reason: string): DeriveResult {
  return { ok: false, reason }
}

/**
 * The words between the subject and `By`: the entity's name (singular or plural, with or without an
 * Entity/Aggregate suffix), `One`, `Page` (with a pagination parameter), or boolean properties that must be true, in any order. null when a word is none of them.
 */
function nounFlags(noun: string, input: DeriveInput): QueryProperty[] | null {
  if (noun === '') return []
  const base = input.entityName.replace(/(Entity|Aggregate|AggregateRoot|Model|Root)$/, '')
  const names = new Set([input.entityName, base].flatMap((n) => [n, pluralOf(n)]).map((n) => n.toLowerCase()))
  names.add('one')
  // `findPageByStatus(status, page)`: with a pagination parameter, the word only says the result is paged
  if (input.parameters.some((p) => p.pagination)) for (const word of ['page', 'paged', 'paginated']) names.add(word)
  const booleans = input.properties.filter((p) => p.kind === 'boolean' && !p.path.includes('.'))
  const parse = (position: number): QueryProperty[] | null => {
    if (position === noun.length) return []
    const rest = noun.slice(position)
    for (const word of names) {
      if (rest.toLowerCase().startsWith(word) && /^[A-Z]?$/.test(rest.charAt(word.length))) {
        const tail = parse(position + word.length)
        if (tail) return tail
      }
    }
    for (const property of booleans.sort((a, b) => b.path.length - a.path.length)) {
      const pascal = property.path.charAt(0).toUpperCase() + property.path.slice(1)
      if (rest.startsWith(pascal) && /^[A-Z]?$/.test(rest.charAt(pascal.length))) {
        const tail = parse(position + pascal.length)
        if (tail) return [property, ...tail]
      }
    }
    return null
  }
  return parse(0)
}

/** Whether `word` (PascalCase, from a method name) names `property`: its path, or `<x>` for a relation id `<x>Id`. */
function namesOf(property: QueryProperty, properties: readonly QueryProperty[]): string[] {
  const pascal = pascalOf(property)
  const relation = /^(.+)(Id|ID)$/.exec(property.path)
  // `findByUser(userId)`: a property `userId` named without its Id, unless the entity also has a `user`
  if (relation && !property.path.includes('.') && !properties.some((p) => p.path === relation[1])) return [pascal, pascal.slice(0, -2)]
  return [pascal]
}

/** Index of `keyword` starting a camel-case word (followed by an upper-case letter), or -1. */
function findKeyword(text: string, keyword: string): number {
  for (let at = text.indexOf(keyword); at !== -1; at = text.indexOf(keyword, at + 1)) {
    if (/[A-Z]/.test(text[at + keyword.length] ?? '')) return at
  }
  return -1
}

function pascalOf(property: QueryProperty): string {
  return property.path
    .split('.')
    .map((segment) => segment.charAt(0).toUpperCase() + segment.slice(1))
    .join('')
}

/** Properties whose PascalCase name starts at `position`, longest first; case-insensitively when nothing matches exactly (`UserName` for `username`). */
function candidatesAt(text: string, position: number, properties: readonly QueryProperty[]): Array<{ property: QueryProperty; length: number }> {
  const named = properties.flatMap((property) => namesOf(property, properties).map((pascal) => ({ property, pascal })))
  let found = named.filter(({ pascal }) => text.startsWith(pascal, position))
  if (found.length === 0) {
    const lower = text.toLowerCase()
    found = named.filter(({ pascal }) => lower.startsWith(pascal.toLowerCase(), position) && /[A-Z]|$/.test(text.charAt(position + pascal.length) || ''))
  }
  return found.sort((a, b) => b.pascal.length - a.pascal.length).map(({ property, pascal }) => ({ property, length: pascal.length }))
}

/** `EmailAndStatusOrNameLike` -> [[email =, status =], [name LIKE]], trying longer property names first and backtracking. */
function parseCriteria(text: string, input: DeriveInput): ParsedCondition[][] | string {
  let furthest = 0
  const parse = (position: number): ParsedCondition[][] | null => {
    const properties = candidatesAt(text, position, input.properties)
    if (properties.length === 0) furthest = Math.max(furthest, position)
    for (const { property, length } of properties) {
      const afterProperty = position + length
      const operators = [...keywordsAt(text, afterProperty), { keyword: '', operator: 'equals' as Operator }]
      for (const { keyword, operator } of operators) {
        const end = afterProperty + keyword.length
        const condition = { property, operator }
        if (end === text.length) return [[condition]]
        for (const joiner of ['And', 'Or'] as const) {
          if (!text.startsWith(joiner, end) || !/[A-Z]/.test(text[end + joiner.length] ?? '')) continue
          const tail = parse(end + joiner.length)
          if (!tail) continue
          if (joiner === 'And') return [[condition, ...tail[0]!], ...tail.slice(1)]
          return [[condition], ...tail]
        }
      }
    }
    return null
  }
  const parsed = parse(0)
  if (!parsed) return unknownProperty(text, furthest, input)
  return parsed
}

/** `LastNameAscCreatedAtDesc` -> [lastName ASC, createdAt DESC] */
function parseOrder(text: string, input: DeriveInput): Ordering[] | string {
  let furthest = 0
  const parse = (position: number): Ordering[] | null => {
    if (position === text.length) return []
    const properties = candidatesAt(text, position, input.properties)
    if (properties.length === 0) furthest = Math.max(furthest, position)
    for (const { property, length } of properties) {
      const afterProperty = position + length
      for (const [suffix, direction] of [
        ['Asc', 'ASC'],
        ['Desc', 'DESC'],
        ['', 'ASC'],
      ] as const) {
        if (!text.startsWith(suffix, afterProperty)) continue
        const tail = parse(afterProperty + suffix.length)
        if (tail) return [{ property, direction }, ...tail]
      }
    }
    return null
  }
  const parsed = parse(0)
  if (!parsed) return unknownProperty(text, furthest, input)
  return parsed
}

/** Why the name does not derive: the unknown word, and the properties it could have named. */
function unknownProperty(text: string, position: number, input: DeriveInput): string {
  // the unknown word runs to the next And/Or/Asc/Desc, without a trailing operator keyword
  let word = text.slice(position).split(/(?:And|Or|Asc|Desc)(?=[A-Z]|$)/)[0] ?? ''
  for (let cut = 1; cut < word.length; cut++) {
    if (keywordsAt(word, cut).some((k) => cut + k.keyword.length === word.length)) {
      word = word.slice(0, cut)
      break
    }
  }
  const property = word.charAt(0).toLowerCase() + word.slice(1)
  const known = input.properties.map((p) => p.path).join(', ')
  return `${input.entityName} has no property "${property}" (its properties: ${known})`
}

function keywordOf(operator: Operator): string {
  const names: Record<Operator, string> = {
    equals: '',
    not: 'Not',
    in: 'In',
    notIn: 'NotIn',
    lessThan: 'LessThan',
    lessThanEqual: 'LessThanEqual',
    greaterThan: 'GreaterThan',
    greaterThanEqual: 'GreaterThanEqual',
    between: 'Between',
    like: 'Like',
    startingWith: 'StartingWith',
    endingWith: 'EndingWith',
    containing: 'Containing',
    isNull: 'IsNull',
    isNotNull: 'IsNotNull',
    true: 'True',
    false: 'False',
  }
  return names[operator]
}
