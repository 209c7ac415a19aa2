import type { Hook } from '@oclif/core'
import { unknownCommandError } from '../unknown-command'

/**
 * An unknown command exits 4 with a "did you mean" and, under --json, the error document. On a terminal (no --json,
 * no --yes) @oclif/plugin-not-found first asks whether to run the suggestion; it is loaded only then, so a typo in CI
 * costs no prompt library.
 */
const hook: Hook<'command_not_found'> = async function (options) {
  const argv = options.argv ?? []
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !argv.includes('--json') && !argv.includes('--yes') && !argv.includes('-y')
  if (interactive) {
    const notFound = (await import('@oclif/plugin-not-found')) as { default: Hook<'command_not_found'> }
    try {
      // answered yes: it ran the suggested command
      return await notFound.default.call(this, options)
    } catch (error) {
      if (error instanceof Error && error.name === 'ExitPromptError') throw error
      // answered no: it throws its own "not found" (exit 127); ours follows
    }
  }
  throw unknownCommandError(options.id, options.config)
}

export default hook
