import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Client } from '@elastic/elasticsearch'
import { connectElasticsearch } from '../../../src/core/connections/elasticsearch'
import { readLiveState } from '../../../src/index/live-state'
import { planAll } from '../../../src/index/plan'
import { setupIndices } from '../../../src/index/setup'
import { elasticsearchServers } from '../../support/services'
import { IndexProject } from './fixture'

for (const server of elasticsearchServers()) {
  describe(`index templates and server defaults (${server.name})`, () => {
    const project = new IndexProject(server.url, 'idx_tpl')
    const component = project.alias('base')
    const composable = project.alias('logs')
    let client: Client

    before(async () => {
      client = await connectElasticsearch({ url: server.url, timeoutMs: 5000 })
    })
    after(async () => {
      await client.indices.deleteIndexTemplate({ name: composable }, { ignore: [404] })
      await client.cluster.deleteComponentTemplate({ name: component }, { ignore: [404] })
      await project.cleanup(client)
      await client.close()
    })

    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(project.dir, file)), { recursive: true })
      writeFileSync(path.join(project.dir, file), text)
    }
    const plan = async () => {
      const session = await project.session()
      try {
        return planAll(session.definitions, await readLiveState(session.client, session.definitions))
      } finally {
        await session.close()
      }
    }
    const setup = async () => {
      const session = await project.session()
      try {
        return await setupIndices(session, { deleteOld: false })
      } finally {
        await session.close()
      }
    }

    it('creates component and index templates, then plans them unchanged; a change is an update', async () => {
      write(
        `infra/elastic/component_templates/${component}.yaml`,
        'template:\n  settings:\n    number_of_replicas: 0\n  mappings:\n    properties:\n      "@timestamp": { type: date }\n',
      )
      write(
        `infra/elastic/index_templates/${composable}.yaml`,
        `index_patterns: ["${composable}-*"]\ncomposed_of: [${component}]\npriority: 500\ntemplate:\n  settings:\n    index:\n      number_of_shards: 1\n`,
      )
      assert.deepEqual(
        (await plan()).templates.map((t) => t.action),
        ['create', 'create'],
      )
      assert.equal((await setup()).changed, 2)
      const again = await plan()
      assert.deepEqual(
        again.templates.map((t) => [t.name, t.action, t.reasons]),
        [
          [component, 'unchanged', []],
          [composable, 'unchanged', []],
        ],
      )
      write(`infra/elastic/index_templates/${composable}.yaml`, `index_patterns: ["${composable}-*"]\ncomposed_of: [${component}]\npriority: 501\n`)
      const changed = await plan()
      assert.equal(changed.templates[1]!.action, 'update')
      assert.equal((await setup()).changed, 1)
      assert.equal((await plan()).changes, 0)
    })

    it('an index whose file spells out server defaults (1 vs "1", index. prefix, analyzer standard, index: true) is unchanged after setup', async () => {
      const alias = project.alias('spelled')
      project.define(alias, {
        settings: { index: { number_of_shards: '1', refresh_interval: '1s' }, number_of_replicas: 0, 'index.max_result_window': 10000 },
        mappings: {
          dynamic: 'strict',
          _source: { enabled: true },
          properties: {
            title: { type: 'text', analyzer: 'standard', index: true, fields: { raw: { type: 'keyword', ignore_above: 256 } } },
            price: { type: 'double', doc_values: true },
            address: { properties: { city: { type: 'keyword' } } },
            lines: { type: 'nested', properties: { sku: { type: 'keyword' } } },
          },
        },
        aliases: { [`${alias}-read`]: {} },
      })
      assert.equal((await setup()).changed, 1)
      const after = await plan()
      const entry = after.indices.find((i) => i.alias === alias)!
      assert.equal(entry.action, 'unchanged', entry.reasons.join('; '))
    })
  })
}
