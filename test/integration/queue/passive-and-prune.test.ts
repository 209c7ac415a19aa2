import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { QueueConflictError } from '../../../src/queue/errors'
import { declareQueues, planQueues, type QueueSettings } from '../../../src/queue/service'
import { createTestVhost, management, RABBITMQ_MANAGEMENT_URL, type TestVhost } from '../../support/services'

const TOPOLOGY =
  'exchanges:\n  - { name: events, type: topic }\nqueues:\n  - { name: orders, messageTtl: 60000 }\n  - { name: billing, type: quorum }\nbindings:\n  - { exchange: events, queue: orders, routingKey: "order.#" }\n'

describe('queue declare without the management API, and --prune', () => {
  let vhost: TestVhost
  let dir: string
  const settingsFor = (name: string, text: string, managementUrl: string | false): QueueSettings => {
    const file = path.join(dir, name)
    writeFileSync(file, text)
    return { file, displayFile: name, url: vhost.url, managementUrl, timeoutMs: 5000, defaultVhost: vhost.name }
  }
  before(async () => {
    vhost = await createTestVhost('queue_passive')
    dir = mkdtempSync(path.join(tmpdir(), 'infra-queue-passive-'))
  })
  after(async () => {
    rmSync(dir, { recursive: true, force: true })
    await vhost.drop().catch(() => undefined)
  })

  it('passive checks: declares, sees an equivalent re-run as unchanged, and names the argument of a conflict', async () => {
    const settings = settingsFor('passive.yaml', TOPOLOGY, false)
    const first = await declareQueues(settings)
    assert.equal(first.plan.source, 'passive')
    assert.equal(first.result.applied, 4)
    const again = await planQueues(settings)
    assert.deepEqual(
      again.plan.items.map((i) => `${i.action} ${i.kind}`),
      ['unchanged vhost', 'unchanged exchange', 'unchanged queue', 'unchanged queue', 'unverified binding'],
    )
    const changed = settingsFor('passive-changed.yaml', TOPOLOGY.replace('messageTtl: 60000', 'messageTtl: 1000'), false)
    const conflict = (await planQueues(changed)).plan.items.find((i) => i.action === 'conflict')!
    assert.equal(conflict.name, 'orders')
    assert.equal(conflict.differences![0]!.field, 'x-message-ttl')
    await assert.rejects(declareQueues(changed), QueueConflictError)
  })

  it('--prune removes what the file does not name when empty and unused, and keeps a queue holding messages', async () => {
    const amqp = await (require('amqplib') as typeof import('amqplib')).connect(vhost.url)
    const channel = await amqp.createConfirmChannel()
    await channel.assertExchange('old-exchange', 'fanout')
    await channel.assertQueue('old-empty')
    await channel.assertQueue('old-busy')
    await channel.bindQueue('old-empty', 'old-exchange', '')
    channel.sendToQueue('old-busy', Buffer.from('x'))
    await channel.waitForConfirms()
    await amqp.close()
    const settings = settingsFor('prune.yaml', TOPOLOGY, RABBITMQ_MANAGEMENT_URL)
    const listed = await planQueues(settings)
    assert.deepEqual(
      listed.plan.items
        .filter((i) => i.action === 'not-in-file')
        .map((i) => i.name)
        .sort(),
      ['old-busy', 'old-empty', 'old-exchange', 'old-exchange -> queue:old-empty []'].sort(),
    )
    const { result } = await declareQueues(settings, { prune: true })
    const queues = (await management<{ name: string }[]>('GET', `/queues/${encodeURIComponent(vhost.name)}?columns=name`)).map((q) => q.name).sort()
    assert.deepEqual(queues, ['billing', 'old-busy', 'orders'])
    const exchanges = (await management<{ name: string }[]>('GET', `/exchanges/${encodeURIComponent(vhost.name)}?columns=name`)).map((e) => e.name)
    assert.ok(!exchanges.includes('old-exchange'))
    assert.ok(result.pruned >= 3, JSON.stringify(result))
  })
})
