import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { openCacheRedis, type CacheRedis } from '../../../src/cache/connect'
import { entityPattern } from '../../../src/cache/keys'
import { collectStats } from '../../../src/cache/stats'
import { OTHER_GROUP } from '../../../src/cache/stats-model'
import { REDIS_URL, uniqueName } from '../../support/services'
import { dropPrefix, keysMatching, NEW, OLD, populateCache, populateSpread, SPREAD_TTLS } from './fixture'

describe('cache stats (single Redis)', () => {
  const prefix = uniqueName('cache_st')
  let redis: CacheRedis

  before(async () => {
    redis = await openCacheRedis({ url: REDIS_URL, timeoutMs: 5000 })
  })
  after(async () => {
    await dropPrefix(redis.client, redis.masters(), prefix)
    await redis.close()
  })

  it('counts match a direct count per entity; kinds, versions and TTL buckets are exact', async () => {
    await populateCache(redis.client, prefix, { users: 500, orders: 900 })
    await populateSpread(redis.client, prefix, ['Invoice', 'Shipment'], { perVersion: 200 })
    // a key under the prefix that follows no convention: counted apart, never dropped
    await redis.client.set(`{${prefix}:}odd`, '1')
    const { result, failures } = await collectStats(redis, { prefix, count: 100, memorySamples: 20 })
    assert.deepEqual(failures, [])
    assert.equal(result.mode, 'single')
    assert.deepEqual(
      result.entities.map((g) => g.name),
      ['Invoice', 'Order', 'Shipment', 'User', OTHER_GROUP],
    )
    for (const group of result.entities.filter((g) => g.name !== OTHER_GROUP)) {
      const direct = await keysMatching(redis.masters(), entityPattern({ prefix, entity: group.name }))
      assert.equal(group.keys, direct.length, group.name)
      assert.equal(group.memory.sampledKeys, 20)
    }
    const user = result.entities.find((g) => g.name === 'User')!
    assert.deepEqual(user.kinds, { value: 2000, 'instance-set': 500, 'tag-set': 0, tombstone: 0, other: 0 })
    assert.deepEqual(user.versions, { [OLD]: 1000, [NEW]: 1000 })
    const order = result.entities.find((g) => g.name === 'Order')!
    // every fifth order expires in 30 s, the tag set never
    assert.deepEqual(order.ttl, { none: 900 - 180 + 1, underMinute: 180, underHour: 0, longer: 0 })
    const invoice = result.entities.find((g) => g.name === 'Invoice')!
    const quarter = 400 / SPREAD_TTLS.length
    assert.deepEqual(invoice.ttl, { none: quarter, underMinute: quarter, underHour: quarter, longer: quarter })
    assert.equal(result.entities.find((g) => g.name === OTHER_GROUP)!.keys, 1)
    assert.equal(result.total.keys, (await keysMatching(redis.masters(), `{${prefix}:*`)).length)
    assert.ok(result.total.memory.estimatedBytes > 0)
    assert.equal(result.servers.length, 1)
    assert.ok(result.server.usedMemoryBytes > 0)
    assert.equal(typeof result.server.evictedKeys, 'number')
  })

  it('an empty prefix has no groups and still reports the server', async () => {
    const { result } = await collectStats(redis, { prefix: `${prefix}_empty`, count: 1000, memorySamples: 5 })
    assert.deepEqual(result.entities, [])
    assert.equal(result.total.keys, 0)
    assert.ok(result.complete)
    assert.equal(result.servers.length, 1)
  })
})
