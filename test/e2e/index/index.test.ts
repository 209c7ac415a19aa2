import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Client } from '@elastic/elasticsearch'
import { connectElasticsearch } from '../../../src/core/connections/elasticsearch'
import { elasticsearchServers, runCli } from '../../support/services'
import { IndexProject } from '../../integration/index/fixture'

for (const server of elasticsearchServers()) {
  describe(`infra index commands (${server.name})`, () => {
    const project = new IndexProject(server.url, 'idx_e2e')
    const alias = project.alias('articles')
    let client: Client
    const cli = (...args: string[]) => runCli(['index', ...args, '--cwd', project.dir], { env: { INFRA_ELASTICSEARCH_URL: server.url } })
    const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown> & { error?: { code: string; message: string } }

    before(async () => {
      client = await connectElasticsearch({ url: server.url, timeoutMs: 5000 })
      project.define(alias, {
        settings: { number_of_shards: 1, number_of_replicas: 0 },
        mappings: { dynamic: 'strict', properties: { title: { type: 'text' }, views: { type: 'long' } } },
      })
    })
    after(async () => {
      await project.cleanup(client)
      await client.close()
    })

    it('plan --check exits 2 before setup; setup creates; a second setup and plan --check change nothing (exit 0)', async () => {
      const before = await cli('plan', '--check', '--json')
      assert.equal(before.code, 2, before.stderr)
      assert.equal((json(before.stdout).indices as Array<{ action: string }>)[0]!.action, 'create')
      const first = await cli('setup', '--json')
      assert.equal(first.code, 0, first.stderr)
      assert.equal(json(first.stdout).changed, 1)
      const second = await cli('setup', '--json')
      assert.equal(second.code, 0, second.stderr)
      assert.equal(json(second.stdout).changed, 0)
      const check = await cli('plan', '--check')
      assert.equal(check.code, 0, check.stdout)
      assert.match(check.stdout, /Nothing to change/)
      const status = await cli('status', '--json')
      assert.equal(status.code, 0)
      assert.deepEqual(
        (json(status.stdout).aliases as Array<{ index: string; documents: number; pending: string }>).map((a) => [a.index, a.documents, a.pending]),
        [[`${alias}-v1`, 0, 'unchanged']],
      )
    })

    it('a held lease exits 3 naming its holder', async () => {
      project.define(alias, {
        settings: { number_of_shards: 1, number_of_replicas: 0 },
        mappings: { dynamic: 'strict', properties: { title: { type: 'text' }, views: { type: 'double' } } },
      })
      await client.index({
        index: project.leaseIndex,
        id: `setup:${alias}`,
        document: { holder: 'ci-job-42', acquired_at: new Date().toISOString(), expires_at: Date.now() + 600_000 },
        refresh: true,
      })
      const held = await cli('setup', '--json')
      assert.equal(held.code, 3, held.stdout)
      assert.equal(json(held.stdout).error!.code, 'LOCK_TIMEOUT')
      assert.match(json(held.stdout).error!.message, /held by ci-job-42/)
      await client.delete({ index: project.leaseIndex, id: `setup:${alias}`, refresh: true })
      const reindexed = await cli('setup', '--delete-old')
      assert.equal(reindexed.code, 0, reindexed.stderr)
      assert.match(reindexed.stdout, new RegExp(`${alias}-v1 -> ${alias}-v2`))
      assert.equal(await client.indices.exists({ index: `${alias}-v1` }), false)
    })

    it("a mapping the server rejects exits 4 with the file and the server's reason", async () => {
      const other = project.alias('rejected')
      project.define(other, {
        settings: { analysis: { analyzer: { stemmed: { type: 'custom', tokenizer: 'standard', filter: ['no_such_filter'] } } } },
        mappings: { properties: { body: { type: 'text', analyzer: 'stemmed' } } },
      })
      const result = await cli('setup', '--json')
      assert.equal(result.code, 4, result.stdout)
      const error = json(result.stdout).error!
      assert.equal(error.code, 'INDEX_DEFINITION_REJECTED')
      assert.match(error.message, new RegExp(`infra/elastic/${other}\\.yaml`))
      assert.match(error.message, /no_such_filter/)
      writeFileSync(path.join(project.dir, 'infra', 'elastic', `${other}.yaml`), 'settingz: {}\n')
      const invalid = await cli('plan')
      assert.equal(invalid.code, 4)
      assert.match(invalid.stderr, new RegExp(`${other}\\.yaml: .*settingz`))
      writeFileSync(path.join(project.dir, 'infra', 'elastic', `${other}.yaml`), '{}\n')
    })

    it('an unreachable cluster exits 5', async () => {
      const result = await runCli(['index', 'status', '--json', '--cwd', project.dir], { env: { INFRA_ELASTICSEARCH_URL: 'http://127.0.0.1:1' } })
      assert.equal(result.code, 5, result.stdout)
      assert.equal(json(result.stdout).error!.code, 'SERVICE_UNREACHABLE')
    })
  })
}
