// The package users install: `npm pack` of this repository, installed into a fresh copy of examples/shop-cjs outside
// it (so nothing resolves from the repository's own node_modules), then `npx infra` there, as the README says.
// npm installs from its cache where it can (--prefer-offline); the registry is there for what is not cached.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { promisify } from 'node:util'
import { REPO_ROOT } from '../../support/services'

const run = promisify(execFile)
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm'

/** The environment without what `npm test` sets for its own scripts (npm_config_*, npm_package_*). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' }
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value
  return env
}

describe('the packed tarball', { timeout: 300_000 }, () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'infra-e2e-pack-'))
  const project = path.join(scratch, 'shop')
  let tarball = ''

  before(async () => {
    // dist/ and the manifest are built (e2e runs after `npm run build`): pack without running prepack again
    await run(NPM, ['pack', '--ignore-scripts', '--pack-destination', scratch], { cwd: REPO_ROOT, env: cleanEnv() })
    tarball = path.join(
      scratch,
      readdirSync(scratch).find((f) => f.endsWith('.tgz'))!,
    )
    cpSync(path.join(REPO_ROOT, 'examples', 'shop-cjs'), project, { recursive: true })
    await run(NPM, ['install', '--save-dev', '--prefer-offline', tarball], { cwd: project, env: cleanEnv(), timeout: 240_000 })
  })
  after(() => rmSync(scratch, { recursive: true, force: true }))

  it('ships the compiled CLI, the oclif manifest and the templates, and no sources or tests', async () => {
    const { stdout } = await run('tar', ['tzf', tarball])
    const files = stdout.split('\n').filter(Boolean)
    for (const file of ['package/bin/run.js', 'package/oclif.manifest.json', 'package/dist/cli/main.js', 'package/templates/init/infra.config.yaml.hbs']) {
      assert.ok(files.includes(file), `${file} missing from the tarball`)
    }
    assert.ok(!files.some((f) => /^package\/(src|test|bench|scripts)\//.test(f) || f.endsWith('.map')), files.join('\n'))
    const installed = JSON.parse(readFileSync(path.join(project, 'node_modules', 'clean-infra-cli', 'package.json'), 'utf8')) as Record<string, unknown>
    assert.deepEqual(installed.bin, { infra: './bin/run.js' })
    assert.equal(installed.main, undefined)
  })

  it('npx infra --help runs in the project', async () => {
    const { stdout } = await run('npx', ['--no-install', 'infra', '--help'], { cwd: project, env: cleanEnv() })
    assert.match(stdout, /COMMANDS/)
    assert.match(stdout, /generate/)
    assert.match(stdout, /clean-infra-cli\/\d+\.\d+\.\d+/)
  })

  it('npx infra generate repository --all generates the example shop', async () => {
    const { stdout } = await run('npx', ['--no-install', 'infra', 'generate', 'repository', '--all', '--json'], { cwd: project, env: cleanEnv() })
    assert.ok(stdout.trim().startsWith('{'), stdout)
    for (const file of ['mysql-order-repository.ts', 'mysql-product-repository.ts', 'mysql-user-repository.ts']) {
      assert.ok(existsSync(path.join(project, 'src', 'infrastructure', 'repository', file)), `${file} not generated`)
    }
  })
})
