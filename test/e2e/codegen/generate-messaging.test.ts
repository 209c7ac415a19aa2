// `infra generate publisher` and `infra generate consumer` as a user runs them (built CLI, no terminal): help, --json,
// --dry-run (nothing written), --check, unknown events, the topology file, then `migrate up` of the inbox migration
// and `queue declare` of what the commands added (own database and vhost), and the ESM project compiling.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  createTestDatabase,
  createTestVhost,
  management,
  parseJson,
  REPO_ROOT,
  runCli,
  uniqueName,
  type TestDatabase,
  type TestVhost,
} from '../../support/services'

interface MessagingJson {
  files: Array<{ path: string; action: string }>
  exports: Array<{ name: string; kind: string; implements: string; path: string }>
  topology: { status: string; file: string; added: { exchanges: string[]; queues: string[]; bindings: string[] } }
  warnings: string[]
  drift?: boolean
}

function copyFixture(name: string): string {
  const root = path.join(REPO_ROOT, '.infra-tmp', uniqueName(`e2e_${name.replace(/-/g, '_')}`))
  mkdirSync(path.dirname(root), { recursive: true })
  cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'domains', name), root, { recursive: true })
  return root
}

function tsc(root: string): string {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json'), '--noEmit'], {
    encoding: 'utf8',
  })
  return `${result.stdout}${result.stderr}`
}

