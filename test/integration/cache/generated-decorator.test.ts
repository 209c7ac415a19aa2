// The generated cache decorator (infra generate cache) against MariaDB and Redis, single server and a local
// three-master cluster: reads answered from Redis, evictions after commit only, the commit/evict race closed,
// single flight, exact round trip, schema versions, fail-open, and keys that `infra cache invalidate` removes.
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { Cluster, Redis } from 'ioredis'
import type { Sequelize, Transaction } from 'sequelize'
import { instanceSetKey, NOT_FOUND_VALUE, tombstoneKey, valueKeyByField, valueKeyById } from '../../../src/cache/keys'
import { slotOf } from '../../../src/cache/slot'
import { startRedisCluster, type RedisCluster } from '../../support/redis-cluster'
import { createTestDatabase, parseJson, REDIS_URL, runCli, uniqueName, type TestDatabase } from '../../support/services'
import { generateCacheProject, type GeneratedCacheProject } from './generated-project'

interface Price {
  readonly minorUnits: bigint
  readonly currency: string
}
interface StockItem {
  readonly id: string
  readonly code: string
  readonly label: string
  readonly availability: string
  readonly price: Price
  readonly weightGrams: number | null
  readonly listedAt: Date
  readonly retiredAt: Date | null
  readonly shelves: string[]
  readonly note: string | undefined
}
interface StockItemState extends Omit<StockItem, 'price'> {
  price: Price
}
interface StockItemRepository {
  findById(id: string): Promise<StockItem | null>
  findByCode(code: string): Promise<StockItem | null>
  findByAvailability(availability: string): Promise<StockItem[]>
  save(item: StockItem): Promise<void>
  deleteById(id: string): Promise<void>
  deleteByAvailability(availability: string): Promise<number>
}
interface CachedRepository extends StockItemRepository {
  warm(load: () => Promise<readonly StockItem[]>): Promise<number>
}
type CachedConstructor = new (inner: StockItemRepository, redis: Redis | Cluster, options?: Record<string, unknown>) => CachedRepository
interface Domain {
  StockItem: { restore(state: StockItemState): StockItem }
  Price: new (minorUnits: bigint, currency: string) => Price
}
interface TransactionModule {
  inTransaction<T>(sequelize: Sequelize, work: (transaction: Transaction) => Promise<T>): Promise<T>
}

const ENTITY = 'StockItem'

/** The inner repository with a count of the loads that reached MariaDB, and an optional gate held after a load. */
class CountingRepository implements StockItemRepository {
  loads = 0
  /** held after a load by id, before the result goes back: the decorator's write-back waits for it */
  gate: { loaded: () => void; release: Promise<void> } | undefined
  constructor(private readonly inner: StockItemRepository) {}
  async findById(id: string) {
    this.loads++
    const found = await this.inner.findById(id)
    const gate = this.gate
    if (gate) {
      gate.loaded()
      await gate.release
    }
    return found
  }
  async findByCode(code: string) {
    this.loads++
    return this.inner.findByCode(code)
  }
  findByAvailability(availability: string) {
    return this.inner.findByAvailability(availability)
  }
  save(item: StockItem) {
    return this.inner.save(item)
  }
  deleteById(id: string) {
    return this.inner.deleteById(id)
  }
  deleteByAvailability(availability: string) {
    return this.inner.deleteByAvailability(availability)
  }
}

let project: GeneratedCacheProject
let reshaped: GeneratedCacheProject
let database: TestDatabase
let sequelize: Sequelize
let domain: Domain
let tx: TransactionModule
let Cached: CachedConstructor
let ReshapedCached: CachedConstructor
let version: string
let reshapedVersion: string
let MysqlRepository: new (sequelize: Sequelize) => StockItemRepository
let ReshapedMysqlRepository: new (sequelize: Sequelize) => StockItemRepository
let sequence = 0

