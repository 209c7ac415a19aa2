import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asServiceError, isAccessDeniedError } from '../../../src/core/connections/errors'
import { ExitCode, ServiceAccessDeniedError, ServiceUnreachableError } from '../../../src/core/errors'

const withFields = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields)

describe('refused credentials', () => {
  it("are recognised by each driver's own marks", () => {
    assert.ok(
      isAccessDeniedError(withFields("Access denied for user 'bob'@'localhost' (using password: YES)", { code: 'ER_ACCESS_DENIED_ERROR', errno: 1045 })),
    )
    const sequelize = withFields('Access denied', { name: 'SequelizeAccessDeniedError' })
    sequelize.name = 'SequelizeAccessDeniedError'
    assert.ok(isAccessDeniedError(sequelize))
    const redis = new Error('WRONGPASS invalid username-password pair or user is disabled.')
    redis.name = 'ReplyError'
    assert.ok(isAccessDeniedError(redis))
    assert.ok(isAccessDeniedError(new Error('Handshake terminated by server: 403 (ACCESS-REFUSED) with message "ACCESS_REFUSED - Login was refused"')))
    const elastic = withFields('security_exception', { meta: { statusCode: 401 } })
    elastic.name = 'ResponseError'
    assert.ok(isAccessDeniedError(elastic))
    assert.ok(!isAccessDeniedError(withFields('connect ECONNREFUSED 127.0.0.1:3306', { code: 'ECONNREFUSED' })))
  })

  it('become SERVICE_ACCESS_DENIED, exit 5, naming user and host but never the password', () => {
    const error = asServiceError('MySQL/MariaDB', 'mysql://bob:***@db.internal:3307/app', withFields('Access denied', { code: 'ER_ACCESS_DENIED_ERROR' }))
    assert.ok(error instanceof ServiceAccessDeniedError)
    assert.equal(error.exitCode, ExitCode.Unreachable)
    assert.equal(error.message, 'MySQL/MariaDB: access denied for user bob at host db.internal:3307')
  })

  it("name the driver's default user when the URL has none", () => {
    const error = asServiceError('MySQL/MariaDB', 'mysql://127.0.0.1:3306/app', withFields('Access denied', { code: 'ER_ACCESS_DENIED_ERROR' }))
    assert.match((error as Error).message, /user root at host 127\.0\.0\.1:3306/)
  })

  it('leave connection failures to SERVICE_UNREACHABLE', () => {
    const error = asServiceError('Redis', 'redis://127.0.0.1:6390', withFields('connect ECONNREFUSED', { code: 'ECONNREFUSED' }))
    assert.ok(error instanceof ServiceUnreachableError)
  })
})
