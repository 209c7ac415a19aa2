import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Client } from '@elastic/elasticsearch'
import { connectElasticsearch } from '../../../src/core/connections/elasticsearch'
import { ExitCode, InfraError } from '../../../src/core/errors'
import { acquireLease } from '../../../src/index/lease'
import { rollbackAlias } from '../../../src/index/maintain'
import { setupIndices } from '../../../src/index/setup'
import { elasticsearchServers } from '../../support/services'
import { IndexProject } from './fixture'

// 20k documents keep this test fast on a shared 2-core machine; bench/index-reindex.ts runs the same path with 200k.
const DOCUMENTS = 20_000
const DELETES = 300

const mappings = (countType: string, extra: Record<string, unknown> = {}) => ({
  dynamic: 'strict',
  properties: { title: { type: 'text', fields: { raw: { type: 'keyword' } } }, count: { type: countType }, version: { type: 'long' }, ...extra },
})
const settings = { number_of_shards: 2, number_of_replicas: 0 }

for (const server of elasticsearchServers()) {
  describe(`infra index setup (${server.name})`, () => {
    const project = new IndexProject(server.url, 'idx_setup')
    const alias = project.alias('products')
    let client: Client

    before(async () => {
      client = await connectElasticsearch({ url: server.url, timeoutMs: 5000 })
    })
    after(async () => {
      await project.cleanup(client)
      await client.close()
    })

    const setup = async (options: { leaseWaitMs?: number } = {}) => {
      const session = await project.session()
      try {
        return await setupIndices(session, { deleteOld: false, ...options })
      } finally {
        await session.close()
      }
    }

    it('creates the alias on <alias>-v1; a second setup changes nothing; a new field updates in place', async () => {
      project.define(alias, { settings, mappings: mappings('long') })
      const first = await setup()
      assert.equal(first.changed, 1)
      assert.deepEqual(Object.keys(await client.indices.getAlias({ name: alias })), [`${alias}-v1`])
      const second = await setup()
      assert.equal(second.changed, 0)
      assert.deepEqual(
        second.entries.map((e) => e.plan.action),
        ['unchanged'],
      )

      project.define(alias, { settings, mappings: mappings('long', { tag: { type: 'keyword' } }) })
      const third = await setup()
      assert.deepEqual(
        third.entries.map((e) => e.plan.action),
        ['update'],
      )
      const mapping = await client.indices.getMapping({ index: `${alias}-v1` })
      assert.equal((mapping[`${alias}-v1`]!.mappings.properties!.tag as { type: string }).type, 'keyword')
      assert.equal((await setup()).changed, 0)
    })

    it('reindexes a field type change while a searcher never sees an error or a short count, and writes, updates and deletes made meanwhile are right afterwards', async (t) => {
      const operations = Array.from({ length: DOCUMENTS }, (_, i) => [
        { index: { _index: alias, _id: `d${i}` } },
        { title: `doc ${i}`, count: i, version: 0 },
      ]).flat()
      for (let i = 0; i < operations.length; i += 10_000) await client.bulk({ operations: operations.slice(i, i + 10_000) })
      await client.indices.refresh({ index: alias })

      const expected = new Map<string, number | null>()
      let stop = false
      const errors: string[] = []
      let searches = 0
      let lowest = Number.POSITIVE_INFINITY
      const searcher = (async () => {
        while (!stop) {
          try {
            const response = await client.search({ index: alias, size: 0, track_total_hits: true })
            const total = typeof response.hits.total === 'number' ? response.hits.total : response.hits.total!.value
            lowest = Math.min(lowest, total)
            searches++
          } catch (error) {
            errors.push(String(error))
          }
        }
      })()
      // writes go through the alias; the short write block before the swap is retried, as the docs tell writers to
      const retrying = async (write: () => Promise<unknown>) => {
        for (;;) {
          try {
            return await write()
          } catch (error) {
            if (!/cluster_block_exception/.test(String(error))) throw error
            await new Promise((r) => setTimeout(r, 50))
          }
        }
      }
      let step = 0
      const writer = (async () => {
        while (!stop) {
          const n = step++
          await retrying(() => client.index({ index: alias, id: `new${n}`, document: { title: `new ${n}`, count: n, version: 1 } }))
          expected.set(`new${n}`, 1)
          const updated = `d${(n * 7919) % DOCUMENTS}`
          await retrying(() => client.update({ index: alias, id: updated, doc: { version: n + 2 } }))
          expected.set(updated, n + 2)
          if (n < DELETES) {
            const deleted = `d${DOCUMENTS - 1 - n}`
            await retrying(() => client.delete({ index: alias, id: deleted }))
            expected.set(deleted, null)
          }
          await new Promise((r) => setImmediate(r))
        }
      })()

      project.define(alias, { settings, mappings: mappings('double', { tag: { type: 'keyword' } }) })
      const report = await setup().finally(() => {
        stop = true
      })
      await Promise.all([searcher, writer])

      const reindex = report.entries[0]!.reindex!
      assert.equal(report.entries[0]!.plan.action, 'reindex')
      assert.equal(reindex.to, `${alias}-v2`)
      assert.equal(reindex.method, 'point-in-time')
      t.diagnostic(`copied ${reindex.copied}, caught up ${reindex.caughtUp}, deleted ${reindex.deleted}, writer steps ${step}, searches ${searches}`)
      assert.ok(reindex.caughtUp > 0, 'the writer ran during the copy, so the catch-up passes found documents')
      assert.ok(reindex.copied >= DOCUMENTS - DELETES, `copied ${reindex.copied}`)
      assert.deepEqual(errors, [])
      assert.ok(searches > 0)
      assert.ok(lowest >= DOCUMENTS - DELETES, `a search saw only ${lowest} documents`)
      assert.deepEqual(Object.keys(await client.indices.getAlias({ name: alias })), [`${alias}-v2`])
      assert.ok(step > 10, `the writer ran ${step} steps during the reindex`)

      await client.indices.refresh({ index: alias })
      const ids = [...expected.keys()]
      for (let i = 0; i < ids.length; i += 1000) {
        const got = await client.mget<{ version: number }>({ index: alias, ids: ids.slice(i, i + 1000) })
        for (const doc of got.docs) {
          const want = expected.get(doc._id)!
          if (want === null) assert.equal('found' in doc && doc.found, false, `${doc._id} was deleted during the reindex`)
          else assert.equal('_source' in doc ? doc._source?.version : undefined, want, `${doc._id}`)
        }
      }
      const deletedCount = [...expected.values()].filter((v) => v === null).length
      const created = [...expected.keys()].filter((k) => k.startsWith('new')).length
      assert.equal(Number((await client.count({ index: alias })).count), DOCUMENTS - deletedCount + created)
      const mapping = await client.indices.getMapping({ index: `${alias}-v2` })
      assert.equal((mapping[`${alias}-v2`]!.mappings.properties!.count as { type: string }).type, 'double')
      assert.equal((await setup()).changed, 0)
    })

    it('rollback points the alias back at the previous index and reopens it for writes', async () => {
      const report = await rollbackAlias(client, alias)
      assert.deepEqual(report, { alias, from: `${alias}-v2`, to: `${alias}-v1` })
      assert.deepEqual(Object.keys(await client.indices.getAlias({ name: alias })), [`${alias}-v1`])
      await client.index({ index: alias, id: 'after-rollback', document: { title: 'x', count: 1, version: 1 }, refresh: true })
    })

    it('two concurrent setups reindex once', async () => {
      const [a, b] = await Promise.all([setup({ leaseWaitMs: 120_000 }), setup({ leaseWaitMs: 120_000 })])
      const actions = [...a.entries, ...b.entries].map((e) => e.plan.action).sort()
      assert.deepEqual(actions, ['reindex', 'unchanged'])
      assert.deepEqual(Object.keys(await client.indices.getAlias({ name: alias })), [`${alias}-v3`])
    })

    it('a held lease stops setup with exit 3 naming its holder; an expired one is taken over', async () => {
      project.define(alias, { settings, mappings: mappings('long', { tag: { type: 'keyword' } }) })
      const held = await acquireLease(client, `setup:${alias}`, { index: project.leaseIndex, ttlMs: 60_000, waitMs: 0 })
      try {
        await assert.rejects(
          setup({ leaseWaitMs: 0 }),
          (error: unknown) => error instanceof InfraError && error.exitCode === ExitCode.Locked && error.message.includes(held.holder),
        )
      } finally {
        await held.release()
      }
      // a killed run: its lease document stays, but expired
      await client.index({
        index: project.leaseIndex,
        id: `setup:${alias}`,
        document: { holder: 'killed-run', acquired_at: new Date().toISOString(), expires_at: Date.now() - 1 },
        refresh: true,
      })
      const lease = await acquireLease(client, `setup:${alias}`, { index: project.leaseIndex, ttlMs: 60_000, waitMs: 0 })
      await lease.release()
    })
  })
}
