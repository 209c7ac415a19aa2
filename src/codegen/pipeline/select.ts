import { InvalidInputError } from '../../core/errors'
import type { DomainEvent, DomainModel, Entity, Port } from '../model'
import type { PortRole, Selection, SelectionRule } from './generator'

/** What a run asks for: named ports, or every port of the generators' roles. */
export interface SelectionRequest {
  readonly ports: readonly string[]
  readonly all: boolean
  /** event names, for generators that select events */
  readonly events?: readonly string[]
}

/** Which ports are search ports (generate.search): by name suffix, or named. */
export interface SearchPortRule {
  readonly suffixes: readonly string[]
  readonly ports: readonly string[]
}

const DEFAULT_SEARCH_RULE: SearchPortRule = { suffixes: ['Search', 'SearchPort', 'ReadModel', 'ReadModelPort'], ports: [] }

/**
 * The roles of a port. A port named by generate.search.ports, or whose name ends in a search suffix, is a `search` port
 * (Elasticsearch); every other port the domain reader returns stores an entity or says it does (its name ends in a
 * repository suffix, or its methods take or return an entity with an id), so it is a `repository`.
 */
export function portRoles(port: Port, search: SearchPortRule = DEFAULT_SEARCH_RULE): readonly PortRole[] {
  if (search.ports.includes(port.name) || search.suffixes.some((suffix) => port.name.endsWith(suffix))) return ['search']
  return ['repository']
}

/** The ports of the rule's roles the request names (or all of them), and the entities they store. */
export function selectFromModel(model: DomainModel, rule: SelectionRule, request: SelectionRequest, search?: SearchPortRule): Selection {
  const candidates = model.ports.filter((port) => portRoles(port, search).some((role) => rule.ports.roles.includes(role)))
  const ports = request.all ? [...candidates] : namedPorts(model, candidates, request.ports)
  const entities: Entity[] = []
  if (rule.entities === 'stored-by-selected-ports') {
    for (const port of ports) {
      const entity = port.entity ? model.entities[port.entity] : undefined
      if (entity && !entities.includes(entity)) entities.push(entity)
    }
  }
  return { ports, entities, events: rule.events === 'named' ? selectEvents(model, request) : [] }
}

/** The named events (or all with `all`); an unknown name is invalid input listing the known ones. */
function selectEvents(model: DomainModel, request: SelectionRequest): DomainEvent[] {
  const events = Object.values(model.events ?? {})
  if (request.all) return events
  const names = request.events ?? []
  const unknown = names.filter((name) => !events.some((e) => e.name === name))
  if (unknown.length > 0) {
    throw new InvalidInputError({
      code: 'EVENT_NOT_FOUND',
      message: `no domain event named ${unknown.map((n) => `"${n}"`).join(', ')} in the domain sources of ${model.project.root}`,
      hint: `Known events: ${events.map((e) => e.name).join(', ') || '(none found)'}. Events are exported classes, interfaces or type aliases whose name ends in messaging.eventSuffixes.`,
      details: { unknown, known: events.map((e) => e.name) },
    })
  }
  return events.filter((e) => names.includes(e.name))
}

/** An unknown name is invalid input listing the known ones. */
function namedPorts(model: DomainModel, candidates: readonly Port[], names: readonly string[]): Port[] {
  const unknown = names.filter((name) => !candidates.some((p) => p.name === name))
  if (unknown.length > 0) {
    const known = candidates.map((p) => p.name).join(', ') || '(none found)'
    throw new InvalidInputError({
      code: 'PORT_NOT_FOUND',
      message: `no port named ${unknown.map((n) => `"${n}"`).join(', ')} in the domain sources of ${model.project.root}`,
      hint: `Known ports: ${known}. Ports are interfaces, abstract classes or type aliases whose name ends in the configured generate.portSuffixes, or whose methods take and return an entity with an id.`,
      details: { unknown, known: candidates.map((p) => p.name) },
    })
  }
  return candidates.filter((p) => names.includes(p.name))
}
