// On a terminal an unknown command first asks "Did you mean ...?" (@oclif/plugin-not-found): yes runs the suggestion,
// no ends as without a terminal (exit 4). A pseudo-terminal comes from util-linux `script`; skipped without it.
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, it } from 'node:test'
import { REPO_ROOT } from '../../support/services'

const CLI = path.join(REPO_ROOT, 'bin', 'run.js')
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0

/** Runs `infra <typo>` on a pseudo-terminal and answers the prompt with `answer` once it shows. */
async function answerSuggestion(typo: string, answer: string): Promise<{ code: number | null; output: string }> {
  const child = spawn('script', ['-qec', `node ${JSON.stringify(CLI)} ${typo}`, '/dev/null'], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let output = ''
  let answered = false
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
  const code = await new Promise<number | null>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (!answered && output.includes('Did you mean')) {
        answered = true
        child.stdin.write(answer)
      }
    })
    child.on('close', resolve)
  })
  clearTimeout(timer)
  assert.ok(answered, output)
  return { code, output }
}

describe('an unknown command on a terminal', { skip: hasScript ? false : 'util-linux `script` is not installed' }, () => {
  it('declining the suggestion exits 4 with it in the message', async () => {
    const { code, output } = await answerSuggestion('docter', 'n\r')
    assert.equal(code, 4, output)
    assert.match(output, /"docter" is not an infra command\. Did you mean "doctor"\?/)
  })

  it('accepting the suggestion runs it', async () => {
    const { code, output } = await answerSuggestion('versoin', '\r')
    assert.equal(code, 0, output)
    assert.match(output, /sequelize\s+\d+\.\d+/)
  })
})
