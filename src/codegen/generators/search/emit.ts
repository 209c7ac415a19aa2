import { layout, stringLiteral } from '../layout'
import { pageFieldExpression } from '../page-fields'
import type { Clause, PageRequest, SearchMethodPlan, SearchQuery, SearchResult, SortField, ValueRef, Window } from './plan'

/** What a search method's partial (templates/persistence/elastic/partials/<kind>.hbs, the partial persistence/elastic/<kind>) renders. */
export interface EmittedMethod {
  readonly partial: string
  /** the Elasticsearch query (a `QueryDslQueryContainer` literal) */
  readonly query: string
  readonly sort: string
  /** `const limit = ...` lines of a page request */
  readonly request: readonly string[]
  readonly from: string
  readonly size: string
  /** the lines returning the result from `found` */
  readonly result: readonly string[]
}

/** Names the emitted code uses, and what it recorded needing (the wildcard helpers, oxide.ts). */
export interface EmitContext {
  /** the function turning a document into the entity */
  readonly fromDocument: string
  readonly entity: string
  /** the page class to build with `new` (already imported by the caller), when the result is one */
  readonly pageClass?: string
  uses: { escapeWildcard: boolean; likeToWildcard: boolean; option: boolean }
}

/** Emits one method body (indented 4 spaces inside the class) from its plan; a stub has no body here. */
export function emitMethod(plan: SearchMethodPlan, names: readonly string[], ctx: EmitContext): EmittedMethod | null {
  switch (plan.kind) {
    case 'stub':
      return null
    case 'count':
    case 'exists':
      return {
        partial: `persistence/elastic/${plan.kind}`,
        query: queryText(plan.query, names, ctx),
        sort: '[]',
        request: [],
        from: '0',
        size: '0',
        result: [],
      }
    case 'find':
    case 'full-text': {
      const query =
        plan.kind === 'find'
          ? queryText(plan.query, names, ctx)
          : `{ multi_match: { query: ${names[plan.text]!}, fields: [${plan.fields.map(stringLiteral).join(', ')}] } }`
      const window = windowText(plan.window, names)
      return {
        partial: 'persistence/elastic/find',
        query: layout(query, 8),
        sort: sortText(plan.sort),
        request: window.request,
        from: window.from,
        size: window.size,
        result: resultLines(plan.result, plan.window, names, ctx).map((line) => layout(line, 4)),
      }
    }
  }
}

export function queryText(query: SearchQuery, names: readonly string[], ctx: EmitContext): string {
  if (query.length === 0) return '{ match_all: {} }'
  const groups = query.map((group) => `{ bool: { filter: [${group.map((c) => clauseText(c, names, ctx)).join(', ')}] } }`)
  if (groups.length === 1) return groups[0]!
  return `{ bool: { should: [${groups.join(', ')}], minimum_should_match: 1 } }`
}

function clauseText(clause: Clause, names: readonly string[], ctx: EmitContext): string {
  const key = (field: string) => (/^[A-Za-z_$][\w$]*$/.test(field) ? field : stringLiteral(field))
  switch (clause.kind) {
    case 'term':
      return `{ term: { ${key(clause.field)}: ${typeof clause.value === 'boolean' ? String(clause.value) : valueText(clause.value, names)} } }`
    case 'terms':
      return `{ terms: { ${key(clause.field)}: ${valueText(clause.value, names)} } }`
    case 'range':
      return `{ range: { ${key(clause.field)}: { ${clause.bounds.map((b) => `${b.op}: ${valueText(b.value, names)}`).join(', ')} } } }`
    case 'match':
      return `{ match: { ${key(clause.field)}: { query: ${textOf(clause.value, names)}, operator: 'and' } } }`
    case 'prefix':
      return `{ prefix: { ${key(clause.field)}: { value: ${textOf(clause.value, names)} } } }`
    case 'wildcard': {
      const value = textOf(clause.value, names)
      if (clause.pattern === 'like') {
        ctx.uses.likeToWildcard = true
        return `{ wildcard: { ${key(clause.field)}: { value: likeToWildcard(${value}) } } }`
      }
      ctx.uses.escapeWildcard = true
      const pattern = clause.pattern === 'suffix' ? `\`*\${escapeWildcard(${value})}\`` : `\`*\${escapeWildcard(${value})}*\``
      return `{ wildcard: { ${key(clause.field)}: { value: ${pattern} } } }`
    }
    case 'exists':
      // an empty list of nested objects has no nested document: a nested match_all finds the non-empty ones
      if (clause.nested) return `{ nested: { path: ${stringLiteral(clause.field)}, query: { match_all: {} } } }`
      return `{ exists: { field: ${stringLiteral(clause.field)} } }`
    case 'not':
      return `{ bool: { must_not: [${clauseText(clause.clause, names, ctx)}] } }`
  }
}

