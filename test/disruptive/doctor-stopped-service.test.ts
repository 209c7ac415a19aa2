// `infra doctor` against a service that is really stopped (not a dead port): exit 5 within --wait, naming it.
import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { servicesUp, stopRedis } from '../support/restart'
import { parseJson, runCli } from '../support/services'

interface Report {
  healthy: boolean
  services: Array<{ key: string; service: string; reachable: boolean; attempts: number }>
  durationMs: number
  error?: { code: string; message: string }
}

describe('infra doctor with Redis stopped', () => {
  after(() => servicesUp())

  it('exits 5 after --wait, names Redis at its address, reports the others healthy, and prints no password', async () => {
    stopRedis()
    const secret = 'n0tAPassw0rd'
    const result = await runCli(['doctor', '--json', '--wait', '3s'], {
      env: {
        INFRA_RABBITMQ_URL: `amqp://guest:guest@127.0.0.1:5672`,
        INFRA_RABBITMQ_MANAGEMENT_URL: `http://guest:guest@127.0.0.1:15672`,
        INFRA_REDIS_URL: `redis://:${secret}@127.0.0.1:6379`,
      },
    })
    assert.equal(result.code, 5, result.stderr)
    const report = parseJson<Report>(result)
    assert.equal(report.healthy, false)
    assert.match(report.error?.message ?? '', /^Redis is not reachable at redis:\/\/:\*\*\*@127\.0\.0\.1:6379/)
    assert.deepEqual(
      report.services.filter((s) => !s.reachable).map((s) => s.key),
      ['redis'],
    )
    assert.ok(report.services.find((s) => s.key === 'redis')!.attempts >= 2, 'kept retrying during --wait')
    assert.ok(!`${result.stdout}${result.stderr}`.includes(secret))
  })

  it('answers again once the service is back (--wait while it starts)', async () => {
    servicesUp()
    const result = await runCli(['doctor', '--json', '--only', 'redis', '--wait', '30s'])
    assert.equal(result.code, 0, result.stdout)
    assert.equal(parseJson<Report>(result).healthy, true)
  })
})
