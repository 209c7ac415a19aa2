import type { Redis } from 'ioredis'
import { maskUrl } from '../mask'
import { asServiceError, withTimeout } from './errors'

export const REDIS_SERVICE = 'Redis'

export interface RedisTarget {
  url: string
  timeoutMs: number
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