describe('infra generate publisher / consumer (built CLI, no terminal)', () => {
  let root: string
  let database: TestDatabase
  let vhost: TestVhost
  const topology = 'infra/rabbitmq/topology.yaml'
  before(async () => {
    root = copyFixture('events-cjs')
    database = await createTestDatabase('messaging_e2e')
    vhost = await createTestVhost('messaging_e2e')
  })
  after(async () => {
    rmSync(root, { recursive: true, force: true })
    await database?.drop()
    await vhost?.drop()
  })

  it('--help of both commands shows the summary, arguments, flags and examples', async () => {
    for (const kind of ['publisher', 'consumer']) {
      const result = await runCli(['generate', kind, '--help'])
      assert.equal(result.code, 0, result.stderr)
      for (const text of ['EVENTS', '--all', '--dry-run', '--check', '--json', 'EXAMPLES', `generate ${kind} UserRegistered`])
        assert.ok(result.stdout.includes(text), `${kind}: ${text}`)
    }
  })

  it('--dry-run --json lists what it would write and writes nothing (no code, no topology file)', async () => {
    const result = await runCli(['generate', 'consumer', '--all', '--dry-run', '--json'], { cwd: root })
    assert.equal(result.code, 0, result.stderr)
    const json = parseJson<MessagingJson>(result)
    assert.ok(json.files.some((f) => f.path === 'src/infrastructure/messaging/rabbitmq/consumers/user-registered-event.consumer.ts' && f.action === 'create'))
    assert.ok(json.files.some((f) => f.path === topology && f.action === 'create'))
    assert.deepEqual(json.topology.added.queues, ['OrderShippedEvent', 'UserRegisteredEvent'])
    assert.equal(existsSync(path.join(root, 'src/infrastructure')), false)
    assert.equal(existsSync(path.join(root, topology)), false)
    const human = await runCli(['generate', 'publisher', 'UserRegisteredEvent', '--dry-run'], { cwd: root })
    assert.equal(human.code, 0, human.stderr)
    assert.match(human.stdout, /\+export class UserRegisteredEventPublisher \{/)
    assert.match(human.stdout, /\+\s+- name: domain-events/)
  })

  it('an unknown event is invalid input (4) naming the known ones; no event at all names the flags', async () => {
    const unknown = await runCli(['generate', 'consumer', 'NoSuchEvent', '--json'], { cwd: root })
    assert.equal(unknown.code, 4)
    const error = parseJson<{ error: { code: string; message: string; hint: string } }>(unknown).error
    assert.equal(error.code, 'EVENT_NOT_FOUND')
    assert.match(error.hint, /OrderShippedEvent, UserRegisteredEvent/)
    const none = await runCli(['generate', 'publisher'], { cwd: root })
    assert.equal(none.code, 4)
    assert.match(none.stderr, /pass event names or --all/)
  })

  it('writes consumers and publishers, adds the topology once, and --check then finds no drift', async () => {
    const consumer = await runCli(['generate', 'consumer', '--all', '--json'], { cwd: root })
    assert.equal(consumer.code, 0, consumer.stderr)
    const json = parseJson<MessagingJson>(consumer)
    assert.deepEqual(json.warnings, [])
    assert.deepEqual(json.exports.map((e) => `${e.name} ${e.kind} ${e.implements}`).sort(), [
      'createOrderShippedEventConsumer consumer OrderShippedEvent',
      'createUserRegisteredEventConsumer consumer UserRegisteredEvent',
    ])
    assert.equal(json.topology.status, 'updated')
    const publisher = await runCli(['generate', 'publisher', '--all', '--json'], { cwd: root })
    assert.equal(publisher.code, 0, publisher.stderr)
    const published = parseJson<MessagingJson>(publisher)
    // the exchange is there already; the shared modules are the consumer run's, unchanged
    assert.equal(published.topology.status, 'unchanged')
    // the composition root gains the publishers
    const changed = published.files.filter((f) => !f.path.includes('/publishers/') && f.path !== 'src/infrastructure/index.ts' && f.action !== 'unchanged')
    assert.deepEqual(changed, [])
    const text = readFileSync(path.join(root, topology), 'utf8')
    assert.equal(text.match(/- name: domain-events/g)?.length, 1)
    // the built CLI names the command in the files both generators share (a local `exports` once made it undefined)
    for (const shared of ['conventions.ts', 'events/user-registered-event.ts'])
      assert.match(
        readFileSync(path.join(root, 'src/infrastructure/messaging/rabbitmq', shared), 'utf8'),
        /^\/\/ Generated by infra \(infra generate publisher \/ consumer\)\./,
      )
    for (const kind of ['consumer', 'publisher']) {
      const check = await runCli(['generate', kind, '--all', '--check'], { cwd: root })
      assert.equal(check.code, 0, check.stderr)
      assert.match(check.stdout, /up to date/)
    }
    assert.equal(tsc(root), '')
  })

  it('migrate up creates the inbox table; queue declare creates the work, delay and dead-letter queues and bindings', async () => {
    const migrate = await runCli(['migrate', 'up', '--json'], { cwd: root, env: { INFRA_MYSQL_URL: database.url } })
    assert.equal(migrate.code, 0, `${migrate.stdout}\n${migrate.stderr}`)
    const mysql = require('mysql2/promise') as typeof import('mysql2/promise')
    const connection = await mysql.createConnection(database.url)
    try {
      const [columns] = await connection.query('SHOW COLUMNS FROM inbox_messages')
      assert.deepEqual(
        (columns as Array<{ Field: string; Key: string }>).map((c) => `${c.Field}${c.Key === 'PRI' ? '*' : ''}`),
        ['consumer*', 'message_id*', 'event_type', 'received_at'],
      )
    } finally {
      await connection.end()
    }
    const declare = await runCli(['queue', 'declare', '--json'], { cwd: root, env: { INFRA_RABBITMQ_URL: vhost.url } })
    assert.equal(declare.code, 0, `${declare.stdout}\n${declare.stderr}`)
    const queues = await management<Array<{ name: string; arguments: Record<string, unknown> }>>('GET', `/queues/${encodeURIComponent(vhost.name)}`)
    const byName = new Map(queues.map((q) => [q.name, q.arguments]))
    assert.deepEqual(byName.get('UserRegisteredEvent'), { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'UserRegisteredEvent.retry' })
    assert.equal(byName.get('UserRegisteredEvent.retry')?.['x-dead-letter-routing-key'], 'UserRegisteredEvent')
    assert.ok(byName.has('UserRegisteredEvent.dead'))
    const bindings = await management<Array<{ source: string; destination: string; routing_key: string }>>('GET', `/bindings/${encodeURIComponent(vhost.name)}`)
    assert.ok(bindings.some((b) => b.source === 'domain-events' && b.destination === 'OrderShippedEvent' && b.routing_key === 'OrderShippedEvent'))
    const again = await runCli(['queue', 'plan', '--check'], { cwd: root, env: { INFRA_RABBITMQ_URL: vhost.url } })
    assert.equal(again.code, 0, `${again.stdout}\n${again.stderr}`)
  })
})

describe('infra generate publisher / consumer on an ESM (NodeNext) project with configured event names', () => {
  let root: string
  before(() => {
    root = copyFixture('events-esm')
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  it('generates .js-suffixed imports that compile, with the configured event type and queue prefix', async () => {
    for (const kind of ['consumer', 'publisher']) {
      const result = await runCli(['generate', kind, 'PaymentReceived', '--json'], { cwd: root })
      assert.equal(result.code, 0, result.stderr)
    }
    const consumer = readFileSync(path.join(root, 'src/infrastructure/messaging/rabbitmq/consumers/payment-received.consumer.ts'), 'utf8')
    assert.match(consumer, /from '\.\.\/consume\.js'/)
    assert.match(consumer, /queue: 'billing\.payment\.received'/)
    assert.match(readFileSync(path.join(root, 'infra/rabbitmq/topology.yaml'), 'utf8'), /routingKey: payment\.received/)
    assert.equal(tsc(root), '')
  })
})
