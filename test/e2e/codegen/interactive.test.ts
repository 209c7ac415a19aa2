// With a terminal and no port named, `generate repository` asks which ports to generate. A pseudo-terminal comes
// from util-linux `script`; the test is skipped where it is not installed.
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { REPO_ROOT, uniqueName } from '../../support/services'

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0

describe('infra generate repository on a terminal', () => {
  it('lets the user pick ports in a checkbox', { skip: hasScript ? false : 'util-linux `script` is not installed' }, async () => {
    const root = path.join(REPO_ROOT, '.infra-tmp', uniqueName('e2e_tty'))
    mkdirSync(path.dirname(root), { recursive: true })
    cpSync(path.join(REPO_ROOT, 'examples', 'shop-cjs'), root, { recursive: true })
    try {
      const command = `node ${JSON.stringify(path.join(REPO_ROOT, 'bin', 'run.js'))} generate repository`
      const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: root, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] })
      let output = ''
      let answered = false
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
      const code = await new Promise<number | null>((resolve) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString()
          if (!answered && output.includes('Ports to generate')) {
            answered = true
            // every port starts checked: invert (none), check the first (OrderRepository), confirm
            child.stdin.write('i')
            child.stdin.write(' ')
            child.stdin.write('\r')
          }
        })
        child.on('close', (exitCode) => resolve(exitCode))
      })
      clearTimeout(timer)
      assert.equal(code, 0, output)
      assert.ok(existsSync(path.join(root, 'src/infrastructure/repository/mysql-order-repository.ts')), output)
      assert.equal(existsSync(path.join(root, 'src/infrastructure/repository/mysql-user-repository.ts')), false)
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})
