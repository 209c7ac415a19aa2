import { Help, type Command } from '@oclif/core'
import { ENVIRONMENT_KEYS } from '../core/config/environment'
import { unknownCommandError } from './unknown-command'

/** What every infra command reads from the environment, unless it declares its own `static environment`. */
export const COMMAND_ENVIRONMENT: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(ENVIRONMENT_KEYS).map(([name, key]) => [name, `sets ${key.join('.')} (over the config file, under flags)`])),
  NO_COLOR: 'set: no colour in any output',
  DEBUG: 'infra* (e.g. DEBUG=infra): log every step with stack traces, as --verbose',
}

/** docs/exit-codes.md, one line each */
export const EXIT_CODES: ReadonlyArray<[string, string]> = [
  ['0', 'done, or nothing to do'],
  ['1', 'the operation failed (a service refused the work, or a bug)'],
  ['2', 'a check found a difference (only with --check / status --check)'],
  ['3', 'a lock or lease was not acquired in time'],
  ['4', 'invalid input: flags, configuration, a definition or migration file'],
  ['5', 'a service is not reachable, or refused the credentials'],
  ['130', 'interrupted (Ctrl-C)'],
]

/** oclif's help, plus ENVIRONMENT and EXIT CODES sections on the help of every infra command. */
export default class InfraHelp extends Help {
  /** `infra help nosuch` is an unknown command like `infra nosuch` (exit 4 with a suggestion), not oclif's exit 2. */
  override async showHelp(argv: string[]): Promise<void> {
    const words = argv.filter((arg) => !arg.startsWith('-'))
    // the longest run of leading words that is a command (the rest are its arguments) or a topic (then nothing may follow)
    for (let n = words.length; n > 0; n--) {
      const id = words.slice(0, n).join(':')
      if (this.config.findCommand(id) || (n === words.length && this.config.findTopic(id))) return super.showHelp(argv)
    }
    if (words.length > 0) throw unknownCommandError(words.join(':'), this.config)
    return super.showHelp(argv)
  }

  protected override formatCommand(command: Command.Loadable): string {
    const text = super.formatCommand(command)
    if (command.pluginName !== this.config.name) return text
    const declared = (command as { environment?: Record<string, string> }).environment
    const environment = Object.entries(declared ?? COMMAND_ENVIRONMENT)
    const sections = [environment.length > 0 ? this.section('ENVIRONMENT', environment) : '', this.section('EXIT CODES', [...EXIT_CODES])]
    return [text, ...sections.filter(Boolean)].join('\n\n')
  }
}
