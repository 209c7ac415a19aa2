import { toConfiguredId, type Hook } from '@oclif/core'
import { InvalidInputError } from '../../core/errors'
import { closestMatch } from '../suggest'

/**
 * An unknown command is invalid input (exit 4, never the drift code 2), with a "did you mean" and, under --json, the
 * error document. On a terminal (no --json, no --yes) @oclif/plugin-not-found first asks whether to run the
 * suggestion; it is loaded only then, so a typo in CI costs no prompt library.
 */
const hook: Hook<'command_not_found'> = async function (options) {
  const config = options.config
  const hidden = new Set(config.commands.filter((c) => c.hidden).map((c) => c.id))
  const ids = [...config.commandIDs, ...config.commands.flatMap((c) => c.aliases)].filter((id) => !hidden.has(id))
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
  const typed = toConfiguredId(options.id, config)
  const suggestion = closestMatch(options.id, ids)
  const readable = suggestion === undefined ? undefined : toConfiguredId(suggestion, config)
  throw new InvalidInputError({
    code: 'COMMAND_NOT_FOUND',
    message: `"${typed}" is not an ${config.bin} command.${readable ? ` Did you mean "${readable}"?` : ''}`,
    hint: `Run \`${config.bin} help\` for the list of commands${readable ? `, or \`${config.bin} ${readable} --help\`` : ''}.`,
    details: { command: typed, ...(readable ? { suggestion: readable } : {}) },
  })
}

export default hook