before(async () => {
  project = await generateCacheProject('cachegen')
  // the same domain with one more property: another shape, so another schema version
  reshaped = await generateCacheProject('cachegen_reshaped', {
    edit: (root) => {
      const file = path.join(root, 'src', 'domain', 'stock-item.ts')
      const text = readFileSync(file, 'utf8')
      const withState = text.replace('  note?: string | undefined\n}', '  note?: string | undefined\n  origin?: string | undefined\n}')
      writeFileSync(file, withState.replace(/\n}\n$/, '\n  get origin(): string | undefined {\n    return this.state.origin\n  }\n}\n'))
    },
  })
  database = await createTestDatabase('cachegen')
  const { createSequelize } = project.load<{ createSequelize(url: string): Sequelize }>('persistence/mysql/connection')
  sequelize = createSequelize(database.url)
  tx = project.load<TransactionModule>('persistence/mysql/transaction')
  domain = require(path.join(project.root, 'dist', 'src', 'domain', 'stock-item.js')) as Domain
  const generated = project.load<Record<string, unknown>>('cache/cached-stock-item-repository')
  Cached = generated.CachedStockItemRepository as CachedConstructor
  version = generated.STOCK_ITEM_CACHE_VERSION as string
  MysqlRepository = project.load<{ MysqlStockItemRepository: typeof MysqlRepository }>('repository/mysql-stock-item-repository').MysqlStockItemRepository
  const other = reshaped.load<Record<string, unknown>>('cache/cached-stock-item-repository')
  ReshapedCached = other.CachedStockItemRepository as CachedConstructor
  reshapedVersion = other.STOCK_ITEM_CACHE_VERSION as string
  ReshapedMysqlRepository = reshaped.load<{ MysqlStockItemRepository: typeof MysqlRepository }>(
    'repository/mysql-stock-item-repository',
  ).MysqlStockItemRepository
  const { defineStockItemModel } = project.load<{ defineStockItemModel(s: Sequelize): { sync(): Promise<unknown> } }>(
    'persistence/mysql/models/stock-item.model',
  )
  await defineStockItemModel(sequelize).sync()
  // the reshaped entity's column, nullable: both shapes read the same table
  await sequelize.query('ALTER TABLE stock_items ADD COLUMN origin TEXT NULL')
})

after(async () => {
  await sequelize?.close()
  await database?.drop()
  project?.remove()
  reshaped?.remove()
})

function newItem(overrides: Partial<StockItemState> = {}): StockItem {
  const n = ++sequence
  return domain.StockItem.restore({
    id: `item-${n}`,
    code: `CODE-${n}`,
    label: `Item ${n}`,
    availability: 'in-stock',
    price: new domain.Price(9_007_199_254_740_993n + BigInt(n), 'EUR'),
    weightGrams: n % 2 === 0 ? null : 12.5,
    listedAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)),
    retiredAt: null,
    shelves: ['a', `s${n}`],
    note: undefined,
    ...overrides,
  })
}

function snapshot(item: StockItem | null | undefined) {
  if (!item) return item
  return {
    id: item.id,
    code: item.code,
    label: item.label,
    availability: item.availability,
    price: { minorUnits: item.price.minorUnits, currency: item.price.currency, isPrice: item.price instanceof domain.Price },
    weightGrams: item.weightGrams,
    listedAt: item.listedAt.toISOString(),
    listedAtIsDate: item.listedAt instanceof Date,
    retiredAt: item.retiredAt?.toISOString() ?? null,
    shelves: item.shelves,
    note: item.note,
  }
}

async function setLabelInDatabase(id: string, label: string): Promise<void> {
  await sequelize.query('UPDATE stock_items SET label = ? WHERE id = ?', { replacements: [label, id] })
}

interface Target {
  name: string
  url: string
  client(): Promise<Redis | Cluster>
  stop(): Promise<void>
}

const targets: Target[] = [{ name: 'single Redis', url: REDIS_URL, client: async () => new Redis(REDIS_URL), stop: async () => undefined }]
let cluster: RedisCluster | undefined
targets.push({
  name: 'Redis Cluster (3 masters)',
  get url() {
    return cluster!.seeds[0]!
  },
  client: async () => {
    cluster ??= await startRedisCluster()
    const seeds = cluster.seeds.map((seed) => ({ host: new URL(seed).hostname, port: Number(new URL(seed).port) }))
    return new Cluster(seeds)
  },
  stop: async () => {
    await cluster?.stop()
  },
})

