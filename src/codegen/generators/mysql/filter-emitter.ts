import type { MemberRead, SpelledMember } from '../../model'
import { stringLiteral } from '../layout'
import type { FilterableColumn, FilterPlan } from '../repository/method-plan'

/**
 * The data of the `repository/filter` partial (a method taking the common filter criteria shape) and of the module
 * helpers it calls (mysql-repository.ts.hbs, `filterColumns`): the tables the generated code checks each filter
 * against, and the expressions reading the criteria's parts.
 */
export function filterData(plan: FilterPlan, idColumn: string): Record<string, unknown> {
  const { shape } = plan
  const order = shape.order
  const filters = readOf(plan.parameter, shape.filters)
  return {
    filters: shape.filters.some((step) => step.optional) ? `(${filters} ?? [])` : filters,
    field: readOf('filter', shape.field),
    operator: readOf('filter', shape.operator),
    value: readOf('filter', shape.value),
    operators: tableOf(plan.operators.map((o) => [o.value, o.comparison === null ? 'null' : stringLiteral(o.comparison)])),
    operatorNames: namesOf(plan.operators),
    order: order
      ? {
          value: readOf(plan.parameter, order.path),
          optional: order.path.some((step) => step.optional),
          field: readOf('sort', order.field),
          direction: readOf('sort', order.direction),
          directions: tableOf(plan.directions.map((d) => [d.value, d.direction === null ? 'null' : stringLiteral(d.direction)])),
          directionNames: namesOf(plan.directions),
        }
      : false,
    limit: shape.limit ? readOf(plan.parameter, shape.limit) : 'undefined',
    offset: shape.offset ? readOf(plan.parameter, shape.offset) : 'undefined',
    idColumn: stringLiteral(idColumn),
    returnsCount: plan.result === 'count',
  }
}

/** The module table of the properties a filter may name: `{ title: { column: 'title', kind: 'string' }, ... }`. */
export function filterColumnsTable(columns: readonly FilterableColumn[]): string {
  const entries = columns.map((c) => `  ${propertyKey(c.property)}: { column: ${stringLiteral(c.column)}, kind: ${stringLiteral(c.kind)} },`)
  return entries.length === 0 ? '{}' : `{\n${entries.join('\n')}\n}`
}

/** a number enum's member names by value, for the messages of refused criteria (false when the values are the spelling) */
function namesOf(members: readonly SpelledMember[]): string | false {
  const named = members.filter((m): m is SpelledMember & { name: string } => typeof m.value === 'number' && m.name !== undefined)
  return named.length === 0 ? false : tableOf(named.map((m) => [m.value, stringLiteral(m.name)]))
}

/** `criteria.filters.filters`, with `?.` after a member that may be absent */
function readOf(root: string, steps: readonly MemberRead[]): string {
  let text = root
  let previousOptional = false
  for (const step of steps) {
    const name = /^[A-Za-z_$][\w$]*$/.test(step.name) ? step.name : null
    text += name ? `${previousOptional ? '?.' : '.'}${name}` : `${previousOptional ? '?.' : ''}[${stringLiteral(step.name)}]`
    previousOptional = previousOptional || step.optional
  }
  return text
}

/** An object literal keyed by run-time values (strings quoted, numbers as they are) */
function tableOf(entries: readonly (readonly [string | number, string])[]): string {
  if (entries.length === 0) return '{}'
  return `{ ${entries.map(([value, expression]) => `${propertyKey(value)}: ${expression}`).join(', ')} }`
}

/** an object literal's key for a run-time value: a number, an identifier, or a quoted string */
function propertyKey(value: string | number): string {
  return typeof value === 'number' ? String(value) : /^[A-Za-z_$][\w$]*$/.test(value) ? value : stringLiteral(value)
}
