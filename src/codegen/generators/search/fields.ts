import type { DomainModel, TypeRef } from '../../model'
import type { ColumnPlan, EntityMapping } from '../mapping'

/**
 * How one document field is indexed. `text`: analysed, with a `keyword` subfield for exact match, sort and prefix;
 * `long-text`: free text only (no subfield: long values would exceed a keyword's limit).
 */
export type FieldKind = 'text' | 'long-text' | 'keyword' | 'long' | 'double' | 'boolean' | 'date' | 'object' | 'nested' | 'unindexed-object'

/** A field of the index mapping, with the subfields of objects and nested documents. */
export interface IndexField {
  readonly name: string
  readonly kind: FieldKind
  /** one line for the YAML comment: where the field comes from and why it has this type */
  readonly reason: string
  readonly properties?: readonly IndexField[]
}

/** A document field (one column of the entity's mapping) and the field a query compares exactly (`name.keyword` for text). */
export interface SearchField {
  readonly column: ColumnPlan
  readonly field: IndexField
  /** the field term, range, prefix and sort use; null for long text, which has no exact form */
  readonly exact: string | null
}

/** Every document field of the mapping (the columns of EntityMapper in its document form), typed for Elasticsearch. */
export function searchFields(model: DomainModel, mapping: EntityMapping): SearchField[] {
  return mapping.columns.map((column) => {
    const field = fieldOf(model, column.column, column.domainType, column, `${mapping.entity.name}.${column.query.path}`)
    const exact = field.kind === 'text' ? `${field.name}.keyword` : field.kind === 'long-text' ? null : field.name
    return { column, field, exact }
  })
}

function fieldOf(model: DomainModel, name: string, type: TypeRef, column: ColumnPlan | undefined, origin: string): IndexField {
  switch (type.kind) {
    case 'primitive':
      switch (type.name) {
        case 'string':
          // the repository's TEXT columns (unindexable) are free text; other strings are matched and compared exactly
          if (column && !column.indexable) return { name, kind: 'long-text', reason: `${origin}: free text (matched; no exact form)` }
          return { name, kind: 'text', reason: `${origin}: text, matched; ${name}.keyword for equality, prefix and sort` }
        case 'number':
          return { name, kind: 'double', reason: `${origin}: a number` }
        case 'bigint':
          return { name, kind: 'long', reason: `${origin}: a bigint, stored as its decimal text` }
        case 'boolean':
          return { name, kind: 'boolean', reason: `${origin}: a boolean` }
        case 'Date':
          return { name, kind: 'date', reason: `${origin}: a date, stored as ISO text` }
      }
      break
    case 'id':
      return type.primitive === 'string'
        ? { name, kind: 'keyword', reason: `${origin}: an identifier, compared exactly` }
        : { name, kind: 'long', reason: `${origin}: a numeric identifier` }
    case 'enum': {
      const numeric = model.enums[type.name]?.members.every((m) => typeof m.value === 'number') ?? false
      return { name, kind: numeric ? 'long' : 'keyword', reason: `${origin}: enum ${type.name}` }
    }
    case 'literal-union':
      return { name, kind: type.base === 'number' ? 'long' : 'keyword', reason: `${origin}: one of ${type.values.join(', ')}` }
    case 'value-object': {
      const vo = model.valueObjects[type.name]
      if (!vo) break
      if (vo.storage === 'column' && vo.wraps) {
        const wrapped = vo.properties.find((p) => p.name === vo.wraps!.property)
        const inner = fieldOf(model, name, vo.wraps.type, column, origin)
        // a single-value object holding free text stays free text
        return { ...inner, reason: `${origin}: ${type.name}${wrapped ? `.${wrapped.name}` : ''} (${inner.kind})` }
      }
      return {
        name,
        kind: 'object',
        reason: `${origin}: value object ${type.name}`,
        properties: vo.properties.map((p) => fieldOf(model, p.name, p.type, undefined, `${type.name}.${p.name}`)),
      }
    }
    case 'array': {
      const element = type.element.kind === 'nullable' ? type.element.inner : type.element
      const inner = fieldOf(model, name, element, undefined, origin)
      // an array of objects is nested, so a query on two of its fields matches them in the same element
      if (inner.kind === 'object') return { ...inner, kind: 'nested', reason: `${origin}: a list of ${inner.reason.split(': ').pop()}` }
      return { ...inner, reason: `${origin}: a list (${inner.kind})` }
    }
    case 'nullable':
      return fieldOf(model, name, type.inner, column, origin)
    default:
      break
  }
  // records and unknown structures: kept in _source, not searchable (dynamic: strict would refuse their keys)
  return { name, kind: 'unindexed-object', reason: `${origin}: a structure without a fixed shape, kept but not searchable` }
}

/** The YAML lines of the index definition's `properties`, at `depth` levels of two spaces under `properties:`. */
export function mappingLines(fields: readonly IndexField[], depth: number): Array<{ text: string; comment?: string }> {
  const pad = '  '.repeat(depth)
  const lines: Array<{ text: string; comment?: string }> = []
  for (const field of fields) {
    lines.push({ text: `${pad}# ${field.reason}` })
    lines.push({ text: `${pad}${field.name}:` })
    switch (field.kind) {
      case 'text':
        lines.push({ text: `${pad}  type: text` }, { text: `${pad}  fields:` }, { text: `${pad}    keyword:` })
        lines.push({ text: `${pad}      type: keyword` }, { text: `${pad}      ignore_above: 256` })
        break
      case 'long-text':
        lines.push({ text: `${pad}  type: text` })
        break
      case 'object':
      case 'nested':
        lines.push({ text: `${pad}  type: ${field.kind}` }, { text: `${pad}  properties:` })
        lines.push(...mappingLines(field.properties ?? [], depth + 2))
        break
      case 'unindexed-object':
        lines.push({ text: `${pad}  type: object` }, { text: `${pad}  enabled: false` })
        break
      default:
        lines.push({ text: `${pad}  type: ${field.kind}` })
    }
  }
  return lines
}
