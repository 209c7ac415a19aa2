// `infra cache warm` as a user runs it: the built CLI loads the project's generated TypeScript (decorator, model,
// mapper), reads MariaDB in batches and writes the decorator's keys to Redis (single and a local cluster); the
// generated decorator then answers from Redis.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { Cluster, Redis } from 'ioredis'
import type { Sequelize } from 'sequelize'
import { valueKeyByField, valueKeyById } from '../../../src/cache/keys'
import { startRedisCluster, type RedisCluster } from '../../support/redis-cluster'
import { createTestDatabase, parseJson, REDIS_URL, runCli, uniqueName, type TestDatabase } from '../../support/services'
import { generateCacheProject, type GeneratedCacheProject } from '../../integration/cache/generated-project'

interface Item {
  readonly id: string
  readonly code: string
}
interface Repository {
  findById(id: string): Promise<Item | null>
  save(item: Item): Promise<void>
}
interface WarmJson {
  loaded: number
  written: number
  notFound: number
  batches: number
  mode: string
}

const ROWS = 7

describe('infra cache warm', () => {
  let project: GeneratedCacheProject
  let database: TestDatabase
  let sequelize: Sequelize
  let cluster: RedisCluster
  let version: string
  let Cached: new (inner: Repository, redis: Redis | Cluster, options: Record<string, unknown>) => Repository
  let Mysql: new (sequelize: Sequelize) => Repository
  const ids = Array.from({ length: ROWS }, (_, i) => `w-${i + 1}`)

  before(async () => {
    project = await generateCacheProject('cachewarm')
    database = await createTestDatabase('cachewarm')
    sequelize = project.load<{ createSequelize(url: string): Sequelize }>('persistence/mysql/connection').createSequelize(database.url)
    const { defineStockItemModel } = project.load<{ defineStockItemModel(s: Sequelize): { sync(): Promise<unknown> } }>(
      'persistence/mysql/models/stock-item.model',
    )
    await defineStockItemModel(sequelize).sync()
    const generated = project.load<Record<string, unknown>>('cache/cached-stock-item-repository')
    Cached = generated.CachedStockItemRepository as typeof Cached
    version = generated.STOCK_ITEM_CACHE_VERSION as string
    Mysql = project.load<{ MysqlStockItemRepository: typeof Mysql }>('repository/mysql-stock-item-repository').MysqlStockItemRepository
    const domain = require(path.join(project.root, 'dist', 'src', 'domain', 'stock-item.js')) as {
      StockItem: { restore(state: Record<string, unknown>): Item }
      Price: new (minor: bigint, currency: string) => unknown
    }
    const repository = new Mysql(sequelize)
    for (const id of ids) {
      await repository.save(
        domain.StockItem.restore({
          id,
          code: `C${id}`,
          label: id,
          availability: 'in-stock',
          price: new domain.Price(1n, 'EUR'),
          weightGrams: null,
          listedAt: new Date(),
          retiredAt: null,
          shelves: [],
        }),
      )
    }
    cluster = await startRedisCluster()
  })

  after(async () => {
    await sequelize?.close()
    await database?.drop()
    await cluster?.stop()
    project?.remove()
  })

  const targets = () => [
    { name: 'single Redis', url: REDIS_URL, client: () => new Redis(REDIS_URL) as Redis | Cluster },
    {
      name: 'Redis Cluster',
      url: cluster.seeds[0]!,
      client: () => new Cluster(cluster.seeds.map((seed) => ({ host: new URL(seed).hostname, port: Number(new URL(seed).port) }))) as Redis | Cluster,
    },
  ]

  for (const which of [0, 1]) {
    it(`--all in batches, then --ids-from stdin, on ${which === 0 ? 'a single Redis' : 'a Redis Cluster'}`, async () => {
      const target = targets()[which]!
      const prefix = uniqueName('cw')
      const prefixes = [prefix]
      const env = { INFRA_MYSQL_URL: database.url, INFRA_REDIS_URL: target.url }
      const all = await runCli(['cache', 'warm', 'StockItemRepository', '--all', '--batch-size', '3', '--prefix', prefix, '--json', '--cwd', project.root], {
        env,
      })
      assert.equal(all.code, 0, all.stderr)
      const summary = parseJson<WarmJson>(all)
      assert.equal(summary.loaded, ROWS)
      assert.equal(summary.written, ROWS * 2, 'by id and by code')
      assert.equal(summary.batches, Math.ceil((ROWS + 1) / 3))
      assert.equal(summary.mode, which === 0 ? 'single' : 'cluster')
      const redis = target.client()
      try {
        const space = { prefix, entity: 'StockItem' }
        for (const id of ids) assert.equal(await redis.exists(valueKeyById(space, version, id), valueKeyByField(space, version, 'code', `C${id}`)), 2)
        // the decorator reads what warm wrote: no database read
        let loads = 0
        const inner = new Mysql(sequelize)
        const counting: Repository = { findById: (id) => (loads++, inner.findById(id)), save: (item) => inner.save(item) }
        const cached = new Cached(counting, redis, { prefix })
        for (const id of ids) assert.equal((await cached.findById(id))?.id, id)
        assert.equal(loads, 0)

        const again = uniqueName('cw')
        prefixes.push(again)
        const some = await runCli(['cache', 'warm', 'StockItemRepository', '--ids-from', '-', '--prefix', again, '--json', '--cwd', project.root], {
          env,
          input: `${ids[0]}\n\n# a comment\n${ids[1]}\nmissing-id\n`,
        })
        assert.equal(some.code, 0, some.stderr)
        const partial = parseJson<WarmJson>(some)
        assert.deepEqual([partial.loaded, partial.written, partial.notFound], [2, 4, 1])
        const other = { prefix: again, entity: 'StockItem' }
        assert.equal(await redis.exists(valueKeyById(other, version, ids[0]!), valueKeyById(other, version, ids[2]!)), 1)
      } finally {
        for (const each of prefixes) await removeKeys(redis, each)
        await redis.quit()
      }
    })
  }

  it('names what is missing when the decorator was not generated (exit 4), and refuses a run without ids or --all', async () => {
    const none = await runCli(['cache', 'warm', 'StockItemRepository', '--json', '--cwd', project.root])
    assert.equal(none.code, 4)
    const unknown = await runCli(['cache', 'warm', 'NoSuchRepository', '--all', '--json', '--cwd', project.root], { env: { INFRA_MYSQL_URL: database.url } })
    assert.equal(unknown.code, 4)
    assert.match(parseJson<{ error: { message: string } }>(unknown).error.message, /NoSuchRepository/)
  })
})

/** Removes every key under the prefix (SCAN on every master, test side). */
async function removeKeys(client: Redis | Cluster, prefix: string): Promise<void> {
  for (const node of client instanceof Cluster ? client.nodes('master') : [client]) {
    let cursor = '0'
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `{${prefix}:*`, 'COUNT', 1000)
      cursor = next
      if (keys.length > 0) await node.unlink(...keys)
    } while (cursor !== '0')
  }
}
