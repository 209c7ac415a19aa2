import path from 'node:path'
import { readDomain } from '../../../../src/codegen/domain'
import type { DomainModel, Entity, Port, PortMethod, ValueObject } from '../../../../src/codegen/model'

export const FIXTURES = path.resolve(__dirname, '../../../fixtures/domains')
export const SUFFIXES = ['Repository', 'RepositoryPort', 'Repo', 'RepoPort']

/** Reads one fixture project the way `infra generate repository` does. */
export function readFixture(style: string, tsconfig = 'tsconfig.json'): DomainModel {
  return readDomain({ root: path.join(FIXTURES, style), tsconfig, sourceRoot: 'src', portSuffixes: SUFFIXES })
}

export function port(model: DomainModel, name: string): Port {
  const found = model.ports.find((p) => p.name === name)
  if (!found) throw new Error(`no port ${name} in ${model.ports.map((p) => p.name).join(', ')}`)
  return found
}

export function method(p: Port, name: string): PortMethod {
  const found = p.methods.find((m) => m.name === name)
  if (!found) throw new Error(`no method ${name} in ${p.name}: ${p.methods.map((m) => m.name).join(', ')}`)
  return found
}

export function entity(model: DomainModel, name: string): Entity {
  const found = model.entities[name]
  if (!found) throw new Error(`no entity ${name}: ${Object.keys(model.entities).join(', ')}`)
  return found
}

export function valueObject(model: DomainModel, name: string): ValueObject {
  const found = model.valueObjects[name]
  if (!found) throw new Error(`no value object ${name}: ${Object.keys(model.valueObjects).join(', ')}`)
  return found
}

/** name -> property, for compact assertions */
export function props(shape: Entity | ValueObject): Record<string, Entity['properties'][number]> {
  return Object.fromEntries(shape.properties.map((p) => [p.name, p]))
}
