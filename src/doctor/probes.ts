import type { Config } from '../core/config'
import {
  ELASTICSEARCH_SERVICE,
  MYSQL_SERVICE,
  RABBITMQ_MANAGEMENT_SERVICE,
  RABBITMQ_SERVICE,
  REDIS_SERVICE,
  RabbitmqManagement,
  connectElasticsearch,
  connectMysql,
  connectRabbitmq,
  connectRedis,
  elasticsearchVersion,
} from '../core/connections'
import { maskUrl } from '../core/mask'

export type ServiceKey = 'mysql' | 'elasticsearch' | 'redis' | 'rabbitmq' | 'rabbitmq-management'
export const SERVICE_KEYS: readonly ServiceKey[] = ['mysql', 'elasticsearch', 'redis', 'rabbitmq', 'rabbitmq-management']

export interface Probe {
  key: ServiceKey
  service: string
  /** masked */
  address: string
  /** connects, asks the version, closes; throws when the service does not answer */
  check(): Promise<string>
}

/** One probe per configured service: connect, ask its version (one round trip), close. */
export function probesFor(config: Config, timeoutMs: number): Probe[] {
  const probes: Probe[] = [
    {
      key: 'mysql',
      service: MYSQL_SERVICE,
      address: maskUrl(config.mysql.url),
      async check() {
        // no database selected: the server is what is checked, the app database may not exist yet
        const connection = await connectMysql({ url: config.mysql.url, timeoutMs, database: null })
        try {
          const [rows] = await connection.query('SELECT VERSION() AS version')
          return String((rows as Array<{ version: string }>)[0]?.version)
        } finally {
          await connection.end().catch(() => connection.destroy())
        }
      },
    },
    {
      key: 'elasticsearch',
      service: ELASTICSEARCH_SERVICE,
      address: maskUrl(config.elasticsearch.url),
      async check() {
        const client = await connectElasticsearch({ url: config.elasticsearch.url, timeoutMs })
        try {
          return await elasticsearchVersion(client, timeoutMs)
        } finally {
          await client.close()
        }
      },
    },
    {
      key: 'redis',
      service: REDIS_SERVICE,
      address: maskUrl(config.redis.url),
      async check() {
        const client = await connectRedis({ url: config.redis.url, timeoutMs })
        try {
          const info = await client.info('server')
          return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown'
        } finally {
          client.disconnect()
        }
      },
    },
    {
      key: 'rabbitmq',
      service: RABBITMQ_SERVICE,
      address: maskUrl(config.rabbitmq.url),
      async check() {
        const connection = await connectRabbitmq({ url: config.rabbitmq.url, timeoutMs })
        try {
          return String(connection.connection.serverProperties.version ?? 'unknown')
        } finally {
          await connection.close().catch(() => undefined)
        }
      },
    },
  ]
  const managementUrl = config.rabbitmq.managementUrl
  if (managementUrl !== false) {
    probes.push({
      key: 'rabbitmq-management',
      service: RABBITMQ_MANAGEMENT_SERVICE,
      address: maskUrl(managementUrl),
      async check() {
        const overview = await new RabbitmqManagement(managementUrl, timeoutMs).get<{ rabbitmq_version?: string }>('/overview')
        return overview.rabbitmq_version ?? 'unknown'
      },
    })
  }
  return probes
}
