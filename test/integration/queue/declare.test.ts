import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { ChannelModel } from 'amqplib'
import { QueueConflictError, QueueNotEmptyError } from '../../../src/queue/errors'
import { declareQueues, planQueues, type QueueSettings } from '../../../src/queue/service'
import { createTestVhost, management, RABBITMQ_MANAGEMENT_URL, type TestVhost } from '../../support/services'

const TOPOLOGY = `# an application's topology
exchanges:
  - { name: domain-events, type: topic }
  - { name: broadcast, type: fanout }
  - { name: documents, type: headers }
  - { name: commands, type: direct }
  - { name: dlx, type: fanout }
queues:
  - { name: orders, type: quorum, deadLetterExchange: dlx, messageTtl: 60s }
  - { name: audit }
  - { name: invoices }
  - { name: short-lived, messageTtl: 1, deadLetterExchange: dlx }
  - { name: dead-letters }
bindings:
  - { exchange: domain-events, queue: orders, routingKey: "order.#" }
  - { exchange: domain-events, toExchange: broadcast, routingKey: "#" }
  - { exchange: broadcast, queue: audit }
  - { exchange: documents, queue: invoices, arguments: { x-match: all, kind: invoice } }
  - { exchange: commands, queue: short-lived, routingKey: expire }
  - { exchange: dlx, queue: dead-letters }
`

