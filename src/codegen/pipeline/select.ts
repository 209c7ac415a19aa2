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

/**
 * The roles of a port. Every port the domain reader returns stores an entity or says it does (its name ends in a
 * repository suffix, or its methods take or return an entity with an id), so today each one is a `repository`.
 */
export function portRoles(port: Port): readonly PortRole[] {
  void port
  return ['repository']
}

/** The ports of the rule's roles the request names (or all of them), and the entities they store. */
export function selectFromModel(model: DomainModel, rule: SelectionRule, request: SelectionRequest): Selection {
  const candidates = model.ports.filter((port) => portRoles(port).some((role) => rule.ports.roles.includes(role)))
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