for (const target of targets) {
  describe(`generated cache decorator on ${target.name}`, () => {
    let redis: Redis | Cluster
    let prefix: string
    let inner: CountingRepository
    let cached: CachedRepository
    const space = () => ({ prefix, entity: ENTITY })

    before(async () => {
      redis = await target.client()
      await waitReady(redis)
      prefix = uniqueName('cg')
      inner = new CountingRepository(new MysqlRepository(sequelize))
      cached = new Cached(inner, redis, { prefix, negativeTtlMs: 60_000 })
    })

    after(async () => {
      const keys = await keysUnder(redis, prefix)
      for (const key of keys) await redis.unlink(key)
      await redis.quit()
      await target.stop()
    })

    it('answers the second read from Redis (the value is in Redis), exactly as the database gave it', async () => {
      const item = newItem({ note: 'fragile', retiredAt: new Date(Date.UTC(2027, 5, 6, 7, 8, 9, 10)) })
      await cached.save(item)
      const first = await cached.findById(item.id)
      const stored = await redis.get(valueKeyById(space(), version, item.id))
      assert.ok(stored, 'the value key exists after the first read')
      assert.ok(await redis.sismember(instanceSetKey(space(), item.id), valueKeyById(space(), version, item.id)))
      await setLabelInDatabase(item.id, 'changed behind the cache')
      const loads = inner.loads
      const second = await cached.findById(item.id)
      assert.equal(inner.loads, loads, 'the second read did not reach the repository')
      assert.equal(second?.label, item.label)
      assert.deepEqual(snapshot(second), snapshot(first))
      assert.deepEqual(snapshot(second), snapshot(item))
      assert.equal(typeof second?.price.minorUnits, 'bigint')
    })

    it('caches lookups by a unique field, and a save evicts them along with the id key', async () => {
      const item = newItem()
      await cached.save(item)
      await cached.findByCode(item.code)
      await cached.findById(item.id)
      const byCode = valueKeyByField(space(), version, 'code', item.code)
      assert.ok(await redis.exists(byCode))
      const changed = domain.StockItem.restore({ ...stateOf(item), label: 'renamed', code: `${item.code}-new` })
      await cached.save(changed)
      assert.equal(await redis.exists(byCode, valueKeyById(space(), version, item.id)), 0, 'both keys evicted')
      assert.ok(await redis.get(tombstoneKey(space(), item.id)), 'a tombstone was written')
      const reread = await cached.findById(item.id)
      assert.equal(reread?.label, 'renamed')
      assert.ok(await redis.exists(valueKeyById(space(), version, item.id)), 'a read after the eviction fills again')
      assert.equal(await cached.findByCode(item.code), null)
    })

    it('a rolled-back save does not evict; a committed one evicts only after the commit', async () => {
      const item = newItem()
      await cached.save(item)
      await cached.findById(item.id)
      const key = valueKeyById(space(), version, item.id)
      const before = await redis.get(key)
      assert.ok(before)
      await assert.rejects(
        tx.inTransaction(sequelize, async () => {
          await cached.save(domain.StockItem.restore({ ...stateOf(item), label: 'never committed' }))
          throw new Error('roll back')
        }),
        /roll back/,
      )
      assert.equal(await redis.get(key), before, 'the cached value survived the rollback')
      assert.equal((await cached.findById(item.id))?.label, item.label)
      let duringTransaction: string | null = null
      await tx.inTransaction(sequelize, async () => {
        await cached.save(domain.StockItem.restore({ ...stateOf(item), label: 'committed' }))
        duringTransaction = await redis.get(key)
      })
      assert.equal(duringTransaction, before, 'nothing was evicted before the commit')
      assert.equal(await redis.exists(key), 0, 'evicted after the commit')
      assert.equal((await cached.findById(item.id))?.label, 'committed')
    })

    it('concurrent misses for one key load once', async () => {
      const item = newItem()
      await cached.save(item)
      const loads = inner.loads
      const results = await Promise.all(Array.from({ length: 20 }, () => cached.findById(item.id)))
      assert.equal(inner.loads - loads, 1)
      for (const result of results) assert.equal(result?.id, item.id)
      const byCode = await Promise.all(Array.from({ length: 10 }, () => cached.findByCode(item.code)))
      assert.equal(inner.loads - loads, 2)
      assert.ok(byCode.every((found) => found?.code === item.code))
    })

    it('a read that loaded before a commit does not put the old value back after the eviction (tombstone)', async () => {
      const item = newItem()
      await cached.save(item)
      let release!: () => void
      let loaded!: () => void
      const hasLoaded = new Promise<void>((resolve) => (loaded = resolve))
      inner.gate = { loaded, release: new Promise<void>((resolve) => (release = resolve)) }
      const reading = cached.findById(item.id)
      // the reader has loaded the old row and waits before its write-back; a writer commits and evicts meanwhile
      await hasLoaded
      inner.gate = undefined
      await cached.save(domain.StockItem.restore({ ...stateOf(item), label: 'newer' }))
      release()
      assert.equal((await reading)?.label, item.label, 'the reader got what it loaded')
      assert.equal(await redis.exists(valueKeyById(space(), version, item.id)), 0, 'its write-back was refused')
      assert.equal((await cached.findById(item.id))?.label, 'newer')
    })

    it('caches "not found" when asked to, and a save of that id evicts it', async () => {
      const item = newItem()
      assert.equal(await cached.findById(item.id), null)
      assert.equal(await redis.get(valueKeyById(space(), version, item.id)), NOT_FOUND_VALUE)
      const loads = inner.loads
      assert.equal(await cached.findById(item.id), null)
      assert.equal(inner.loads, loads, 'the miss was answered from Redis')
      await cached.save(item)
      assert.equal((await cached.findById(item.id))?.id, item.id)
    })

    it('a delete the decorator cannot narrow (deleteByAvailability) evicts every cached value of the entity', async () => {
      const items = [newItem({ availability: 'backorder' }), newItem({ availability: 'backorder' })]
      for (const item of items) {
        await cached.save(item)
        await cached.findById(item.id)
      }
      assert.equal(await cached.deleteByAvailability('backorder'), 2)
      for (const item of items) {
        assert.equal(await redis.exists(valueKeyById(space(), version, item.id)), 0)
        assert.equal(await cached.findById(item.id), null)
      }
    })

    it('a changed entity shape reads through to the database (another schema version)', async () => {
      assert.notEqual(version, reshapedVersion)
      const item = newItem()
      await cached.save(item)
      await cached.findById(item.id)
      await setLabelInDatabase(item.id, 'only in the database')
      const reshapedCache = new ReshapedCached(new ReshapedMysqlRepository(sequelize), redis, { prefix })
      assert.equal((await reshapedCache.findById(item.id))?.label, 'only in the database')
      assert.equal((await cached.findById(item.id))?.label, item.label, 'the old shape still reads its own key')
      assert.ok(await redis.exists(valueKeyById(space(), reshapedVersion, item.id)))
    })

    it('every key of an entity shares one slot (hash tag)', async () => {
      const item = newItem()
      await cached.save(item)
      await cached.findById(item.id)
      await cached.findByCode(item.code)
      const keys = await keysUnder(redis, prefix)
      assert.ok(keys.length >= 3)
      assert.equal(new Set(keys.map((key) => slotOf(key))).size, 1)
    })

    it('warm writes values in the decorator format, then reads are hits', async () => {
      const items = [newItem(), newItem()]
      for (const item of items) await new MysqlRepository(sequelize).save(item)
      assert.equal(await cached.warm(async () => items), items.length * 2, 'a value by id and by code for each')
      const loads = inner.loads
      for (const item of items) assert.deepEqual(snapshot(await cached.findById(item.id)), snapshot(item))
      for (const item of items) assert.equal((await cached.findByCode(item.code))?.id, item.id)
      assert.equal(inner.loads, loads)
    })

    it('`infra cache invalidate --entity StockItem --id <id>` removes exactly the keys the decorator wrote', async () => {
      const item = newItem()
      const other = newItem()
      for (const each of [item, other]) {
        await cached.save(each)
        await cached.findById(each.id)
        await cached.findByCode(each.code)
      }
      const result = await runCli(['cache', 'invalidate', '--entity', ENTITY, '--id', item.id, '--prefix', prefix, '--json'], {
        env: { INFRA_REDIS_URL: target.url },
      })
      assert.equal(result.code, 0, result.stderr)
      parseJson(result)
      assert.equal(await redis.exists(valueKeyById(space(), version, item.id), valueKeyByField(space(), version, 'code', item.code)), 0)
      assert.equal(await redis.exists(valueKeyById(space(), version, other.id), valueKeyByField(space(), version, 'code', other.code)), 2)
      const loads = inner.loads
      assert.equal((await cached.findById(item.id))?.id, item.id)
      assert.equal(inner.loads, loads + 1, 'the invalidated read went to the database')
    })
  })
}

