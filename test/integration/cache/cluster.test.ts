import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Cluster } from 'ioredis'
import { openCacheRedis, type CacheRedis } from '../../../src/cache/connect'
import { invalidate } from '../../../src/cache/invalidate'
import { entityPattern, valueKeyById } from '../../../src/cache/keys'
import { planInvalidation, type InvalidateTarget } from '../../../src/cache/plan-invalidation'
import { collectStats } from '../../../src/cache/stats'
import { isConnectionError } from '../../../src/core/connections'
import { startRedisCluster, type RedisCluster } from '../../support/redis-cluster'
import { uniqueName } from '../../support/services'
import { entitiesOnEveryMaster, keysMatching, NEW, OLD, populateCache, populateSpread, SPREAD_TTLS } from './fixture'

const PER_VERSION = 400

describe('cache invalidate and stats on Redis Cluster (three masters of our own)', () => {
  const prefix = uniqueName('cache_cl')
  let cluster: RedisCluster
  let redis: CacheRedis
  const run = (target: InvalidateTarget, dryRun = false) => invalidate(redis, planInvalidation(prefix, target), { dryRun, count: 200, sampleSize: 5 })
  const all = () => keysMatching(redis.masters(), `{${prefix}:*`)

  before(async () => {
    cluster = await startRedisCluster()
    // seeded by every node, detected as a cluster from the first
    redis = await openCacheRedis({ url: cluster.seeds[0]!, nodes: cluster.seeds.slice(1), timeoutMs: 5000 })
  })
  after(async () => {
    await redis?.close()
    await cluster?.stop()
  })

  it('connects as a cluster client and sees every master', () => {
    assert.equal(redis.mode, 'cluster')
    assert.deepEqual(
      redis
        .masters()
        .map((node) => redis.addressOf(node))
        .sort(),
      cluster.nodes.map((n) => `127.0.0.1:${n.port}`).sort(),
    )
  })

  it('a pattern removes exactly the matching keys on every master and leaves the rest', async () => {
    const entities = await entitiesOnEveryMaster(redis.client as Cluster, prefix, 2)
    await populateSpread(redis.client, prefix, entities, { perVersion: PER_VERSION })
    const before = await all()
    assert.equal(before.length, entities.length * PER_VERSION * 2)

    const dry = await run({ kind: 'pattern', pattern: `*:v${OLD}:*`, all: false }, true)
    assert.equal(dry.result.matched, entities.length * PER_VERSION)
    assert.equal((await all()).length, before.length, 'a dry run removes nothing')

    const { result } = await run({ kind: 'pattern', pattern: `*:v${OLD}:*`, all: false })
    assert.ok(result.complete)
    assert.equal(result.mode, 'cluster')
    assert.equal(result.parts.length, 3)
    assert.ok(
      result.parts.every((part) => part.deleted > 0),
      'every master held matching keys and was swept',
    )
    assert.equal(result.deleted, entities.length * PER_VERSION)
    const left = await all()
    assert.deepEqual(left.sort(), before.filter((key) => !key.includes(`:v${OLD}:`)).sort())
  })

  it('stats match a direct count per entity, with TTL buckets, on every master', async () => {
    const entities = await entitiesOnEveryMaster(redis.client as Cluster, prefix, 2)
    await populateSpread(redis.client, prefix, entities, { perVersion: PER_VERSION })
    const { result, failures } = await collectStats(redis, { prefix, count: 100, memorySamples: 50 })
    assert.deepEqual(failures, [])
    assert.equal(result.nodes.length, 3)
    assert.equal(result.servers.length, 3)
    for (const entity of entities) {
      const direct = await keysMatching(redis.masters(), entityPattern({ prefix, entity }))
      const group = result.entities.find((g) => g.name === entity)
      assert.ok(group, `stats list ${entity}`)
      assert.equal(group.keys, direct.length)
      assert.deepEqual(group.versions, { [OLD]: PER_VERSION, [NEW]: PER_VERSION })
      // SPREAD_TTLS gives each of the four buckets a quarter of the keys
      const quarter = (PER_VERSION * 2) / SPREAD_TTLS.length
      assert.deepEqual(group.ttl, { none: quarter, underMinute: quarter, underHour: quarter, longer: quarter })
      assert.equal(group.memory.sampledKeys, 50)
      assert.ok(group.memory.estimatedBytes > 0)
    }
    assert.equal(result.total.keys, (await all()).length)
  })

  it('tag invalidation removes exactly the tagged keys (one entity, and every entity across masters)', async () => {
    const { tagged } = await populateCache(redis.client, prefix, { users: 300, orders: 900 })
    const before = await all()
    const { result } = await run({ kind: 'tag', tag: 'tenant:1', entity: 'Order' })
    assert.ok(result.complete)
    assert.equal(result.deleted, tagged.length)
    const left = new Set(await all())
    assert.equal(left.size, before.length - tagged.length - 1, 'the tagged keys and the emptied tag set are gone')
    assert.ok(tagged.every((key) => !left.has(key)))
    assert.ok(left.has(valueKeyById({ prefix, entity: 'Order' }, NEW, '1')))

    const again = await populateCache(redis.client, prefix, { users: 300, orders: 900 })
    const found = await run({ kind: 'tag', tag: 'tenant:1' })
    assert.equal(found.result.deleted, again.tagged.length)
  })
})

