// Pure: every adapter generated so far -> what the composition root builds, in which order, exposes and closes.
import type { ModuleRef } from '../../model'
import { AMQP_CONNECTION_VARIABLE, CONNECTION_ORDER, CONNECTIONS } from './connections'
import type { AdapterKind, ConnectionKind, GeneratedExport } from '../types'

export interface PlannedAdapter {
  readonly variable: string
  readonly className: string
  readonly path: string
  /** constructor arguments: variables of connections or of the adapter it decorates */
  readonly arguments: readonly string[]
}

export interface ExposedAdapter {
  /** the property of Infrastructure (orderRepository) */
  readonly property: string
  /** the type it is exposed as: its port, or its class when it implements none */
  readonly type: string
  readonly typeModule: ModuleRef | { readonly file: string; readonly exportName: string; readonly typeOnly: boolean }
  readonly variable: string
  /** the Nest injection token (ORDER_REPOSITORY) */
  readonly token: string
}

/** A consumer the application starts with its handler: `infrastructure.consume({ orderPlaced: handler })`. */
export interface PlannedConsumer {
  /** the property of EventHandlers (orderPlaced) */
  readonly property: string
  /** the factory taking { connection, sequelize, handler } */
  readonly factory: string
  readonly path: string
  /** the handler interface, exported beside the factory */
  readonly handlerType: string
  /** the variables of the AMQP connection and of the Sequelize instance it is given */
  readonly connection: string
  readonly sequelize: string
}

export interface CompositionPlan {
  readonly connections: readonly ConnectionKind[]
  /** an adapter (a publisher) takes the AMQP channel; consumers open their own channels on the connection */
  readonly amqpChannelUsed: boolean
  /** started by Infrastructure.consume, stopped first by close() */
  readonly consumers: readonly PlannedConsumer[]
  /** in construction order: an adapter comes after the one it decorates */
  readonly adapters: readonly PlannedAdapter[]
  readonly exposed: readonly ExposedAdapter[]
  /** awaited first in close(), in this order */
  readonly drains: readonly { readonly variable: string; readonly method: string }[]
  readonly warnings: readonly string[]
}

/** Work in flight stops at its source first: consumers, then what publishes, then the rest. */
const DRAIN_ORDER: readonly AdapterKind[] = ['consumer', 'publisher', 'outbox-writer', 'cache-decorator', 'search', 'repository']

export function planComposition(exported: readonly GeneratedExport[]): CompositionPlan {
  const warnings: string[] = []
  const connections = new Set<ConnectionKind>()
  const variables = new Map<GeneratedExport, string>()
  const used = new Set<string>()
  const variableOf = (e: GeneratedExport): string => {
    let name = camelCase(e.name)
    for (let n = 2; used.has(name); n++) name = `${camelCase(e.name)}${n}`
    used.add(name)
    return name
  }
  const consumers = planConsumers(exported.filter((e) => e.wired !== false && e.consumes !== undefined))
  for (const kind of consumers.length > 0 ? (['amqp-channel', 'sequelize'] as const) : []) connections.add(kind)
  let amqpChannelUsed = false
  const sorted = exported
    .filter((e) => e.wired !== false && e.consumes === undefined)
    .sort((a, b) => a.path.localeCompare(b.path) || a.name.localeCompare(b.name))
  const adapters: PlannedAdapter[] = []
  const wired = new Set<GeneratedExport>()
  // bases first, then decorators over what they decorate (a decorator of a decorator comes after it)
  let pending = sorted
  while (pending.length > 0) {
    const next: GeneratedExport[] = []
    for (const e of pending) {
      const args: string[] = []
      let ready = true
      for (const argument of e.constructorArguments) {
        if ('connection' in argument) {
          connections.add(argument.connection)
          if (argument.connection === 'amqp-channel') amqpChannelUsed = true
          args.push(CONNECTIONS[argument.connection].variable)
          continue
        }
        const inner = sorted.find((o) => o !== e && o.implements === e.implements && o.kind === argument.decorates)
        if (!inner) {
          warnings.push(
            `${e.path}: ${e.name} decorates the ${argument.decorates} of ${e.implements}, which is not generated: it is left out of the composition root`,
          )
          ready = false
          break
        }
        if (!wired.has(inner)) {
          // built in a later pass, once what it decorates is
          ready = false
          next.push(e)
          break
        }
        args.push(variables.get(inner)!)
      }
      if (!ready) continue
      const variable = variableOf(e)
      variables.set(e, variable)
      wired.add(e)
      adapters.push({ variable, className: e.name, path: e.path, arguments: args })
    }
    // a cycle of decorators cannot be built: say so instead of looping
    if (next.length === pending.length) {
      for (const e of next) warnings.push(`${e.path}: ${e.name} decorates in a cycle: it is left out of the composition root`)
      break
    }
    pending = next
  }
  const built = sorted.filter((e) => wired.has(e))
  // what the application sees of a port: the outermost adapter (the one nothing built decorates)
  const decorated = new Set(
    built.flatMap((e) =>
      e.constructorArguments.flatMap((a) => ('decorates' in a ? built.filter((o) => o.implements === e.implements && o.kind === a.decorates) : [])),
    ),
  )
  const exposed: ExposedAdapter[] = []
  const properties = new Set<string>()
  for (const e of built.filter((x) => !decorated.has(x))) {
    const typeName = e.portModule ? e.implements : e.name
    let property = camelCase(typeName.replace(/^I(?=[A-Z])/, ''))
    if (properties.has(property)) property = `${property}${pascalCase(e.kind)}`
    properties.add(property)
    exposed.push({
      property,
      type: typeName,
      typeModule: e.portModule ?? { file: e.path, exportName: e.name, typeOnly: true },
      variable: variables.get(e)!,
      token: constantCase(property),
    })
  }
  const drains = built
    .filter((e) => e.drain !== undefined)
    .sort((a, b) => DRAIN_ORDER.indexOf(a.kind) - DRAIN_ORDER.indexOf(b.kind))
    .map((e) => ({ variable: variables.get(e)!, method: e.drain! }))
  return {
    connections: CONNECTION_ORDER.filter((c) => connections.has(c)),
    amqpChannelUsed,
    consumers,
    adapters,
    exposed: exposed.sort((a, b) => a.property.localeCompare(b.property)),
    drains,
    warnings,
  }
}

/** One per event (event names are unique in a domain), by its name: orderPlaced. */
function planConsumers(exported: readonly GeneratedExport[]): PlannedConsumer[] {
  return [...exported]
    .sort((a, b) => a.implements.localeCompare(b.implements))
    .map((e) => ({
      property: camelCase(e.implements),
      factory: e.name,
      path: e.path,
      handlerType: e.consumes!.handler,
      connection: AMQP_CONNECTION_VARIABLE,
      sequelize: CONNECTIONS.sequelize.variable,
    }))
}

function camelCase(name: string): string {
  const leading = /^[A-Z]+(?=[A-Z][a-z]|$)/.exec(name)?.[0]
  if (leading && leading.length > 1) return leading.toLowerCase() + name.slice(leading.length)
  return name.charAt(0).toLowerCase() + name.slice(1)
}

function pascalCase(kind: string): string {
  return kind.replace(/(^|-)([a-z])/g, (_m, _dash: string, c: string) => c.toUpperCase())
}

/** orderRepository -> ORDER_REPOSITORY */
function constantCase(property: string): string {
  return property.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()
}
