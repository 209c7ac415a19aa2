import { schemaVersionOf, type ShapeField } from '../../../cache/keys'
import type { DomainModel, Entity, TypeRef } from '../../model'

/**
 * The persisted shape of an entity as schemaVersionOf reads it: each property with its type written out, value objects
 * and enums expanded (`Money{amountCents:bigint,currency:string}`, `UserStatus[active|closed]`), so any change a cached
 * value could not survive (a field added, renamed, retyped, an enum member removed) changes the version.
 */
export function shapeOf(model: DomainModel, entity: Entity): ShapeField[] {
  return entity.properties.map((p) => ({ name: p.name, type: typeText(model, p.type, new Set([entity.name])), nullable: p.optional || p.nullable }))
}

export function entityVersion(model: DomainModel, entity: Entity): string {
  return schemaVersionOf(entity.name, shapeOf(model, entity))
}

function typeText(model: DomainModel, type: TypeRef, seen: Set<string>): string {
  switch (type.kind) {
    case 'primitive':
      return type.name
    case 'literal-union':
      return `${type.base}[${type.values.map(String).join('|')}]`
    case 'enum': {
      const members = model.enums[type.name]?.members ?? []
      return `${type.name}[${members.map((m) => `${m.name}=${String(m.value)}`).join('|')}]`
    }
    case 'array':
      return `${typeText(model, type.element, seen)}[]`
    case 'nullable':
      return `${typeText(model, type.inner, seen)}${type.null ? '|null' : ''}${type.undefined ? '|undefined' : ''}`
    case 'value-object':
    case 'entity': {
      const declared = type.kind === 'entity' ? model.entities[type.name] : model.valueObjects[type.name]
      if (!declared || seen.has(type.name)) return type.name
      const inner = new Set(seen).add(type.name)
      const fields = [...declared.properties]
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map((p) => `${p.name}:${typeText(model, p.type, inner)}${p.optional || p.nullable ? '?' : ''}`)
      return `${type.name}{${fields.join(',')}}`
    }
    case 'id':
      return `id(${type.form}:${type.primitive})`
    case 'json':
      return `json(${type.text})`
    case 'tagged-union':
      return `union(${type.tag}:${type.variants.map((v) => `${String(v.value)}=${typeText(model, v.type, seen)}`).join('|')})`
    case 'unsupported':
      return `unsupported(${type.text})`
  }
}
