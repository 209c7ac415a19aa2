import { isConnectionError, type RedisCacheTarget } from '../core/connections'
import { ExitCode } from '../core/errors'
import type { Progress } from '../core/output'
import { openCacheRedis, type CacheRedis } from './connect'

/** What a scan of every master returns: its result, and the parts (nodes, sets) that failed part-way. */
export interface CacheRun<R> {
  result: R
  failures: ReadonlyArray<{ cause?: unknown }>
}

/**
 * Opens the cache's Redis, runs `work` with a progress callback (a running total), and closes it.
 * The exit code, when a part failed: 5 if a node went away, 1 otherwise; undefined when everything completed.
 */
export async function runOnCache<R>(
  target: RedisCacheTarget,
  progress: Progress,
  work: (redis: CacheRedis, onProgress: (done: number) => void) => Promise<CacheRun<R>>,
): Promise<{ result: R; exitCode: ExitCode | undefined }> {
  let redis: CacheRedis | undefined
  let shown = 0
  try {
    redis = await openCacheRedis(target)
    const { result, failures } = await work(redis, (done) => {
      progress.tick(done - shown)
      shown = done
    })
    if (failures.length === 0) return { result, exitCode: undefined }
    return { result, exitCode: failures.some((f) => isConnectionError(f.cause)) ? ExitCode.Unreachable : ExitCode.Failed }
  } finally {
    progress.stop()
    await redis?.close()
  }
}
