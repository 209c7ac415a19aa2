// For the commands that add what they need to the topology file (outbox init, generated publishers): the file's text
// with one more exchange, comments and layout kept (yaml's Document API). Pure: the caller reads and writes the file.
import { InvalidInputError } from '../core/errors'
import type { ExchangeType } from './model'

export interface ExchangeDeclaration {
  name: string
  type: ExchangeType
  durable?: boolean
  vhost?: string
}

/**
 * `text` (undefined or empty: no file yet) with `exchange` appended to `exchanges:`. An exchange of that name (and vhost)
 * already there is left as it is, and the text is returned unchanged.
 */
export function addExchangeToTopology(text: string | undefined, exchange: ExchangeDeclaration, file = 'infra/rabbitmq/topology.yaml'): string {
  const yaml = require('yaml') as typeof import('yaml')
  const source = text && text.trim() !== '' ? text : '# RabbitMQ topology, declared by `infra queue declare` (docs/queue.md)\nexchanges: []\n'
  const document = yaml.parseDocument(source)
  const [error] = document.errors
  if (error) {
    throw new InvalidInputError({
      code: 'TOPOLOGY_UNREADABLE',
      message: `${file}${error.linePos ? `:${error.linePos[0].line}` : ''}: ${error.message.split('\n')[0]}`,
      hint: 'Fix the YAML syntax, then run the command again.',
    })
  }
  if (document.contents === null) document.contents = document.createNode({}) as never
  if (!yaml.isMap(document.contents))
    throw new InvalidInputError({
      code: 'TOPOLOGY_INVALID',
      message: `${file}: expected a map at the top level (exchanges:, queues:, ...)`,
      hint: 'See docs/queue.md.',
    })
  let exchanges = document.get('exchanges', true)
  if (exchanges === undefined || exchanges === null || (yaml.isScalar(exchanges) && exchanges.value === null)) {
    exchanges = document.createNode([])
    document.set('exchanges', exchanges)
  }
  if (!yaml.isSeq(exchanges))
    throw new InvalidInputError({ code: 'TOPOLOGY_INVALID', message: `${file}: exchanges: expected a list`, hint: 'See docs/queue.md.' })
  const present = exchanges.items.some((item) => yaml.isMap(item) && item.get('name') === exchange.name && (item.get('vhost') ?? undefined) === exchange.vhost)
  if (present) return text ?? source
  const entry: Record<string, unknown> = { name: exchange.name, type: exchange.type }
  if (exchange.durable === false) entry.durable = false
  if (exchange.vhost !== undefined) entry.vhost = exchange.vhost
  // a flow-style empty list ([]) would put the new entry inline: switch it to block style
  if (exchanges.items.length === 0) exchanges.flow = false
  exchanges.items.push(document.createNode(entry))
  return document.toString()
}
