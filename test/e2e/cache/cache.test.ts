import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Cluster } from 'ioredis'
import { openCacheRedis, type CacheRedis } from '../../../src/cache/connect'
import { entityPattern } from '../../../src/cache/keys'
import type { InvalidateResult } from '../../../src/cache/invalidate'
import type { CacheStats } from '../../../src/cache/stats'
import { dropPrefix, entitiesOnEveryMaster, keysMatching, OLD, populateCache, populateSpread } from '../../integration/cache/fixture'
import { startRedisCluster, type RedisCluster } from '../../support/redis-cluster'
import { parseJson, REDIS_URL, runCli, uniqueName } from '../../support/services'

/** A port on loopback that nothing listens on. */
async function deadPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('infra cache invalidate / stats on a single Redis', () => {
  const prefix = uniqueName('cache_e2e')
  let redis: CacheRedis
  const env = { INFRA_REDIS_URL: REDIS_URL }

  before(async () => {
    redis = await openCacheRedis({ url: REDIS_URL, timeoutMs: 5000 })
  })
  after(async () => {
    await dropPrefix(redis.client, redis.masters(), prefix)
    await redis.close()
  })

  it('stats match a direct count, invalidate --pattern removes exactly the matches, tag invalidation exactly the tagged keys', async () => {
    const { total, tagged } = await populateCache(redis.client, prefix, { users: 400, orders: 600 })
    const stats = parseJson<CacheStats>(await runCli(['cache', 'stats', '--prefix', prefix, '--json'], { env }))
    assert.equal(stats.total.keys, total)
    for (const entity of ['User', 'Order'])
      assert.equal(stats.entities.find((g) => g.name === entity)?.keys, (await keysMatching(redis.masters(), entityPattern({ prefix, entity }))).length)

    const pattern = await runCli(['cache', 'invalidate', '--prefix', prefix, '--pattern', `*:v${OLD}:*`, '--json'], { env })
    assert.equal(pattern.code, 0, pattern.stderr)
    assert.equal(parseJson<InvalidateResult>(pattern).deleted, 800)
    const left = await keysMatching(redis.masters(), `{${prefix}:*`)
    assert.equal(left.length, total - 800)
    assert.ok(!left.some((key) => key.includes(`:v${OLD}:`)))

    const tag = await runCli(['cache', 'invalidate', '--prefix', prefix, '--tag', 'tenant:1', '--entity', 'Order', '--json'], { env })
    assert.equal(tag.code, 0, tag.stderr)
    assert.equal(parseJson<InvalidateResult>(tag).deleted, tagged.length)
    const remaining = new Set(await keysMatching(redis.masters(), `{${prefix}:*`))
    assert.ok(tagged.every((key) => !remaining.has(key)))
    assert.equal(remaining.size, left.length - tagged.length - 1)

    const human = await runCli(['cache', 'stats', '--prefix', prefix], { env })
    assert.equal(human.code, 0, human.stderr)
    assert.match(human.stdout, /estimate/)
    assert.match(human.stdout, /hit ratio/)
  })

  it('Redis unreachable: both commands exit 5 and name the address', async () => {
    const port = await deadPort()
    for (const args of [
      ['cache', 'stats', '--json'],
      ['cache', 'invalidate', '--entity', 'User', '--json'],
    ]) {
      const result = await runCli(args, { env: { INFRA_REDIS_URL: `redis://127.0.0.1:${port}` } })
      assert.equal(result.code, 5, result.stdout + result.stderr)
      const error = parseJson<{ error: { code: string; message: string } }>(result).error
      assert.equal(error.code, 'SERVICE_UNREACHABLE')
      assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port}`))
    }
  })
})

describe('infra cache on Redis Cluster (three masters of our own, seeded from the config)', () => {
  const prefix = uniqueName('cache_e2ecl')
  let cluster: RedisCluster
  let redis: CacheRedis
  let dir: string

  before(async () => {
    cluster = await startRedisCluster()
    redis = await openCacheRedis({ url: cluster.seeds[0]!, cluster: true, timeoutMs: 5000 })
    dir = mkdtempSync(path.join(tmpdir(), 'infra-e2e-cache-'))
    // the first seed is dead on purpose: the others in redis.nodes must be enough
    const config = { redis: { url: `redis://127.0.0.1:${await deadPort()}`, cluster: true, nodes: cluster.seeds }, cache: { prefix } }
    writeFileSync(path.join(dir, 'infra.config.json'), JSON.stringify(config))
  })
  after(async () => {
    await redis?.close()
    await cluster?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('stats and invalidate --entity cover every master', async () => {
    const entities = await entitiesOnEveryMaster(redis.client as Cluster, prefix, 1)
    const counts = await populateSpread(redis.client, prefix, entities, { perVersion: 300 })
    const stats = await runCli(['cache', 'stats', '--cwd', dir, '--json'])
    assert.equal(stats.code, 0, stats.stderr)
    const report = parseJson<CacheStats>(stats)
    assert.equal(report.mode, 'cluster')
    assert.equal(report.nodes.length, 3)
    for (const entity of entities) assert.equal(report.entities.find((g) => g.name === entity)?.keys, counts.get(entity))

    const target = entities[1]!
    const result = await runCli(['cache', 'invalidate', '--cwd', dir, '--entity', target, '--json'])
    assert.equal(result.code, 0, result.stderr)
    assert.equal(parseJson<InvalidateResult>(result).deleted, counts.get(target))
    assert.deepEqual(await keysMatching(redis.masters(), entityPattern({ prefix, entity: target })), [])
    const left = await keysMatching(redis.masters(), `{${prefix}:*`)
    assert.equal(left.length, [...counts.values()].reduce((a, b) => a + b, 0) - counts.get(target)!)
  })

  it('a node failing mid-run: the report says how far each master got, and the exit code is 5', async () => {
    await dropPrefix(redis.client, redis.masters(), prefix)
    const entities = await entitiesOnEveryMaster(redis.client as Cluster, prefix, 1)
    await populateSpread(redis.client, prefix, entities, { perVersion: 1500 })
    const address = `127.0.0.1:${cluster.nodes[2]!.port}`
    const victim = redis.masters().find((node) => redis.addressOf(node) === address)!
    const onVictim = (await keysMatching([victim], `{${prefix}:*`)).length
    const run = runCli(['cache', 'invalidate', '--cwd', dir, '--pattern', '*', '--all', '--rate', '1500', '--count', '100', '--json'])
    // wait until the run has removed something from the victim (it is paced by --rate), then kill it
    while ((await keysMatching([victim], `{${prefix}:*`)).length >= onVictim) await new Promise((resolve) => setTimeout(resolve, 20))
    await cluster.stopNode(2)
    const result = await run
    assert.equal(result.code, 5, result.stdout + result.stderr)
    const report = parseJson<InvalidateResult>(result)
    assert.equal(report.complete, false)
    const dead = report.parts.find((part) => part.source === `127.0.0.1:${cluster.nodes[2]!.port}`)
    assert.equal(dead?.status, 'failed')
    assert.notEqual(dead.cursor, '0')
    assert.ok(dead.scans > 0)
    assert.match(result.stderr, /stopped at cursor/)
    assert.match(result.stderr, /incomplete/)
  })
})
