// `infra setup` (built CLI) on a database that does not exist yet, its own vhost and its own index prefix.
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Client } from '@elastic/elasticsearch'
import type { RowDataPacket } from 'mysql2/promise'
import { connectElasticsearch } from '../../../src/core/connections/elasticsearch'
import { IndexProject } from '../../integration/index/fixture'
import { createTestVhost, ELASTICSEARCH_URL, management, MYSQL_SERVER_URL, parseJson, runCli, uniqueName, type TestVhost } from '../../support/services'

interface StepView {
  step: string
  status: string
  changes?: number
}
interface SetupView {
  changes: number
  steps: StepView[]
  error?: { code: string; message: string }
}

const TOPOLOGY = `exchanges:
  - { name: domain-events, type: topic }
queues:
  - { name: orders-projection, messageTtl: 60s }
bindings:
  - { exchange: domain-events, queue: orders-projection, routingKey: "order.#" }
`

describe('infra setup (built CLI)', () => {
  const project = new IndexProject(ELASTICSEARCH_URL, 'setup_e2e')
  const alias = project.alias('orders')
  const database = uniqueName('setup_e2e')
  const mysqlUrl = Object.assign(new URL(MYSQL_SERVER_URL), { pathname: `/${database}` }).toString()
  let vhost: TestVhost
  let client: Client
  let env: NodeJS.ProcessEnv
  const setup = (...args: string[]) => runCli(['setup', ...args, '--cwd', project.dir], { env })
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(project.dir, file)), { recursive: true })
    writeFileSync(path.join(project.dir, file), text)
  }
  const sql = async (query: string): Promise<RowDataPacket[]> => {
    const mysql = require('mysql2/promise') as typeof import('mysql2/promise')
    const connection = await mysql.createConnection({ uri: MYSQL_SERVER_URL })
    try {
      const [rows] = await connection.query<RowDataPacket[]>(query)
      return rows
    } finally {
      await connection.end()
    }
  }
  const queueExists = async (name: string) => {
    const queues = await management<Array<{ name: string }>>('GET', `/queues/${encodeURIComponent(vhost.name)}`)
    return queues.some((q) => q.name === name)
  }

  before(async () => {
    vhost = await createTestVhost('setup_e2e')
    client = await connectElasticsearch({ url: ELASTICSEARCH_URL, timeoutMs: 5000 })
    env = { INFRA_MYSQL_URL: mysqlUrl, INFRA_RABBITMQ_URL: vhost.url, INFRA_ELASTICSEARCH_URL: ELASTICSEARCH_URL }
    write('infra/migrations/20261201000000-create-orders.sql', '-- +infra up\nCREATE TABLE orders (id CHAR(36) PRIMARY KEY, total INT NOT NULL);\n')
    project.define(alias, { settings: { number_of_shards: 1, number_of_replicas: 0 }, mappings: { properties: { total: { type: 'long' } } } })
    write('infra/rabbitmq/topology.yaml', TOPOLOGY)
  })
  after(async () => {
    await sql(`DROP DATABASE IF EXISTS \`${database}\``)
    await vhost.drop().catch(() => undefined)
    await project.cleanup(client)
    await client.close()
  })

  it('brings a blank database, cluster and broker to the desired state; a second run is a no-op and --check exits 0', async () => {
    const pending = await setup('--check', '--json')
    assert.equal(pending.code, 2, pending.stdout + pending.stderr)
    assert.deepEqual(
      parseJson<SetupView>(pending).steps.map((s) => [s.step, s.status, (s.changes ?? 0) > 0]),
      [
        ['migrate', 'checked', true],
        ['index', 'checked', true],
        ['queue', 'checked', true],
      ],
    )
    // --check created nothing
    assert.equal((await sql(`SHOW DATABASES LIKE '${database}'`)).length, 0)

    const first = await setup('--wait', '30s', '--json')
    assert.equal(first.code, 0, first.stdout + first.stderr)
    const report = parseJson<SetupView>(first)
    assert.deepEqual(
      report.steps.map((s) => [s.step, s.status, s.changes]),
      [
        ['migrate', 'applied', 1],
        ['index', 'applied', 1],
        ['queue', 'applied', 3],
      ],
    )
    assert.equal((await sql(`SHOW TABLES FROM \`${database}\` LIKE 'orders'`)).length, 1)
    assert.equal(await client.indices.existsAlias({ name: alias }), true)
    assert.equal(await queueExists('orders-projection'), true)

    const second = await setup('--json')
    assert.equal(second.code, 0, second.stdout + second.stderr)
    assert.equal(parseJson<SetupView>(second).changes, 0)

    const check = await setup('--check')
    assert.equal(check.code, 0, check.stdout + check.stderr)
    assert.match(check.stdout, /in shape: nothing to change/)
  })

  it('a definition the server rejects stops at its step with exit 4; the step before is applied, the one after is not run', async () => {
    write('infra/migrations/20261201000001-add-status.sql', '-- +infra up\nALTER TABLE orders ADD COLUMN status VARCHAR(20) NULL;\n')
    project.define(alias, {
      settings: {
        number_of_shards: 1,
        number_of_replicas: 0,
        analysis: { analyzer: { broken: { type: 'custom', tokenizer: 'standard', filter: ['no_such_filter'] } } },
      },
      mappings: { properties: { total: { type: 'long' }, note: { type: 'text', analyzer: 'broken' } } },
    })
    write(
      'infra/rabbitmq/topology.yaml',
      `${TOPOLOGY}  - { exchange: domain-events, queue: later, routingKey: "#" }\n`.replace('queues:\n', 'queues:\n  - { name: later }\n'),
    )

    const broken = await setup('--json')
    assert.equal(broken.code, 4, broken.stdout + broken.stderr)
    const report = parseJson<SetupView>(broken)
    assert.equal(report.error?.code, 'INDEX_DEFINITION_REJECTED')
    assert.deepEqual(
      report.steps.map((s) => [s.step, s.status]),
      [
        ['migrate', 'applied'],
        ['index', 'failed'],
        ['queue', 'not-run'],
      ],
    )
    assert.equal((await sql(`SHOW COLUMNS FROM \`${database}\`.orders LIKE 'status'`)).length, 1)
    assert.equal(await queueExists('later'), false, 'the queue step ran after the failing index step')

    const human = await setup()
    assert.equal(human.code, 4, human.stdout + human.stderr)
    assert.match(human.stdout, /migrate +\S+: up to date/)
    assert.match(human.stdout, /stopped at index/)
    assert.match(human.stderr, /no_such_filter/)
  })

  it('steps without a desired state are skipped; --only and --skip choose steps', async () => {
    const empty = new IndexProject(ELASTICSEARCH_URL, 'setup_e2e_empty')
    try {
      const none = await runCli(['setup', '--json', '--cwd', empty.dir], { env })
      assert.equal(none.code, 0, none.stdout + none.stderr)
      assert.deepEqual(
        parseJson<SetupView>(none).steps.map((s) => [s.step, s.status]),
        [
          ['migrate', 'skipped'],
          ['index', 'skipped'],
          ['queue', 'skipped'],
        ],
      )
    } finally {
      await empty.cleanup(client)
    }
    const only = await setup('--only', 'migrate,queue', '--skip', 'queue', '--json')
    assert.equal(only.code, 0, only.stdout + only.stderr)
    assert.deepEqual(
      parseJson<SetupView>(only).steps.map((s) => s.step),
      ['migrate'],
    )
    const unknown = await setup('--only', 'cache')
    assert.equal(unknown.code, 4, unknown.stderr)
  })
})
