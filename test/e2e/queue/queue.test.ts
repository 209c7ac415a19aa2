import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createTestVhost, parseJson, runCli, type TestVhost } from '../../support/services'

const TOPOLOGY = `# e2e topology
exchanges:
  - { name: domain-events, type: topic }
queues:
  - { name: orders, type: quorum, messageTtl: 60s, retry: { delay: 5s, attempts: 3 } }
bindings:
  - { exchange: domain-events, queue: orders, routingKey: "order.#" }
`

describe('infra queue (built CLI)', () => {
  let vhost: TestVhost
  let dir: string
  let env: NodeJS.ProcessEnv
  const topology = (text: string) => writeFileSync(path.join(dir, 'infra', 'rabbitmq', 'topology.yaml'), text)
  before(async () => {
    vhost = await createTestVhost('queue_e2e')
    dir = mkdtempSync(path.join(tmpdir(), 'infra-queue-e2e-'))
    mkdirSync(path.join(dir, 'infra', 'rabbitmq'), { recursive: true })
    env = { INFRA_RABBITMQ_URL: vhost.url }
  })
  after(async () => {
    rmSync(dir, { recursive: true, force: true })
    await vhost.drop().catch(() => undefined)
  })

  it('plan -> declare -> plan --check -> status; a changed argument is a conflict (exit 1, nothing declared)', async () => {
    topology(TOPOLOGY)
    const plan = await runCli(['queue', 'plan', '--json', '--check'], { cwd: dir, env })
    assert.equal(plan.code, 2, plan.stdout + plan.stderr)
    assert.equal(parseJson<{ counts: { create: number } }>(plan).counts.create, 5)

    const declare = await runCli(['queue', 'declare', '--json'], { cwd: dir, env })
    assert.equal(declare.code, 0, declare.stdout + declare.stderr)
    assert.equal(parseJson<{ applied: number }>(declare).applied, 5)

    const check = await runCli(['queue', 'plan', '--check'], { cwd: dir, env })
    assert.equal(check.code, 0, check.stdout + check.stderr)
    assert.match(check.stdout, /6 unchanged/)

    const status = parseJson<{ queues: { name: string; matches: string; ready: number }[] }>(await runCli(['queue', 'status', '--json'], { cwd: dir, env }))
    assert.deepEqual(
      status.queues.map((q) => [q.name, q.matches, q.ready]),
      [
        ['orders', 'yes', 0],
        ['orders.retry', 'yes', 0],
        ['orders.dead', 'yes', 0],
      ],
    )

    topology(TOPOLOGY.replace('messageTtl: 60s', 'messageTtl: 30s').replace('exchanges:\n', 'exchanges:\n  - { name: extra, type: fanout }\n'))
    const conflict = await runCli(['queue', 'declare', '--json'], { cwd: dir, env })
    assert.equal(conflict.code, 1, conflict.stdout + conflict.stderr)
    const error = parseJson<{ error: { code: string; message: string } }>(conflict).error
    assert.equal(error.code, 'QUEUE_CONFLICT')
    assert.match(error.message, /orders.*x-message-ttl: live 60000, file 30000/s)
    const after = parseJson<{ items: { name: string; action: string }[] }>(await runCli(['queue', 'plan', '--json'], { cwd: dir, env }))
    assert.equal(after.items.find((i) => i.name === 'extra')!.action, 'create', 'nothing was declared')
  })

  it('an invalid topology is exit 4 naming the file, the path and the line, before any connection', async () => {
    const file = path.join(dir, 'bad.yaml')
    writeFileSync(file, 'exchanges:\n  - { name: e, type: topik }\n')
    const result = await runCli(['queue', 'declare', '--file', file, '--json'], {
      cwd: dir,
      env: { INFRA_RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:1/nowhere' },
    })
    assert.equal(result.code, 4, result.stdout + result.stderr)
    const error = parseJson<{ error: { code: string; message: string } }>(result).error
    assert.equal(error.code, 'TOPOLOGY_INVALID')
    assert.match(error.message, /bad\.yaml: exchanges\[0\]\.type \(line 2\): unknown exchange type "topik"/)
  })

  it('a binding to an entity declared nowhere is exit 4', async () => {
    const file = path.join(dir, 'ghost.yaml')
    writeFileSync(file, 'exchanges:\n  - { name: domain-events, type: topic }\nbindings:\n  - { exchange: domain-events, queue: ghost }\n')
    const result = await runCli(['queue', 'plan', '--file', file, '--json'], { cwd: dir, env })
    assert.equal(result.code, 4, result.stdout + result.stderr)
    assert.equal(parseJson<{ error: { code: string } }>(result).error.code, 'TOPOLOGY_UNKNOWN_REFERENCE')
  })
})
