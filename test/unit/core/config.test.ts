import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { loadConfig } from '../../../src/core/config'
import { ExitCode, InfraError } from '../../../src/core/errors'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'infra-config-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function rejectsWith(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof InfraError, `expected InfraError, got ${String(error)}`)
    assert.equal(error.exitCode, ExitCode.InvalidInput)
    assert.match(error.message, pattern)
    return true
  }
}

describe('loadConfig', () => {
  it('uses the documented defaults with no file and no environment', async () => {
    const config = await loadConfig({ cwd: dir, env: {} })
    assert.equal(config.mysql.url, 'mysql://root@127.0.0.1:3306/app')
    assert.equal(config.rabbitmq.managementUrl, 'http://guest:guest@127.0.0.1:15672')
    assert.equal(config.file, undefined)
    assert.equal(config.sources['mysql.url'], 'default')
  })

  it('parses durations once: a number is milliseconds, a string has a unit', async () => {
    writeFileSync(path.join(dir, 'infra.config.yaml'), 'connectTimeout: 1500\nmigrate:\n  lockTimeout: 2m\n')
    const config = await loadConfig({ cwd: dir, env: {} })
    assert.equal(config.connectTimeout, 1500)
    assert.equal(config.migrate.lockTimeout, 120_000)
    assert.equal(config.outbox.lease, 300_000)
  })

  it('rejects a duration without a unit it knows, naming the key', async () => {
    writeFileSync(path.join(dir, 'infra.config.yaml'), 'connectTimeout: 5 minutes\n')
    await assert.rejects(loadConfig({ cwd: dir, env: {} }), rejectsWith(/connectTimeout.*duration/s))
  })

  it('applies flags > environment > file > defaults', async () => {
    writeFileSync(path.join(dir, 'infra.config.yaml'), 'mysql:\n  url: mysql://file@db:3306/a\nredis:\n  url: redis://file:6379\n')
    const config = await loadConfig({
      cwd: dir,
      env: { INFRA_MYSQL_URL: 'mysql://env@db:3306/a', INFRA_REDIS_URL: 'redis://env:6379' },
      overrides: { 'mysql.url': 'mysql://flag@db:3306/a' },
    })
    assert.equal(config.mysql.url, 'mysql://flag@db:3306/a')
    assert.equal(config.redis.url, 'redis://env:6379')
    assert.deepEqual([config.sources['mysql.url'], config.sources['redis.url'], config.sources['elasticsearch.url']], ['flag', 'env', 'default'])
    assert.equal(config.root, dir)
  })

  it('loads a TypeScript config file with a default export', async () => {
    writeFileSync(
      path.join(dir, 'infra.config.ts'),
      "const config: { mysql: { url: string } } = { mysql: { url: 'mysql://ts@db:3306/x' } }\nexport default config\n",
    )
    const config = await loadConfig({ cwd: dir, env: {} })
    assert.equal(config.mysql.url, 'mysql://ts@db:3306/x')
  })

  it('names key and file for a wrong type', async () => {
    const file = path.join(dir, 'infra.config.json')
    writeFileSync(file, JSON.stringify({ outbox: { batchSize: 'many' } }))
    await assert.rejects(loadConfig({ cwd: dir, env: {} }), rejectsWith(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*outbox\\.batchSize`)))
  })

  it('names key and file for an unknown URL scheme', async () => {
    writeFileSync(path.join(dir, 'infra.config.yaml'), 'rabbitmq:\n  url: http://guest:guest@localhost:5672\n')
    await assert.rejects(loadConfig({ cwd: dir, env: {} }), rejectsWith(/infra\.config\.yaml.*rabbitmq\.url.*unsupported URL scheme "http:"/))
  })

  it('names an unknown key (a typo)', async () => {
    writeFileSync(path.join(dir, 'infra.config.json'), JSON.stringify({ mysq: { url: 'mysql://x' } }))
    await assert.rejects(loadConfig({ cwd: dir, env: {} }), rejectsWith(/unknown key "mysq"/))
  })

  it('blames the environment variable when that is where the bad value came from', async () => {
    await assert.rejects(loadConfig({ cwd: dir, env: { INFRA_REDIS_URL: 'tcp://x:1' } }), (error: unknown) => {
      assert.ok(error instanceof InfraError)
      assert.match(error.hint ?? '', /INFRA_REDIS_URL/)
      return true
    })
  })

  it('reports a YAML syntax error with its line', async () => {
    writeFileSync(path.join(dir, 'infra.config.yaml'), 'mysql:\n  url: [unclosed\n')
    await assert.rejects(loadConfig({ cwd: dir, env: {} }), rejectsWith(/infra\.config\.yaml:\d+:\d+/))
  })

  it('fails with exit 4 when --config names a missing file', async () => {
    await assert.rejects(loadConfig({ cwd: dir, configFile: 'nope.yaml', env: {} }), rejectsWith(/does not exist/))
  })
})