/** the value as a string: as it is when it is one, `String(...)` otherwise (a string enum, a wrapped value) */
function textOf(value: ValueRef, names: readonly string[]): string {
  return value.text ? valueText(value, names) : `String(${valueText(value, names)})`
}

function valueText(value: ValueRef, names: readonly string[]): string {
  const name = names[value.parameter]!
  if (!value.list) return value.store.split('$').join(name)
  return value.store === '$' ? `[...${name}]` : `${name}.map((value) => ${value.store.split('$').join('value')})`
}

function sortText(sort: readonly SortField[]): string {
  return `[${sort.map((s) => `{ ${/^[A-Za-z_$][\w$]*$/.test(s.field) ? s.field : stringLiteral(s.field)}: { order: '${s.order}' } }`).join(', ')}]`
}

function windowText(window: Window, names: readonly string[]): { request: string[]; from: string; size: string } {
  switch (window.kind) {
    case 'all':
      return { request: [], from: '0', size: 'null' }
    case 'first':
      return { request: [], from: '0', size: String(window.size) }
    case 'page':
      return { request: requestLines(window.request, names[window.parameter]!), from: 'offset', size: 'limit' }
  }
}

/** `request.pageSize`, `(request?.page ?? 1)` for optional ones */
function requestField(request: PageRequest, name: string, field: { field: string; optional: boolean }, fallback: string): string {
  const access = `${name}${request.optional ? '?.' : '.'}${field.field}`
  return request.optional || field.optional ? `(${access} ?? ${fallback})` : access
}

/** limit and offset from a page request: an explicit offset, or a 1-based page */
function requestLines(request: PageRequest, name: string): string[] {
  const unwrap = (text: string) => text.replace(/^\((.*)\)$/, '$1')
  const limit = `const limit = ${unwrap(requestField(request, name, request.size, '20'))}`
  if (request.offset) return [limit, `const offset = ${unwrap(requestField(request, name, request.offset, '0'))}`]
  if (request.page) return [limit, `const offset = (Math.max(${requestField(request, name, request.page, '1')}, 1) - 1) * limit`]
  return [limit, 'const offset = 0']
}

function resultLines(result: SearchResult, window: Window, names: readonly string[], ctx: EmitContext): string[] {
  const items = `found.documents.map((document) => ${ctx.fromDocument}(document))`
  switch (result.kind) {
    case 'list':
      return [`return ${items}`]
    case 'one': {
      const head = ['const [document] = found.documents']
      const entity = `${ctx.fromDocument}(document)`
      switch (result.absent) {
        case 'option':
          ctx.uses.option = true
          return [...head, `return document ? Some(${entity}) : None`]
        case 'null':
        case 'undefined':
          return [...head, `return document ? ${entity} : ${result.absent}`]
        case 'throw':
          return [...head, `if (!document) throw new Error(${stringLiteral(`${ctx.entity} not found`)})`, `return ${entity}`]
      }
      return head
    }
    case 'page': {
      const request = window.kind === 'page' ? window.request : undefined
      const name = window.kind === 'page' ? names[window.parameter]! : ''
      const sources = {
        items,
        rows: 'found.documents.length',
        total: 'found.total',
        ...(request?.page && !request.offset ? { page: `Math.max(${requestField(request, name, request.page, '1')}, 1)` } : {}),
      }
      const fields = result.fields.map((f) => {
        const v = pageFieldExpression(f.role, sources)
        return v === f.name ? v : `${f.name}: ${v}`
      })
      const built = `{ ${fields.join(', ')} }`
      return [`return ${result.construct === 'new-with-props' && ctx.pageClass ? `new ${ctx.pageClass}(${built})` : built}`]
    }
  }
}
