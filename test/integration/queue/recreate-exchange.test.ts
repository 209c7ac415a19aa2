// `declare --recreate` of a conflicting exchange against the real RabbitMQ (own vhost): deleted and declared again with
// its bindings from the file, as source and as destination; refused (nothing declared) while deleting it would lose
// messages (a live binding the file does not have, a queue dead-lettering into it), done with --force.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { ChannelModel } from 'amqplib'
import { QueueConflictError } from '../../../src/queue/errors'
import { declareQueues, planQueues, type QueueSettings } from '../../../src/queue/service'
import { createTestVhost, management, RABBITMQ_MANAGEMENT_URL, type TestVhost } from '../../support/services'

const TOPOLOGY = `exchanges:
  - { name: ingress, type: fanout }
  - { name: events, type: topic }
  - { name: dlx, type: fanout }
queues:
  - { name: orders }
  - { name: work, deadLetterExchange: dlx }
  - { name: dead }
bindings:
  - { exchange: ingress, toExchange: events, routingKey: "" }
  - { exchange: events, queue: orders, routingKey: order.placed }
  - { exchange: dlx, queue: dead }
`

describe('queue declare --recreate of a conflicting exchange', () => {
  let vhost: TestVhost
  let dir: string
  let amqp: ChannelModel
  const write = (name: string, text: string): QueueSettings => {
    const file = path.join(dir, name)
    writeFileSync(file, text)
    return { file, displayFile: name, url: vhost.url, managementUrl: RABBITMQ_MANAGEMENT_URL, timeoutMs: 5000, defaultVhost: vhost.name }
  }
  const exchangeType = async (name: string) =>
    (await management<{ type: string }>('GET', `/exchanges/${encodeURIComponent(vhost.name)}/${encodeURIComponent(name)}`)).type
  const publishThroughIngress = async (routingKey: string, body: string) => {
    const channel = await amqp.createConfirmChannel()
    channel.publish('ingress', routingKey, Buffer.from(body))
    await channel.waitForConfirms()
    const got = await channel.get('orders', { noAck: true })
    await channel.close()
    return got === false ? null : got.content.toString()
  }

  before(async () => {
    vhost = await createTestVhost('queue_recreate_exchange')
    dir = mkdtempSync(path.join(tmpdir(), 'infra-queue-'))
    amqp = await (require('amqplib') as typeof import('amqplib')).connect(vhost.url)
    await declareQueues(write('topology.yaml', TOPOLOGY))
  })
  after(async () => {
    await amqp?.close().catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
    await vhost?.drop().catch(() => undefined)
  })

  it('is deleted and declared again with its bindings as source and as destination; messages route through it again', async () => {
    const settings = write('direct.yaml', TOPOLOGY.replace('{ name: events, type: topic }', '{ name: events, type: direct }'))
    const planned = (await planQueues(settings)).plan.items.find((i) => i.kind === 'exchange' && i.name === 'events')!
    assert.equal(planned.action, 'conflict')
    assert.match(planned.hint!, /--recreate/)
    await assert.rejects(declareQueues(settings), QueueConflictError)

    const { plan, result } = await declareQueues(settings, { recreate: true })
    assert.equal(plan.items.find((i) => i.name === 'events')!.action, 'recreate')
    assert.deepEqual(result.recreatedExchanges, [{ vhost: vhost.name, name: 'events' }])
    assert.equal(await exchangeType('events'), 'direct')
    const again = await planQueues(settings)
    assert.deepEqual(
      again.plan.items.filter((i) => i.action !== 'unchanged'),
      [],
      'the exchange and both of its bindings match the file',
    )
    assert.equal(await publishThroughIngress('order.placed', 'o1'), 'o1', 'ingress -> events (destination) -> orders (source)')
  })

  it('is refused while deleting it would lose messages, and nothing is declared; --force recreates it', async () => {
    // a binding made by hand (not in the file) would not come back; work dead-letters into dlx
    const channel = await amqp.createChannel()
    await channel.bindQueue('orders', 'events', 'manual')
    await channel.close()
    const settings = write(
      'lossy.yaml',
      TOPOLOGY.replace('{ name: dlx, type: fanout }', '{ name: dlx, type: direct }').replace('- { name: dead }', '- { name: dead }\n  - { name: added }'),
    )
    const { plan } = await planQueues(settings, { recreate: true })
    const events = plan.items.find((i) => i.name === 'events')!
    const dlx = plan.items.find((i) => i.name === 'dlx')!
    assert.equal(events.action, 'conflict')
    assert.match(events.hint!, /1 binding\(s\) not in the file would be lost \(events -> queue:orders \[manual\]\)/)
    assert.equal(dlx.action, 'conflict')
    assert.match(dlx.hint!, /queue\(s\) work dead-letter into it/)
    await assert.rejects(declareQueues(settings, { recreate: true }), (error: unknown) => error instanceof QueueConflictError && /events/.test(error.message))
    assert.equal(await exchangeType('events'), 'direct', 'not deleted')
    assert.equal(await exchangeType('dlx'), 'fanout', 'not deleted')
    const queues = await management<{ name: string }[]>('GET', `/queues/${encodeURIComponent(vhost.name)}?columns=name`)
    assert.ok(!queues.some((q) => q.name === 'added'), 'nothing was declared')

    const forced = await declareQueues(settings, { recreate: true, force: true })
    assert.deepEqual(forced.result.recreatedExchanges.map((e) => e.name).sort(), ['dlx', 'events'])
    assert.equal(await exchangeType('events'), 'topic')
    assert.equal(await exchangeType('dlx'), 'direct')
    const bindings = await management<{ source: string; routing_key: string }[]>(
      'GET',
      `/bindings/${encodeURIComponent(vhost.name)}?columns=source,routing_key`,
    )
    assert.ok(!bindings.some((b) => b.source === 'events' && b.routing_key === 'manual'), 'the binding not in the file is gone, as the hint said')
    assert.deepEqual(
      (await planQueues(settings)).plan.items.filter((i) => i.action !== 'unchanged' && i.action !== 'not-in-file'),
      [],
    )
    assert.equal(await publishThroughIngress('order.placed', 'o2'), 'o2')
  })
})