describe('generated cache decorator with Redis unavailable', () => {
  it('reads fall through to the repository and the failure is logged once per interval', async () => {
    // a port nothing listens on; no offline queue, so a call fails at once rather than waiting for a reconnect
    const down = new Redis({ host: '127.0.0.1', port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 })
    const logged: string[] = []
    const inner = new CountingRepository(new MysqlRepository(sequelize))
    const cached = new Cached(inner, down, { prefix: uniqueName('cgdown'), logger: (message: string) => logged.push(message), failureLogIntervalMs: 60_000 })
    const item = newItem()
    await cached.save(item)
    for (let i = 0; i < 3; i++) assert.equal((await cached.findById(item.id))?.id, item.id)
    assert.equal(inner.loads, 3)
    assert.equal(logged.length, 1, logged.join('\n'))
    const strict = new Cached(inner, down, { prefix: uniqueName('cgdown'), failOpen: false })
    await assert.rejects(strict.findById(item.id), /not connected/)
    down.disconnect()
  })
})

function stateOf(item: StockItem): StockItemState {
  return {
    id: item.id,
    code: item.code,
    label: item.label,
    availability: item.availability,
    price: item.price,
    weightGrams: item.weightGrams,
    listedAt: item.listedAt,
    retiredAt: item.retiredAt,
    shelves: item.shelves,
    note: item.note,
  }
}

async function waitReady(client: Redis | Cluster): Promise<void> {
  if (client.status === 'ready') return
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve())
    client.once('error', reject)
  })
}

/** Every key under the prefix, on every master. */
async function keysUnder(client: Redis | Cluster, prefix: string): Promise<string[]> {
  const nodes = client instanceof Cluster ? client.nodes('master') : [client]
  const keys: string[] = []
  for (const node of nodes) {
    let cursor = '0'
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', `{${prefix}:*`, 'COUNT', 1000)
      keys.push(...batch)
      cursor = next
    } while (cursor !== '0')
  }
  return keys
}