describe('queue declare against the real RabbitMQ', () => {
  let vhost: TestVhost
  let dir: string
  let amqp: ChannelModel
  const settingsFor = (file: string): QueueSettings => ({
    file,
    displayFile: path.basename(file),
    url: vhost.url,
    managementUrl: RABBITMQ_MANAGEMENT_URL,
    timeoutMs: 5000,
    defaultVhost: vhost.name,
  })
  const write = (name: string, text: string) => {
    const file = path.join(dir, name)
    writeFileSync(file, text)
    return settingsFor(file)
  }
  before(async () => {
    vhost = await createTestVhost('queue_declare')
    dir = mkdtempSync(path.join(tmpdir(), 'infra-queue-'))
    amqp = await (require('amqplib') as typeof import('amqplib')).connect(vhost.url)
  })
  after(async () => {
    await amqp?.close().catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
    await vhost.drop().catch(() => undefined)
  })

  it('declares direct/topic/fanout/headers exchanges, classic and quorum queues with DLX and TTL; messages land where the bindings say', async () => {
    const settings = write('topology.yaml', TOPOLOGY)
    const first = await declareQueues(settings)
    assert.ok(first.result.applied >= 16, `applied ${first.result.applied}`)
    const channel = await amqp.createConfirmChannel()
    channel.publish('domain-events', 'order.placed', Buffer.from('o1'))
    channel.publish('documents', '', Buffer.from('i1'), { headers: { kind: 'invoice' } })
    channel.publish('documents', '', Buffer.from('other'), { headers: { kind: 'receipt' } })
    channel.publish('commands', 'expire', Buffer.from('e1'))
    channel.publish('commands', 'nobody', Buffer.from('lost'))
    await channel.waitForConfirms()
    const take = async (queue: string) => {
      const got: string[] = []
      for (let m = await channel.get(queue, { noAck: true }); m; m = await channel.get(queue, { noAck: true })) got.push(m.content.toString())
      return got
    }
    // the TTL of 1 ms dead-letters through dlx into dead-letters
    let dead: string[] = []
    for (let i = 0; i < 50 && dead.length === 0; i++) {
      dead = await take('dead-letters')
      if (dead.length === 0) await new Promise((r) => setTimeout(r, 50))
    }
    assert.deepEqual(await take('orders'), ['o1'])
    assert.deepEqual(await take('audit'), ['o1'], 'topic -> fanout exchange-to-exchange -> audit')
    assert.deepEqual(await take('invoices'), ['i1'], 'headers x-match all')
    assert.deepEqual(dead, ['e1'])
    const queues = await management<{ name: string; type: string; arguments: Record<string, unknown> }[]>(
      'GET',
      `/queues/${encodeURIComponent(vhost.name)}?columns=name,type,arguments`,
    )
    const orders = queues.find((q) => q.name === 'orders')!
    assert.equal(orders.type, 'quorum')
    assert.deepEqual([orders.arguments['x-dead-letter-exchange'], orders.arguments['x-message-ttl']], ['dlx', 60000])

    const second = await declareQueues(settings)
    assert.equal(second.result.applied, 0, 'a second declare changes nothing')
    assert.equal(second.plan.items.filter((i) => i.action !== 'unchanged').length, 0)
  })

  it('changing a queue argument is a plan conflict, and declare stops having declared nothing', async () => {
    const changed = TOPOLOGY.replace('messageTtl: 60s', 'messageTtl: 30s').replace('exchanges:\n', 'exchanges:\n  - { name: brand-new, type: direct }\n')
    const settings = write('changed.yaml', changed)
    const { plan } = await planQueues(settings)
    const conflict = plan.items.find((i) => i.action === 'conflict')!
    assert.equal(conflict.name, 'orders')
    assert.deepEqual(conflict.differences, [{ field: 'x-message-ttl', live: 60000, desired: 30000 }])
    await assert.rejects(declareQueues(settings), (error: unknown) => error instanceof QueueConflictError && /x-message-ttl/.test(error.message))
    const exchanges = await management<{ name: string }[]>('GET', `/exchanges/${encodeURIComponent(vhost.name)}?columns=name`)
    assert.ok(!exchanges.some((e) => e.name === 'brand-new'), 'nothing was declared')
  })

  it('--recreate fixes an empty queue, refuses one holding messages, and --force deletes it with its count shown', async () => {
    const settings = write(
      'recreate.yaml',
      TOPOLOGY.replace('- { name: audit }', '- { name: audit, maxLength: 100 }').replace('messageTtl: 60s', 'messageTtl: 30s'),
    )
    const channel = await amqp.createConfirmChannel()
    channel.sendToQueue('audit', Buffer.from('kept'))
    await channel.waitForConfirms()
    await assert.rejects(
      declareQueues(settings, { recreate: true }),
      (error: unknown) => error instanceof QueueNotEmptyError && /audit.*1 message/.test(error.message),
    )
    assert.equal((await channel.checkQueue('audit')).messageCount, 1, 'the queue holding a message was not deleted')
    const orders = (await planQueues(settings)).plan.items.find((i) => i.name === 'orders')!
    assert.equal(orders.action, 'conflict', 'nothing was recreated while another queue refused')

    const deleted: string[] = []
    const forced = await declareQueues(settings, { recreate: true, force: true, onDeleteMessages: (q) => deleted.push(`${q.name}:${q.messages}`) })
    assert.deepEqual(deleted, ['audit:1'])
    assert.deepEqual(forced.result.recreated.map((q) => q.name).sort(), ['audit', 'orders'])
    const after = await planQueues(settings)
    assert.equal(after.plan.items.filter((i) => i.action !== 'unchanged').length, 0, 'recreated queues and their bindings match the file')
    channel.publish('domain-events', 'order.shipped', Buffer.from('o2'))
    await channel.waitForConfirms()
    const got = await channel.get('audit', { noAck: true })
    assert.equal(got && got.content.toString(), 'o2', 'the recreated queue got its binding back')
  })

  it('a definitions export from another project is declared as is (users and permissions skipped with a notice)', async () => {
    const definitions = {
      rabbit_version: '3.12.0',
      users: [{ name: 'app', password_hash: 'x', tags: '' }],
      permissions: [{ user: 'app', vhost: '/', configure: '.*', write: '.*', read: '.*' }],
      parameters: [],
      policies: [{ name: 'ttl-all', pattern: '^imported\\.', 'apply-to': 'queues', definition: { 'message-ttl': 5000 }, priority: 0 }],
      exchanges: [{ name: 'imported.events', type: 'topic', durable: true, auto_delete: false, internal: false, arguments: {} }],
      queues: [
        { name: 'imported.work', durable: true, auto_delete: false, arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 5 } },
        { name: 'imported.log', durable: true, auto_delete: false, arguments: { 'x-max-length': 10 } },
      ],
      bindings: [
        { source: 'imported.events', vhost: vhost.name, destination: 'imported.work', destination_type: 'queue', routing_key: 'work.*', arguments: {} },
      ],
    }
    const settings = write('definitions.json', JSON.stringify(definitions, null, 2))
    const { plan, result } = await declareQueues(settings)
    assert.equal(result.applied, 5)
    const session = await planQueues(settings)
    assert.deepEqual(session.topology.notices.length, 2, session.topology.notices.join('\n'))
    assert.equal(session.plan.items.filter((i) => i.spec && i.action !== 'unchanged').length, 0)
    assert.equal(plan.items.find((i) => i.name === 'imported.work')!.action, 'create')
    const queues = await management<{ name: string; type: string; policy?: string }[]>(
      'GET',
      `/queues/${encodeURIComponent(vhost.name)}?columns=name,type,policy`,
    )
    assert.equal(queues.find((q) => q.name === 'imported.work')!.type, 'quorum')
  })
})
