// The connections the composition root can build, one of each kind. What each one imports is data here; how it is
// opened, closed and configured is target code in templates/composition/partials/{options,connect}-<kind>.hbs.
import type { ImportCollector } from '../imports'
import type { ConnectionKind } from '../types'

export interface ConnectionSpec {
  /** the local variable the adapters are given */
  readonly variable: string
  /** adds the imports its partials use */
  readonly imports: (imports: ImportCollector, infrastructureDir: string) => void
  /** project files its partials import (the composition root is not generated without them) */
  readonly requires?: (infrastructureDir: string) => string[]
}

/** The AMQP connection behind the channel (connect-amqp-channel.hbs): consumers open their own channels on it. */
export const AMQP_CONNECTION_VARIABLE = 'amqpConnection'

/** Built in this order (and closed in the reverse one): the database last, since draining consumers still write to it. */
export const CONNECTION_ORDER: readonly ConnectionKind[] = ['sequelize', 'elasticsearch', 'redis', 'amqp-channel']

export const CONNECTIONS: Readonly<Record<ConnectionKind, ConnectionSpec>> = {
  sequelize: {
    variable: 'sequelize',
    imports: (imports, dir) => {
      // the generated createSequelize installs the transaction context the adapters join
      imports.fromFile(`${dir}/persistence/mysql/connection.ts`, 'createSequelize', false)
      imports.fromPackage('sequelize', 'Options', true)
    },
    requires: (dir) => [`${dir}/persistence/mysql/connection.ts`],
  },
  elasticsearch: {
    variable: 'elasticsearch',
    imports: (imports, dir) => {
      // the generated factory picks the wire format the server's major version accepts (8.x or 9.x)
      imports.fromFile(`${dir}/persistence/elastic/client.ts`, 'createElasticsearchClient', false)
      imports.fromFile(`${dir}/persistence/elastic/client.ts`, 'ElasticsearchClientOptions', true)
    },
    requires: (dir) => [`${dir}/persistence/elastic/client.ts`],
  },
  redis: {
    variable: 'redis',
    imports: (imports) => {
      imports.fromPackage('ioredis', 'Redis', false)
      imports.fromPackage('ioredis', 'RedisOptions', true)
    },
  },
  'amqp-channel': {
    variable: 'amqpChannel',
    imports: (imports) => imports.fromPackage('amqplib', 'connect', false),
  },
}
