// Runs a test suite with Node's own test runner: `node scripts/test.mjs unit|integration|e2e|all|disruptive [files...]`.
// `all` (what `npm test` runs) is unit, integration and e2e: it never stops a service. `disruptive` is separate, on purpose.
// Tests are TypeScript, transpiled in memory by scripts/ts-register.cjs. e2e tests spawn the built CLI (npm run build first).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

// disruptive: stops and restarts the machine's own services (RabbitMQ, Redis) to test recovery; only on request
// (`npm run test:disruptive`, which .ci/run runs after `npm test`), alone, one file at a time
const SHARED_SUITES = ['unit', 'integration', 'e2e']
const SUITES = [...SHARED_SUITES, 'disruptive']
const [suite = 'all', ...only] = process.argv.slice(2)
if (suite !== 'all' && !SUITES.includes(suite)) {
  console.error(`unknown suite "${suite}": use one of ${[...SUITES, 'all'].join(', ')}`)
  process.exit(4)
}

function testFiles(dir) {
  let found = []
  if (!existsSync(dir)) return found
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry)
    if (statSync(full).isDirectory()) found = found.concat(testFiles(full))
    else if (entry.endsWith('.test.ts')) found.push(full)
  }
  return found.sort()
}

function run(files, concurrency) {
  if (files.length === 0) return 0
  const result = spawnSync(
    process.execPath,
    ['--require', './scripts/ts-register.cjs', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
    { stdio: 'inherit', env: { ...process.env, INFRA_TEST_RUN: process.env.INFRA_TEST_RUN ?? Date.now().toString(36) } },
  )
  return result.status ?? 1
}

if (only.length > 0) process.exit(run(only, suite === 'disruptive' ? 1 : 2))
const dirs = suite === 'all' ? SHARED_SUITES : [suite]
const files = dirs.flatMap((name) => testFiles(path.join('test', name)))
if (files.length === 0) {
  console.error('no test files found')
  process.exit(1)
}
process.exit(run(files, suite === 'disruptive' ? 1 : 2))
