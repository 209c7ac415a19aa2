// Ctrl-C exits 130 and prints nothing: SIGINT to a running command, and Ctrl-C in the port picker on a terminal
// (a pseudo-terminal from util-linux `script`; skipped where it is not installed).
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { cpSync, mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { REPO_ROOT, uniqueName } from '../../support/services'
import { hasPseudoTerminal, runOnTerminal } from '../../support/terminal'

const CLI = path.join(REPO_ROOT, 'bin', 'run.js')

describe('Ctrl-C', () => {
  it('SIGINT to a running command exits 130 quietly', async () => {
    // nothing listens on port 1: doctor --wait keeps retrying until it is interrupted
    const child = spawn(process.execPath, [CLI, 'doctor', '--only', 'redis', '--wait', '5m', '--verbose'], {
      env: { ...process.env, NO_COLOR: '1', INFRA_REDIS_URL: 'redis://127.0.0.1:1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let interrupted = false
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString()
        // the first retry is logged: the command is running, not starting
        if (!interrupted && stderr.includes('not yet')) {
          interrupted = true
          child.kill('SIGINT')
        }
      })
      child.on('close', (exitCode) => resolve(exitCode))
    })
    clearTimeout(timer)
    assert.ok(interrupted, stderr)
    assert.equal(code, 130, stderr)
    assert.equal(stdout, '')
    assert.doesNotMatch(stderr, /Error|Hint/)
  })

  it('Ctrl-C in the port picker exits 130 quietly', { skip: hasPseudoTerminal ? false : 'util-linux `script` is not installed' }, async () => {
    const root = path.join(REPO_ROOT, '.infra-tmp', uniqueName('e2e_ctrlc'))
    mkdirSync(path.dirname(root), { recursive: true })
    cpSync(path.join(REPO_ROOT, 'examples', 'shop-cjs'), root, { recursive: true })
    try {
      const {
        code,
        output,
        answered: cancelled,
      } = await runOnTerminal({ args: 'generate repository', cwd: root, prompt: 'Ports to generate', keys: ['\u0003'] })
      assert.ok(cancelled, output)
      assert.equal(code, 130, output)
      assert.doesNotMatch(output, /Error|Hint|UNEXPECTED|report it/)
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})
