// Refused credentials, as the real drivers report them, become SERVICE_ACCESS_DENIED (exit 5) naming user and host and
// never the password. The users below do not exist on the local services, so every login is refused.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { connectMysql, connectRabbitmq, connectRedis, RabbitmqManagement } from '../../../src/core/connections'
import { ExitCode, ServiceAccessDeniedError } from '../../../src/core/errors'
import { MYSQL_SERVER_URL, RABBITMQ_MANAGEMENT_URL, RABBITMQ_URL, REDIS_URL } from '../../support/services'

const USER = 'infra_no_such_user'
const PASSWORD = 'Sup3rSecretPw'

function withCredentials(base: string): string {
  const url = new URL(base)
  url.username = USER
  url.password = PASSWORD
  return url.toString()
}

async function refusal(attempt: () => Promise<unknown>): Promise<ServiceAccessDeniedError> {
  try {
    await attempt()
  } catch (error) {
    assert.ok(error instanceof ServiceAccessDeniedError, `expected SERVICE_ACCESS_DENIED, got ${String(error)}`)
    assert.equal(error.exitCode, ExitCode.Unreachable)
    assert.ok(!JSON.stringify({ message: error.message, hint: error.hint, details: error.details }).includes(PASSWORD))
    assert.match(error.message, new RegExp(`access denied for user ${USER} at host `))
    return error
  }
  throw new Error('the login was accepted')
}

describe('refused credentials from the real services', () => {
  it('MySQL/MariaDB', async () => {
    const error = await refusal(() => connectMysql({ url: withCredentials(MYSQL_SERVER_URL), timeoutMs: 5000, database: null }))
    assert.equal(error.details?.host, new URL(MYSQL_SERVER_URL).host)
  })

  it('Redis AUTH', async () => {
    await refusal(() => connectRedis({ url: withCredentials(REDIS_URL), timeoutMs: 5000 }))
  })

  it('RabbitMQ over AMQP', async () => {
    await refusal(() => connectRabbitmq({ url: withCredentials(RABBITMQ_URL), timeoutMs: 5000 }))
  })

  it('the RabbitMQ management API (401)', async () => {
    await refusal(() => new RabbitmqManagement(withCredentials(RABBITMQ_MANAGEMENT_URL), 5000).get('/overview'))
  })
})
