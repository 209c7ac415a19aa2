// The CLI as a user meets it: help, version, autocomplete, an unknown command, a flag that does not parse.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { parseJson, runCli } from '../../support/services'

interface ErrorDocument {
  error: { code: string; message: string; hint?: string; details?: Record<string, unknown> }
}

describe('infra CLI conventions', () => {
  // autocomplete writes its cache under XDG_CACHE_HOME: never into the user's own
  const cache = mkdtempSync(path.join(tmpdir(), 'infra-e2e-cache-'))
  after(() => rmSync(cache, { recursive: true, force: true }))

  it('infra help, -h and --help list the commands', async () => {
    for (const args of [['help'], ['-h'], ['--help']]) {
      const result = await runCli(args)
      assert.equal(result.code, 0, result.stderr)
      assert.match(result.stdout, /COMMANDS/)
      assert.match(result.stdout, /doctor/)
      assert.match(result.stdout, /autocomplete/)
    }
  })

  it('every command help lists the environment variables and the exit codes', async () => {
    const result = await runCli(['migrate', 'up', '-h'])
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /ENVIRONMENT[\s\S]*INFRA_MYSQL_URL[\s\S]*INFRA_RABBITMQ_MANAGEMENT_URL[\s\S]*NO_COLOR/)
    assert.match(result.stdout, /EXIT CODES[\s\S]*\b4\b\s+invalid input[\s\S]*\b130\b\s+interrupted/)
  })

  it('--version and version print infra and its client libraries', async () => {
    const text = await runCli(['--version'])
    assert.equal(text.code, 0, text.stderr)
    for (const library of ['sequelize', 'mysql2', '@elastic/elasticsearch', 'ioredis', 'amqplib'])
      assert.match(text.stdout, new RegExp(`${library}\\s+\\d+\\.\\d+`))
    const json = parseJson<{ version: string; libraries: Array<{ name: string; version: string | null }> }>(await runCli(['version', '--json']))
    assert.match(json.version, /^\d+\.\d+\.\d+/)
    assert.ok(
      json.libraries.every((l) => typeof l.version === 'string'),
      JSON.stringify(json.libraries),
    )
  })

  for (const shell of ['bash', 'zsh']) {
    it(`infra autocomplete ${shell} prints the setup and the script`, async () => {
      const env = { XDG_CACHE_HOME: cache }
      const setup = await runCli(['autocomplete', shell], { env })
      assert.equal(setup.code, 0, setup.stderr)
      assert.match(setup.stdout, new RegExp(`infra autocomplete script ${shell}`))
      const script = await runCli(['autocomplete', 'script', shell], { env })
      assert.equal(script.code, 0, script.stderr)
      assert.match(script.stdout, /autocomplete/)
    })
  }

  it('an unknown command exits 4 with a "did you mean"', async () => {
    const result = await runCli(['migrat', 'up'])
    assert.equal(result.code, 4)
    assert.equal(result.stdout, '')
    assert.match(result.stderr, /"migrat up" is not an infra command\. Did you mean "migrate up"\?/)
  })

  it('an unknown command under --json prints the error document', async () => {
    const result = await runCli(['doctr', '--json'])
    assert.equal(result.code, 4)
    const document = parseJson<ErrorDocument>(result)
    assert.equal(document.error.code, 'COMMAND_NOT_FOUND')
    assert.equal(document.error.details?.suggestion, 'doctor')
  })

  it('help for an unknown command is the same invalid input (4), never 2', async () => {
    const result = await runCli(['help', 'migrat'])
    assert.equal(result.code, 4)
    assert.match(result.stderr, /"migrat" is not an infra command\. Did you mean "migrate"\?/)
  })

  it('a flag that does not parse exits 4 with the whole message', async () => {
    const result = await runCli(['migrate', 'up', '--step', 'abc'])
    assert.equal(result.code, 4)
    assert.match(result.stderr, /Error: Parsing --step: Expected an integer but received: abc/)
    const json = parseJson<ErrorDocument>(await runCli(['migrate', 'up', '--step', 'abc', '--json']))
    assert.equal(json.error.code, 'USAGE')
    assert.equal(json.error.message, 'Parsing --step: Expected an integer but received: abc')
  })

  it('a value out of range and an unknown option name the flag', async () => {
    const range = await runCli(['migrate', 'up', '--step', '0'])
    assert.equal(range.code, 4)
    assert.match(range.stderr, /Parsing --step: Expected an integer greater than or equal to 1 but received: 0/)
    const option = await runCli(['doctor', '--only', 'postgres'])
    assert.equal(option.code, 4)
    assert.match(option.stderr, /Expected --only=postgres to be one of: mysql, elasticsearch/)
  })
})
