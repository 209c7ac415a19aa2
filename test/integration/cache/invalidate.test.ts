import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { openCacheRedis, type CacheRedis } from '../../../src/cache/connect'
import { invalidate } from '../../../src/cache/invalidate'
import { entityPattern, valueKeyById } from '../../../src/cache/keys'
import { planInvalidation, type InvalidateTarget } from '../../../src/cache/plan-invalidation'
import { InfraError } from '../../../src/core/errors'
import { REDIS_URL, uniqueName } from '../../support/services'
import { dropPrefix, keysMatching, NEW, OLD, populateCache } from './fixture'

// a few thousand keys here (the shared 2-core box); bench/cache-invalidate.ts runs the 2M / 1M case
const COUNTS = { users: 2000, orders: 3000 }

describe('cache invalidate (single Redis)', () => {
  const prefix = uniqueName('cache_it')
  const foreign = `${prefix}_outside`
  let redis: CacheRedis
  const run = (target: InvalidateTarget, dryRun = false) => invalidate(redis, planInvalidation(prefix, target), { dryRun, count: 1000, sampleSize: 5 })
  const all = () => keysMatching(redis.masters(), `{${prefix}:*`)

  before(async () => {
    redis = await openCacheRedis({ url: REDIS_URL, timeoutMs: 5000 })
    assert.equal(redis.mode, 'single')
  })
  after(async () => {
    await dropPrefix(redis.client, redis.masters(), prefix)
    await redis.client.unlink(`{${foreign}:User}:x`, `${prefix}:User:1`)
    await redis.close()
  })

  it('removes exactly the keys a pattern matches, and nothing outside the prefix', async () => {
    const { total } = await populateCache(redis.client, prefix, COUNTS)
    await redis.client.set(`{${foreign}:User}:x`, '1')
    await redis.client.set(`${prefix}:User:1`, '1')
    const pattern = `{${prefix}:User}:v${OLD}:*`
    const dry = await run({ kind: 'pattern', pattern, all: false }, true)
    assert.equal(dry.result.matched, COUNTS.users * 2)
    assert.equal(dry.result.deleted, 0)
    assert.equal(dry.result.sample.length, 5)
    assert.equal((await all()).length, total, 'a dry run removes nothing')

    const { result } = await run({ kind: 'pattern', pattern: `*:v${OLD}:*`, all: false })
    assert.equal(result.deleted, COUNTS.users * 2)
    assert.ok(result.complete)
    const left = await all()
    assert.equal(left.length, total - COUNTS.users * 2)
    assert.ok(!left.some((key) => key.includes(`:v${OLD}:`)))
    assert.equal(await redis.client.exists(`{${foreign}:User}:x`, `${prefix}:User:1`), 2, 'keys outside the prefix stay')
  })

  it('tag invalidation removes exactly the tagged keys and empties the tag set', async () => {
    await dropPrefix(redis.client, redis.masters(), prefix)
    const { total, tagged } = await populateCache(redis.client, prefix, COUNTS)
    const { result } = await run({ kind: 'tag', tag: 'tenant:1', entity: 'Order' })
    assert.equal(result.deleted, tagged.length)
    const left = new Set(await all())
    assert.equal(left.size, total - tagged.length - 1, 'the tagged keys and the emptied tag set are gone')
    assert.ok(tagged.every((key) => !left.has(key)))
    assert.ok(left.has(valueKeyById({ prefix, entity: 'Order' }, NEW, '1')))

    // without --entity the tag sets are found on every master
    const again = await populateCache(redis.client, prefix, COUNTS)
    const found = await run({ kind: 'tag', tag: 'tenant:1' })
    assert.equal(found.result.deleted, again.tagged.length)
  })

  it('--entity removes every version of one entity; --id one instance through its instance set', async () => {
    await dropPrefix(redis.client, redis.masters(), prefix)
    const { total } = await populateCache(redis.client, prefix, COUNTS)
    const one = await run({ kind: 'entity', entity: 'User', id: '7' })
    assert.equal(one.result.deleted, 4, 'id and email keys in both versions')
    assert.equal(await redis.client.exists(valueKeyById({ prefix, entity: 'User' }, OLD, '7'), valueKeyById({ prefix, entity: 'User' }, NEW, '7')), 0)
    assert.equal((await all()).length, total - 5)

    const { result } = await run({ kind: 'entity', entity: 'User' })
    assert.equal(result.deleted, (COUNTS.users - 1) * 5)
    assert.deepEqual(await keysMatching(redis.masters(), entityPattern({ prefix, entity: 'User' })), [])
    assert.equal((await all()).length, COUNTS.orders + 1)
  })

  it('removes named keys, and refuses keys outside the prefix and patterns matching it whole without --all', async () => {
    const key = valueKeyById({ prefix, entity: 'Order' }, NEW, '2')
    assert.equal((await run({ kind: 'keys', keys: [key, `${key}-missing`] })).result.deleted, 1)
    assert.throws(
      () => planInvalidation(prefix, { kind: 'keys', keys: ['other:1'] }),
      (e: unknown) => e instanceof InfraError && e.code === 'CACHE_KEY_OUTSIDE_PREFIX',
    )
    assert.throws(
      () => planInvalidation(prefix, { kind: 'pattern', pattern: '*', all: false }),
      (e: unknown) => e instanceof InfraError && e.code === 'CACHE_PATTERN_MATCHES_ALL',
    )
    const { result } = await run({ kind: 'pattern', pattern: '*', all: true })
    assert.equal(result.deleted, COUNTS.orders)
    assert.deepEqual(await all(), [])
  })
  it('sweeps from the client, with the same result, where the server refuses scripts (ACL without EVAL)', async () => {
    await dropPrefix(redis.client, redis.masters(), prefix)
    const { total } = await populateCache(redis.client, prefix, COUNTS)
    const user = uniqueName('cache_noeval')
    await redis.client.call('ACL', 'SETUSER', user, 'on', 'nopass', '~*', '&*', '+@all', '-eval', '-evalsha')
    const url = new URL(REDIS_URL)
    url.username = user
    url.password = 'x'
    const limited = await openCacheRedis({ url: url.toString(), timeoutMs: 5000 })
    try {
      const { result } = await invalidate(limited, planInvalidation(prefix, { kind: 'pattern', pattern: `*:v${OLD}:*`, all: false }), {
        dryRun: false,
        count: 1000,
        sampleSize: 5,
      })
      assert.ok(result.complete, JSON.stringify(result.parts))
      assert.equal(result.deleted, COUNTS.users * 2)
      const left = await all()
      assert.equal(left.length, total - COUNTS.users * 2)
      assert.ok(!left.some((key) => key.includes(`:v${OLD}:`)))
    } finally {
      await limited.close()
      await redis.client.call('ACL', 'DELUSER', user)
    }
  })
})
