import type { Cluster, Redis } from 'ioredis'
import { asServiceError, connectRedis, connectRedisCluster, isClusterNode, REDIS_SERVICE, type RedisTarget } from '../core/connections'
import { maskUrl } from '../core/mask'

/** The Redis the cache lives in: one server, or a cluster (detected from the server itself). */
export interface CacheRedis {
  mode: 'single' | 'cluster'
  /** routes a command by its key (the cluster client on a cluster) */
  client: Redis | Cluster
  /** every master: SCAN must visit each, since a cluster's keyspace is split between them */
  masters(): Redis[]
  /** `host:port` of a master, for reports */
  addressOf(node: Redis): string
  close(): Promise<void>
}

/** Connects to `target.url`; a cluster node there makes this a cluster connection. Unreachable: exit 5. */
export async function openCacheRedis(target: RedisTarget): Promise<CacheRedis> {
  const probe = await connectRedis(target)
  let cluster: boolean
  try {
    cluster = await isClusterNode(probe)
  } catch (error) {
    probe.disconnect()
    throw asServiceError(REDIS_SERVICE, maskUrl(target.url), error)
  }
  if (!cluster) {
    return {
      mode: 'single',
      client: probe,
      masters: () => [probe],
      addressOf: () => addressOfUrl(target.url),
      close: () => quit(probe),
    }
  }
  probe.disconnect()
  const client = await connectRedisCluster(target)
  return {
    mode: 'cluster',
    client,
    masters: () => client.nodes('master'),
    addressOf: (node) => `${node.options.host ?? '?'}:${node.options.port ?? '?'}`,
    close: () => quit(client),
  }
}

function addressOfUrl(url: string): string {
  const parsed = new URL(url)
  return `${parsed.hostname}:${parsed.port || 6379}`
}

async function quit(client: Redis | Cluster): Promise<void> {
  await client.quit().catch(() => client.disconnect())
}
