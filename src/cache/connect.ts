import type { Cluster, Redis } from 'ioredis'
import { asServiceError, connectRedis, connectRedisCluster, isClusterNode, REDIS_SERVICE, type RedisCacheTarget } from '../core/connections'
import { maskUrl } from '../core/mask'
import type { ConfigValues } from '../core/config/schema'

/** The Redis the cache lives in: one server, or a cluster (configured, or detected from the server itself). */
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

/**
 * Connects to the cache's Redis. `cluster: true` connects as a cluster client seeded by `url` and `nodes`;
 * `'auto'` (the default) asks the first seed that answers whether it is a cluster node. Unreachable: exit 5.
 */
export async function openCacheRedis(target: RedisCacheTarget): Promise<CacheRedis> {
  const nodes = target.nodes ?? []
  const mode = target.cluster ?? 'auto'
  if (mode === true) return clusterRedis(await connectRedisCluster(target, nodes))
  const { probe, url } = mode === false ? { probe: await connectRedis(target), url: target.url } : await firstAnswering(target, nodes)
  let cluster = false
  if (mode === 'auto') {
    try {
      cluster = await isClusterNode(probe)
    } catch (error) {
      probe.disconnect()
      throw asServiceError(REDIS_SERVICE, maskUrl(url), error)
    }
  }
  if (!cluster) {
    return {
      mode: 'single',
      client: probe,
      masters: () => [probe],
      addressOf: () => addressOfUrl(url),
      close: () => quit(probe),
    }
  }
  probe.disconnect()
  return clusterRedis(await connectRedisCluster(target, nodes))
}

/** The first of `url` and `nodes` that accepts a connection; the first seed's error when none does. */
async function firstAnswering(target: RedisCacheTarget, nodes: readonly string[]): Promise<{ probe: Redis; url: string }> {
  let firstError: unknown
  for (const url of [target.url, ...nodes]) {
    try {
      return { probe: await connectRedis({ url, timeoutMs: target.timeoutMs }), url }
    } catch (error) {
      firstError ??= error
    }
  }
  throw firstError
}

function clusterRedis(client: Cluster): CacheRedis {
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

/** The cache's Redis as the configuration names it (`redis.url`, `redis.cluster`, `redis.nodes`, `connectTimeout`). */
export function cacheRedisTarget(config: Pick<ConfigValues, 'redis' | 'connectTimeout'>): RedisCacheTarget {
  return { url: config.redis.url, cluster: config.redis.cluster, nodes: config.redis.nodes, timeoutMs: config.connectTimeout }
}
