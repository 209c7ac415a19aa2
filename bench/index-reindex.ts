// Reindex throughput on this machine's Elasticsearch: `infra index setup` (the built CLI, a field type change on an alias
// holding BENCH_DOCS documents: create <alias>-v2, sliced point-in-time copy, catch-up pass, write block, id check,
// atomic alias swap) against the best direct equivalent driven in the same run: the client's own point in time +
// search_after with the same slicing feeding the bulk helper into a fresh index (refresh off, replicas 0 while copying,
// as setup does), then one _aliases call. The baseline runs before and after the tool; their mean is the baseline.
// Run: npm run build && npm run bench:index   (BENCH_DOCS=200000 by default)
import type { Client } from '@elastic/elasticsearch'
import { ConfigSchema } from '../src/core/config/schema'
import { connectElasticsearch } from '../src/core/connections/elasticsearch'
import { ELASTICSEARCH_URL, runCli } from '../test/support/services'
import { IndexProject } from '../test/integration/index/fixture'

const DOCS = Number(process.env.BENCH_DOCS ?? 200_000)
const DEFAULTS = ConfigSchema.parse({}).index
const URL_UNDER_TEST = process.env.BENCH_ELASTICSEARCH_URL ?? ELASTICSEARCH_URL

const mappings = (countType: string) => ({
  dynamic: 'strict',
  properties: {
    title: { type: 'text', fields: { raw: { type: 'keyword' } } },
    count: { type: countType },
    tags: { type: 'keyword' },
    created: { type: 'date' },
  },
})
const settings = { number_of_shards: 2, number_of_replicas: 0 }

async function main(): Promise<void> {
  const project = new IndexProject(URL_UNDER_TEST, 'idx_bench')
  const client = await connectElasticsearch({ url: URL_UNDER_TEST, timeoutMs: 5000 })
  const alias = project.alias('products')
  try {
    project.define(alias, { settings, mappings: mappings('long') })
    const created = await runCli(['index', 'setup', '--cwd', project.dir], { env: { INFRA_ELASTICSEARCH_URL: URL_UNDER_TEST } })
    if (created.code !== 0) throw new Error(created.stderr)
    await seed(client, alias)
    const source = `${alias}-v1`

    const before = await baseline(client, source, project.alias('baseline1'))
    project.define(alias, { settings, mappings: mappings('double') })
    const started = Date.now()
    const tool = await runCli(['index', 'setup', '--json', '--cwd', project.dir], { env: { INFRA_ELASTICSEARCH_URL: URL_UNDER_TEST }, timeoutMs: 1_800_000 })
    const toolMs = Date.now() - started
    if (tool.code !== 0) throw new Error(tool.stdout + tool.stderr)
    const reindex = (JSON.parse(tool.stdout) as { entries: Array<{ reindex?: { copied: number; method: string } }> }).entries[0]!.reindex!
    const copied = Number((await client.count({ index: alias })).count)
    if (copied !== DOCS) throw new Error(`the alias holds ${copied} documents after setup, expected ${DOCS}`)
    const after = await baseline(client, source, project.alias('baseline2'))
    const baselineMs = (before + after) / 2

    console.log(`documents: ${DOCS}, slices ${DEFAULTS.slices}, batch ${DEFAULTS.batchSize}, copy method ${reindex.method}`)
    console.log(
      `baseline (PIT + search_after + bulk helper + alias swap): ${(before / 1000).toFixed(1)} s before, ${(after / 1000).toFixed(1)} s after, ${Math.round((DOCS * 1000) / baselineMs)} docs/s`,
    )
    console.log(`infra index setup (CLI, whole run):                      ${(toolMs / 1000).toFixed(1)} s, ${Math.round((DOCS * 1000) / toolMs)} docs/s`)
    console.log(`ratio setup / baseline: ${(toolMs / baselineMs).toFixed(2)} (target <= 1.2)`)
  } finally {
    await project.cleanup(client)
    await client.close()
  }
}

async function seed(client: Client, alias: string): Promise<void> {
  const batch = 5000
  for (let start = 0; start < DOCS; start += batch) {
    const operations: unknown[] = []
    for (let i = start; i < Math.min(DOCS, start + batch); i++) {
      operations.push(
        { index: { _index: alias, _id: `p${i}` } },
        {
          title: `product number ${i} in a catalogue`,
          count: i,
          tags: [`t${i % 50}`, `g${i % 7}`],
          created: new Date(1_700_000_000_000 + i * 1000).toISOString(),
        },
      )
    }
    const response = await client.bulk({ operations: operations as never })
    if (response.errors) throw new Error('seeding failed')
  }
  await client.indices.refresh({ index: alias })
}

/** The direct equivalent: same slicing and page size, bulk helper, then restore settings, refresh and one alias call. */
async function baseline(client: Client, source: string, target: string): Promise<number> {
  const started = Date.now()
  await client.indices.create({ index: target, settings: { ...settings, refresh_interval: '-1' }, mappings: mappings('double') as never })
  const pit = await client.openPointInTime({ index: source, keep_alive: '5m' })
  await Promise.all(
    Array.from({ length: DEFAULTS.slices }, (_, slice) =>
      client.helpers.bulk<{ _id: string; _source: Record<string, unknown> }>({
        datasource: (async function* () {
          let searchAfter: unknown[] | undefined
          for (;;) {
            const response = await client.search<Record<string, unknown>>({
              pit: { id: pit.id, keep_alive: '5m' },
              size: DEFAULTS.batchSize,
              sort: ['_shard_doc'],
              track_total_hits: false,
              ...(DEFAULTS.slices > 1 ? { slice: { id: String(slice), max: DEFAULTS.slices } } : {}),
              ...(searchAfter ? { search_after: searchAfter as never } : {}),
            })
            const hits = response.hits.hits
            for (const hit of hits) yield { _id: hit._id!, _source: hit._source! }
            if (hits.length < DEFAULTS.batchSize) return
            searchAfter = hits[hits.length - 1]!.sort as unknown[]
          }
        })(),
        flushBytes: 5_000_000,
        concurrency: 2,
        onDocument: (hit) => [{ index: { _index: target, _id: hit._id } }, hit._source],
      }),
    ),
  )
  await client.closePointInTime({ id: pit.id })
  await client.indices.putSettings({ index: target, settings: { 'index.refresh_interval': null } as never })
  await client.indices.refresh({ index: target })
  await client.indices.updateAliases({ actions: [{ add: { index: target, alias: `${target}_alias` } }] })
  const elapsed = Date.now() - started
  const count = Number((await client.count({ index: target })).count)
  if (count !== DOCS) throw new Error(`baseline copied ${count} documents, expected ${DOCS}`)
  await client.indices.delete({ index: target })
  return elapsed
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
