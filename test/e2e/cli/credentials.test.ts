// Refused credentials are a service problem (exit 5, "access denied for user X at host Y"), never UNEXPECTED, and the
// password never shows. MariaDB here has no user of that name, so it refuses the login whatever the password.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MYSQL_SERVER_URL, parseJson, runCli } from '../../support/services'

const PASSWORD = 'Sup3rSecretPw'

function wrongMysqlUrl(): { url: string; host: string } {
  const url = new URL(MYSQL_SERVER_URL)
  url.username = 'infra_no_such_user'
  url.password = PASSWORD
  url.pathname = '/app'
  return { url: url.toString(), host: url.host }
}

describe('wrong MySQL credentials', () => {
  const { url, host } = wrongMysqlUrl()

  it('doctor says access denied (not "not reachable"), exit 5, no secret', async () => {
    const result = await runCli(['doctor', '--only', 'mysql'], { env: { INFRA_MYSQL_URL: url } })
    assert.equal(result.code, 5, result.stderr)
    assert.match(result.stdout, /DENIED/)
    assert.match(result.stderr, new RegExp(`access denied for user infra_no_such_user at host ${host.replace(/\./g, '\\.')}`))
    assert.doesNotMatch(result.stdout + result.stderr, /not reachable/)
    assert.ok(!(result.stdout + result.stderr).includes(PASSWORD))
  })

  it('doctor --json reports SERVICE_ACCESS_DENIED beside the report', async () => {
    const result = await runCli(['doctor', '--only', 'mysql', '--json'], { env: { INFRA_MYSQL_URL: url } })
    assert.equal(result.code, 5, result.stderr)
    const report = parseJson<{ services: Array<{ error?: { code: string } }>; error: { code: string } }>(result)
    assert.equal(report.error.code, 'SERVICE_ACCESS_DENIED')
    assert.equal(report.services[0]?.error?.code, 'SERVICE_ACCESS_DENIED')
    assert.ok(!result.stdout.includes(PASSWORD))
  })

  it('a command that needs the database stops with the same error', async () => {
    const result = await runCli(['outbox', 'status', '--json'], { env: { INFRA_MYSQL_URL: url } })
    assert.equal(result.code, 5, result.stdout + result.stderr)
    const document = parseJson<{ error: { code: string; message: string } }>(result)
    assert.equal(document.error.code, 'SERVICE_ACCESS_DENIED')
    assert.match(document.error.message, /access denied for user infra_no_such_user at host/)
    assert.ok(!(result.stdout + result.stderr).includes(PASSWORD))
  })
})
