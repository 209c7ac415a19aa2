import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { valueKeyById, instanceSetKey } from '../../../src/cache/keys'
import { OTHER_GROUP, serverStatsOf, StatsAccumulator, sumServerStats, ttlBucketOf } from '../../../src/cache/stats-model'

describe('cache stats model', () => {
  it('puts PTTL replies in buckets; a key gone meanwhile counts nowhere', () => {
    assert.equal(ttlBucketOf(-1), 'none')
    assert.equal(ttlBucketOf(-2), undefined)
    assert.equal(ttlBucketOf(59_999), 'underMinute')
    assert.equal(ttlBucketOf(60_000), 'underHour')
    assert.equal(ttlBucketOf(3_600_000), 'longer')
  })

  it('groups keys by entity, samples memory per group and scales it to the key count', () => {
    const stats = new StatsAccumulator('p', 2)
    const user = { prefix: 'p', entity: 'User' }
    const keys = [0, 1, 2, 3].map((i) => valueKeyById(user, '0000000a', String(i)))
    assert.deepEqual(
      keys.map((key) => stats.wantsMemory(key)),
      [true, true, false, false],
    )
    stats.add(keys[0]!, -1, 100)
    stats.add(keys[1]!, 5_000, 300)
    stats.add(keys[2]!, -2)
    stats.add(keys[3]!, 7_200_000)
    stats.add(instanceSetKey(user, '0'), -1)
    stats.add('{p:}odd', -1)
    const { groups, total } = stats.result()
    assert.deepEqual(
      groups.map((g) => [g.name, g.keys]),
      [
        ['User', 4],
        [OTHER_GROUP, 1],
      ],
    )
    const group = groups[0]!
    assert.deepEqual(group.ttl, { none: 2, underMinute: 1, underHour: 0, longer: 1 })
    assert.deepEqual(group.versions, { '0000000a': 3 })
    assert.equal(group.kinds['instance-set'], 1)
    assert.deepEqual(group.memory, { sampledKeys: 2, sampledBytes: 400, estimatedBytes: 800 })
    assert.equal(total.keys, 5)
    assert.equal(total.memory.estimatedBytes, 800)
  })

  it('reads INFO and sums masters with the hit ratio over the sums', () => {
    const a = serverStatsOf(
      'a:1',
      '# Stats\r\nkeyspace_hits:90\r\nkeyspace_misses:10\r\nevicted_keys:3\r\n# Memory\r\nused_memory:1000\r\nmaxmemory:0\r\nmaxmemory_policy:noeviction\r\n',
    )
    const b = serverStatsOf('b:2', 'keyspace_hits:0\nkeyspace_misses:100\nevicted_keys:1\nused_memory:500\n')
    assert.equal(a.hitRatio, 0.9)
    assert.equal(a.maxmemoryPolicy, 'noeviction')
    assert.equal(serverStatsOf('c:3', '').hitRatio, null)
    const sum = sumServerStats([a, b])
    assert.equal(sum.hitRatio, 90 / 200)
    assert.equal(sum.evictedKeys, 4)
    assert.equal(sum.usedMemoryBytes, 1500)
  })
})
