// The README's quick start, verbatim, in a fresh clone of this repository: its commands are read from the README's
// first code block, so the test and the page cannot drift apart. Slow (npm ci, a build, the example), so it runs at
// low priority; `npm test` itself is run only with INFRA_TEST_QUICKSTART_FULL=1 (it would otherwise run this suite
// inside itself), and never inside such a nested run.
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createTestVhost, MYSQL_SERVER_URL, REPO_ROOT, uniqueName, type TestVhost } from '../../support/services'

/** The commands of the Quick start section's first ```sh block, comments removed. */
export function quickStartCommands(readme: string): string[] {
  const section = readme.split(/^## /m).find((s) => s.startsWith('Quick start'))
  const block = section && /```sh\n([\s\S]*?)```/.exec(section)?.[1]
  if (!block) return []
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
}

/** A command as the README says it, in bash, at low priority, with its output kept for the failure message. */
function sh(command: string, options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('nice', ['-n', '10', 'bash', '-c', command], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? 1, output }))
  })
}

/**
 * What `npm run example` prints at each step of the chain (scripts/example.sh, examples/shop-cjs/app/): generated code
 * and application compile, the orders are saved with their events in the outbox, replayed, consumed with the payload
 * intact, projected and found by search, and the second read of the customer is answered by the cache.
 */
export function assertExampleChain(output: string): void {
  const steps: [string, RegExp][] = [
    ['infra setup applies the migrations, the index and the topology', /\$ infra setup --wait 60s\nmigrate .*applied .*\nindex .*\nqueue .*applied/],
    ['a second setup finds nothing to change', /\$ infra setup --check\n[\s\S]*?in shape: nothing to change/],
    ['the generated code and the application compile', /compiles\.\n/],
    ['the orders are saved through the repository', /\[save\] order order-1001 saved .*its OrderPlaced is in the outbox\n\[save\] order order-1002 saved/],
    ['their events wait in the outbox, written with them', /outbox_messages: 2 pending/],
    ['the replay publishes both', /published 2, failed 0/],
    [
      'the consumer gets each event as recorded',
      /\[consume\] order\.placed order-1001: customer customer-ada, total 1497 cents EUR, placed 2026-03-01T10:15:00\.000Z: payload intact/,
    ],
    [
      'the projection indexes both orders',
      /\[project\] order-1001 indexed[\s\S]*\[project\] order-1002 indexed|\[project\] order-1002 indexed[\s\S]*\[project\] order-1001 indexed/,
    ],
    ['search finds them, newest first', /\[search\] orders of customer-ada, newest first: order-1002 \(pending\), order-1001 \(pending\)\n/],
    ['the first read of the customer goes to MySQL', /\[cache\] read customer customer-ada: cache miss \(1 SQL query\)/],
    ['the second is a cache hit', /\[cache\] read customer customer-ada again: cache hit \(0 SQL queries\)/],
    ['the read side closes cleanly', /\[done\] the read side is done/],
  ]
  for (const [step, pattern] of steps) assert.match(output, pattern, `${step}: not in the output of npm run example:\n${output.slice(-6000)}`)
  // generate cache selects the repositories' ports but owns no table: it must not report their tables as abandoned
  assert.doesNotMatch(output, /no port stores/)
}

const nested = process.env.INFRA_QUICKSTART_NESTED === '1'

describe('README quick start, verbatim, in a fresh clone', { skip: nested ? 'inside the quick start’s own npm test' : false, timeout: 45 * 60_000 }, () => {
  const commands = quickStartCommands(readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8'))
  const clone = mkdtempSync(path.join(tmpdir(), 'infra-quickstart-'))
  const database = uniqueName('quickstart')
  let vhost: TestVhost
  let env: NodeJS.ProcessEnv

  before(async () => {
    const cloned = spawnSync('git', ['clone', '--quiet', REPO_ROOT, clone], { encoding: 'utf8' })
    assert.equal(cloned.status, 0, cloned.stderr)
    vhost = await createTestVhost('quickstart')
    // its own database and vhost; no npm variables of the outer run (npm test sets them)
    const outer = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('npm_')))
    env = { ...outer, INFRA_EXAMPLE_DATABASE: database, INFRA_RABBITMQ_URL: vhost.url, INFRA_QUICKSTART_NESTED: '1' }
  })
  after(async () => {
    const mysql = require('mysql2/promise') as typeof import('mysql2/promise')
    const connection = await mysql.createConnection({ uri: MYSQL_SERVER_URL })
    await connection.query(`DROP DATABASE IF EXISTS \`${database}\``)
    await connection.end()
    await vhost?.drop().catch(() => undefined)
    rmSync(clone, { recursive: true, force: true })
  })

  it('has the two commands to run', () => {
    assert.deepEqual(commands, ['npm ci && npm run example', 'npm test'])
  })

  for (const command of commands) {
    const full = command === 'npm test' && process.env.INFRA_TEST_QUICKSTART_FULL !== '1'
    it(`$ ${command}`, { skip: full ? 'the whole suite again: set INFRA_TEST_QUICKSTART_FULL=1 to run it here' : false }, async () => {
      const result = await sh(command, { cwd: clone, env })
      assert.equal(result.code, 0, `${command} exited ${result.code}:\n${result.output.slice(-6000)}`)
      if (command.includes('npm run example')) assertExampleChain(result.output)
    })
  }
})
