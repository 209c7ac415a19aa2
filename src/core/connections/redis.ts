import type { Cluster, Redis } from 'ioredis'
import { maskUrl } from '../mask'
import { asServiceError, withTimeout } from './errors'

export const REDIS_SERVICE = 'Redis'

export interface RedisTarget {
  url: string
  timeoutMs: number
}

/** Where the cache's Redis is: one server, or a cluster seeded by several nodes (config `redis.cluster`, `redis.nodes`). */
export interface RedisCacheTarget extends RedisTarget {
  /** 'auto' (default): ask the server at `url` (INFO cluster); true: connect as a cluster client without asking; false: one server */
  cluster?: boolean | 'auto'
  /** more nodes of the same cluster to seed from, so one node down at start does not stop the command */
  nodes?: readonly string[]
}

/** A connected ioredis client that fails fast instead of retrying forever (a CLI must not hang). */
export async function connectRedis(target: RedisTarget): Promise<Redis> {
  const { Redis } = require('ioredis') as typeof import('ioredis')
  const client = new Redis(target.url, {
    lazyConnect: true,
    connectTimeout: target.timeoutMs,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  })
  // ioredis reports the socket's error by event and rejects connect() with a vaguer one: keep the first
  let socketError: unknown
  client.on('error', (error) => {
    socketError ??= error
  })
  try {
    await withTimeout(client.connect(), target.timeoutMs + 1000, `connecting to ${REDIS_SERVICE}`)
  } catch (error) {
    client.disconnect()
    throw asServiceError(REDIS_SERVICE, maskUrl(target.url), socketError ?? error)
  }
  return client
}

/** True when the server at the other end of `client` runs in cluster mode (INFO cluster). */
export async function isClusterNode(client: Redis): Promise<boolean> {
  const info = await client.info('cluster')
  return /^cluster_enabled:1/m.test(info)
}

/**
 * A connected ioredis Cluster seeded by `target.url` and `seeds` (any nodes), failing fast like connectRedis:
 * a node that goes away fails the commands sent to it instead of being retried forever.
 * Credentials and TLS come from `target.url`; every node of a cluster shares them.
 */
export async function connectRedisCluster(target: RedisTarget, seeds: readonly string[] = []): Promise<Cluster> {
  const { Cluster } = require('ioredis') as typeof import('ioredis')
  const url = new URL(target.url)
  const startup = [target.url, ...seeds].map((seed) => {
    const parsed = new URL(seed)
    return { host: parsed.hostname, port: Number(parsed.port || 6379) }
  })
  const cluster = new Cluster(startup, {
    lazyConnect: true,
    enableOfflineQueue: false,
    clusterRetryStrategy: () => null,
    slotsRefreshTimeout: target.timeoutMs,
    redisOptions: {
      username: url.username ? decodeURIComponent(url.username) : undefined,
      password: url.password ? decodeURIComponent(url.password) : undefined,
      tls: url.protocol === 'rediss:' ? {} : undefined,
      connectTimeout: target.timeoutMs,
      maxRetriesPerRequest: 1,
    },
  })
  let socketError: unknown
  cluster.on('error', (error) => {
    socketError ??= error
  })
  cluster.on('node error', (error) => {
    socketError ??= error
  })
  try {
    await withTimeout(cluster.connect(), target.timeoutMs + 1000, `connecting to ${REDIS_SERVICE} Cluster`)
  } catch (error) {
    cluster.disconnect()
    throw asServiceError(REDIS_SERVICE, [target.url, ...seeds].map(maskUrl).join(', '), socketError ?? error)
  }
  return cluster
}
