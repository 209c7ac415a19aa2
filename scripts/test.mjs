// Runs a test suite with Node's own test runner: `node scripts/test.mjs unit|integration|e2e|all [files...]`.
// Tests are TypeScript, transpiled in memory by scripts/ts-register.cjs. e2e tests spawn the built CLI (npm run build first).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

const SUITES = ['unit', 'integration', 'e2e']
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

const files =
  only.length > 0 ? only : (suite === 'all' ? SUITES : [suite]).flatMap((name) => testFiles(path.join('test', name)))
if (files.length === 0) {
  console.error('no test files found')
  process.exit(1)
}
const result = spawnSync(
  process.execPath,
  ['--require', './scripts/ts-register.cjs', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, INFRA_TEST_RUN: process.env.INFRA_TEST_RUN ?? Date.now().toString(36) } },
)
process.exit(result.status ?? 1)
