import assert from 'node:assert/strict'
import { createServer } from 'node:net'
import { describe, it } from 'node:test'
import { parseJson, runCli } from '../support/services'

interface Report {
  healthy: boolean
  services: Array<{ key: string; service: string; address: string; reachable: boolean; version?: string; roundTripMs?: number; attempts: number }>
  durationMs: number
  error?: { code: string; message: string }
}

/** A port on loopback that nothing listens on. */
async function deadPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('infra doctor', () => {
  it('reports all four services (and the management API) healthy with versions', async () => {
    const result = await runCli(['doctor', '--json'])
    const report = parseJson<Report>(result)
    assert.equal(result.code, 0, result.stdout + result.stderr)
    assert.equal(report.healthy, true)
    assert.deepEqual(report.services.map((s) => s.key).sort(), ['elasticsearch', 'mysql', 'rabbitmq', 'rabbitmq-management', 'redis'])
    for (const service of report.services) {
      assert.equal(service.reachable, true, service.service)
      assert.match(service.version ?? '', /^\d+\.\d+/, `${service.service} version`)
      assert.ok((service.roundTripMs ?? -1) >= 0)
    }
  })

  it('exits 5 within --wait naming the dead service, and prints no password anywhere', async () => {
    const port = await deadPort()
    const secret = 'Sup3rS3cretPw'
    const env = { INFRA_REDIS_URL: `redis://app:${secret}@127.0.0.1:${port}`, INFRA_RABBITMQ_URL: `amqp://guest:${secret}@127.0.0.1:${port}` }
    const json = await runCli(['doctor', '--json', '--wait', '2s', '--only', 'redis', '--only', 'rabbitmq', '--only', 'mysql'], { env })
    assert.equal(json.code, 5)
    const report = parseJson<Report>(json)
    assert.equal(report.healthy, false)
    assert.match(report.error?.message ?? '', /Redis/)
    assert.match(report.error?.message ?? '', /RabbitMQ/)
    assert.equal(report.services.find((s) => s.key === 'mysql')?.reachable, true)
    // it kept retrying the dead services until --wait ran out, then gave up (no upper bound: never assert on speed)
    const redis = report.services.find((s) => s.key === 'redis')!
    assert.ok(redis.attempts >= 2, `retried during --wait (attempts: ${redis.attempts})`)
    assert.ok(report.durationMs >= 2000, 'waited the whole --wait before exiting 5')

    const human = await runCli(['doctor', '--verbose', '--wait', '1s', '--only', 'redis', '--only', 'rabbitmq'], { env })
    assert.equal(human.code, 5)
    assert.match(human.stderr, /Redis, RabbitMQ is not reachable at redis:\/\/app:\*\*\*@127\.0\.0\.1/)
    for (const output of [json.stdout, json.stderr, human.stdout, human.stderr]) assert.ok(!output.includes(secret), `password leaked in: ${output}`)
  })
})

describe('infra config', () => {
  it('show --json masks every secret', async () => {
    const result = await runCli(['config', 'show', '--json'], { env: { INFRA_MYSQL_URL: 'mysql://app:TopSecret1@db:3306/shop' } })
    assert.equal(result.code, 0)
    const config = parseJson<{ mysql: { url: string }; sources: Record<string, string> }>(result)
    assert.equal(config.mysql.url, 'mysql://app:***@db:3306/shop')
    assert.equal(config.sources['mysql.url'], 'env')
    assert.ok(!result.stdout.includes('TopSecret1'))
  })

  it('exits 4 naming key and file for an invalid config, with a JSON error on --json', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const path = await import('node:path')
    const dir = mkdtempSync(path.join(tmpdir(), 'infra-e2e-config-'))
    try {
      writeFileSync(path.join(dir, 'infra.config.json'), JSON.stringify({ redis: { url: 'memcached://x:11211' } }))
      const result = await runCli(['config', 'show', '--json'], { cwd: dir })
      assert.equal(result.code, 4)
      const { error } = parseJson<{ error: { code: string; message: string; hint: string } }>(result)
      assert.equal(error.code, 'CONFIG_INVALID')
      assert.match(error.message, /infra\.config\.json.*redis\.url/)
      const human = await runCli(['doctor'], { cwd: dir })
      assert.equal(human.code, 4)
      assert.match(human.stderr, /redis\.url/)
      assert.doesNotMatch(human.stderr, /\n\s+at /, 'no stack trace for expected errors')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
