// The built CLI on a pseudo-terminal (util-linux `script`), for the tests of prompts: answer once a prompt shows.
import { spawn, spawnSync } from 'node:child_process'
import path from 'node:path'
import { REPO_ROOT } from './services'

/** util-linux `script` is there: tests that need a terminal skip without it. */
export const hasPseudoTerminal = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0

export interface TerminalRun {
  code: number | null
  /** everything the terminal showed */
  output: string
  /** the prompt showed and was answered */
  answered: boolean
}

/** Runs `infra <args>` on a pseudo-terminal in `cwd`; once the output contains `prompt`, types `keys` (one write each). */
export async function runOnTerminal(options: { args: string; cwd?: string; prompt: string; keys: readonly string[] }): Promise<TerminalRun> {
  const command = `node ${JSON.stringify(path.join(REPO_ROOT, 'bin', 'run.js'))} ${options.args}`
  const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] })
  let output = ''
  let answered = false
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
  const code = await new Promise<number | null>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (!answered && output.includes(options.prompt)) {
        answered = true
        for (const key of options.keys) child.stdin.write(key)
      }
    })
    child.on('close', (exitCode) => resolve(exitCode))
  })
  clearTimeout(timer)
  return { code, output, answered }
}
