import { toConfiguredId, type Interfaces } from '@oclif/core'
import { InvalidInputError } from '../core/errors'
import { closestMatch } from './suggest'

/** The visible command ids, aliases and topics a typo is compared with. */
export function visibleCommandIds(config: Interfaces.Config): string[] {
  const hidden = new Set(config.commands.filter((c) => c.hidden).map((c) => c.id))
  const topics = config.topics.filter((t) => !t.hidden).map((t) => t.name)
  return [...config.commandIDs, ...config.commands.flatMap((c) => c.aliases), ...topics].filter((id) => !hidden.has(id))
}

/** An unknown command is invalid input (exit 4, never the drift code 2), with the closest command as a suggestion. */
export function unknownCommandError(id: string, config: Interfaces.Config): InvalidInputError {
  const typed = toConfiguredId(id, config)
  const suggestion = closestMatch(id, visibleCommandIds(config))
  const readable = suggestion === undefined ? undefined : toConfiguredId(suggestion, config)
  return new InvalidInputError({
    code: 'COMMAND_NOT_FOUND',
    message: `"${typed}" is not an ${config.bin} command.${readable ? ` Did you mean "${readable}"?` : ''}`,
    hint: `Run \`${config.bin} help\` for the list of commands${readable ? `, or \`${config.bin} ${readable} --help\`` : ''}.`,
    details: { command: typed, ...(readable ? { suggestion: readable } : {}) },
  })
}