describe('a cluster node failing mid-scan', () => {
  const prefix = uniqueName('cache_fail')
  let cluster: RedisCluster
  let redis: CacheRedis

  before(async () => {
    cluster = await startRedisCluster()
    redis = await openCacheRedis({ url: cluster.seeds[0]!, cluster: true, timeoutMs: 5000 })
    const entities = await entitiesOnEveryMaster(redis.client as Cluster, prefix, 1)
    await populateSpread(redis.client, prefix, entities, { perVersion: 1500 })
  })
  after(async () => {
    await redis?.close()
    await cluster?.stop()
  })

  it('reports how far each master got and which one failed, and exits as unreachable', async () => {
    const victim = `127.0.0.1:${cluster.nodes[1]!.port}`
    const keysOn = async (): Promise<Map<string, number>> =>
      new Map(await Promise.all(redis.masters().map(async (node) => [redis.addressOf(node), (await keysMatching([node], `{${prefix}:*`)).length] as const)))
    const before = await keysOn()
    const victimNode = redis.masters().find((node) => redis.addressOf(node) === victim)!
    // --rate keeps each master's sweep going for seconds; the victim dies once its own sweep has removed something
    const running = invalidate(redis, planInvalidation(prefix, { kind: 'pattern', pattern: '*', all: true }), {
      dryRun: false,
      count: 100,
      rate: 1500,
      sampleSize: 0,
    })
    while ((await keysMatching([victimNode], `{${prefix}:*`)).length >= before.get(victim)!) await new Promise((resolve) => setTimeout(resolve, 20))
    await cluster.stopNode(1)
    const { result, failures } = await running
    assert.equal(result.complete, false)
    assert.equal(result.parts.length, 3)
    const dead = result.parts.find((part) => part.source === victim)!
    assert.equal(dead.status, 'failed')
    assert.notEqual(dead.cursor, '0', 'the failed part names the cursor it stopped at')
    assert.ok(isConnectionError(failures.find((f) => f.source === victim)!.cause), `a connection failure (exit 5): ${dead.error ?? ''}`)
    // the survivors either finished or stopped when the cluster went down (cluster-require-full-coverage):
    // either way each part's count of removed keys is exactly what left that node
    const after = await keysOn()
    for (const part of result.parts.filter((p) => p.source !== victim)) {
      assert.ok(part.status === 'done' || /CLUSTERDOWN|cluster is down|closed/i.test(part.error ?? ''), `${part.source}: ${part.error ?? ''}`)
      assert.equal(part.deleted, before.get(part.source)! - (after.get(part.source) ?? 0), `${part.source} reports what it removed`)
      if (part.status === 'failed') assert.notEqual(part.cursor, '0')
    }
  })
})
