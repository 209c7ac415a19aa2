import type { PortMethod, SpelledMember } from '../model'
import { comparisonSpelling, directionSpelling } from '../domain/filter-criteria'
import type { EntityMapping } from './mapping'
import type { FilterableColumn, FilterPlan, MethodSignature, StubPlan } from './repository/method-plan'

/** What planning a filter criteria method reads (the rest of the method's plan is the caller's). */
export interface FilterPlanInput {
  readonly method: PortMethod
  readonly mapping: EntityMapping
  /** the method's name and declared signature */
  readonly base: { readonly name: string; readonly signature: MethodSignature }
  /** the parameter names as the generated body uses them */
  readonly names: readonly string[]
  readonly stub: (reason: string) => StubPlan
}

/**
 * `search(criteria: Criteria)` where the parameter has the common filter criteria shape (read by the domain reader,
 * PortParameter.filterCriteria): null when the method takes no such parameter, a stub when it cannot be generated.
 */
export function planFilterCriteria(input: FilterPlanInput): FilterPlan | StubPlan | null {
  const { method, mapping, base, names, stub } = input
  const index = method.parameters.findIndex((p) => p.filterCriteria)
  if (index < 0) return null
  const parameter = method.parameters[index]!
  const shape = parameter.filterCriteria!
  const entity = mapping.entity.name
  if (method.parameters.length !== 1 || parameter.optional)
    return stub(
      `${method.name} takes the criteria "${parameter.name}: ${parameter.text}" with other parameters, or optionally; infra generates a criteria method taking the criteria alone`,
    )
  const returns = method.returns
  const result =
    returns.kind === 'list' && returns.element.kind === 'entity' && returns.element.name === entity
      ? 'list'
      : returns.kind === 'scalar' && returns.type.kind === 'primitive' && returns.type.name === 'number'
        ? 'count'
        : null
  if (result === null)
    return stub(
      `${method.name} takes filter criteria but returns ${method.returnText}; infra can return the matching rows (Promise<${entity}[]>) or their count (Promise<number>)`,
    )

  const unmapped: string[] = []
  const spelled = (member: SpelledMember) => (member.name ? `${member.name} (${JSON.stringify(member.value)})` : JSON.stringify(member.value))
  const operators = shape.operators.map((member) => {
    const comparison = comparisonSpelling(member) ?? null
    if (comparison === null) unmapped.push(`operator ${spelled(member)}`)
    return { ...member, comparison }
  })
  const directions = (shape.order?.directions ?? []).map((member) => {
    const direction = directionSpelling(member) ?? null
    if (direction === null) unmapped.push(`direction ${spelled(member)}`)
    return { ...member, direction }
  })
  const summary = [
    result === 'list' ? 'SELECT' : 'SELECT COUNT(*)',
    'WHERE each filter (its field checked against the queryable properties, its operator against the operator table, its value bound)',
    result === 'list' && shape.order ? 'ORDER BY the checked field, then id' : result === 'list' ? 'ORDER BY id' : '',
    result === 'list' && (shape.limit || shape.offset) ? 'LIMIT/OFFSET from the criteria' : '',
    result === 'count' && (shape.order || shape.limit || shape.offset) ? '(the order, limit and offset do not change a count)' : '',
  ]
    .filter(Boolean)
    .join(' ')
  return {
    ...base,
    kind: 'filter',
    summary,
    parameter: names[index]!,
    shape,
    columns: filterableColumns(mapping),
    operators,
    directions,
    result,
    unmapped,
  }
}

/** The properties a filter may name: those stored in one column of their own (a flattened value object's parts and JSON are not). */
export function filterableColumns(mapping: EntityMapping): FilterableColumn[] {
  return mapping.columns
    .filter((c) => !c.query.path.includes('.') && c.query.kind !== 'json')
    .map((c) => ({ property: c.query.path, column: c.column, kind: c.query.kind }))
}
