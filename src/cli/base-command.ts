import { Command, Errors, Flags, type Interfaces } from '@oclif/core'
import { loadConfig, type Config } from '../core/config'
import { ExitCode, InfraError, describeCause } from '../core/errors'
import { maskText } from '../core/mask'
import { Output } from '../core/output'

export type InfraFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof InfraCommand)['baseFlags'] & T['flags']>
export type InfraArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

/**
 * What every infra command shares: --json, --config, --cwd, --verbose, --yes; configuration loading;
 * one place where errors become output and exit codes (docs/exit-codes.md).
 */
export abstract class InfraCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true

  static override baseFlags = {
    config: Flags.string({ char: 'c', description: 'config file (default: infra.config.{ts,js,json,yaml} in the project root)', helpGroup: 'GLOBAL' }),
    cwd: Flags.string({ description: 'project root to run in (default: the current directory)', helpGroup: 'GLOBAL' }),
    verbose: Flags.boolean({ char: 'v', description: 'log every step and print stack traces', helpGroup: 'GLOBAL' }),
    yes: Flags.boolean({ char: 'y', description: 'never prompt: a missing choice is an error', helpGroup: 'GLOBAL' }),
  }

  protected flags!: InfraFlags<T>
  protected args!: InfraArgs<T>
  /** every positional argument, for commands that take a variable number (strict = false) */
  protected argvRest!: string[]
  protected output!: Output

  override async init(): Promise<void> {
    await super.init()
    const { args, argv, flags } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: InfraCommand.baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    })
    this.flags = flags as InfraFlags<T>
    this.args = args as InfraArgs<T>
    this.argvRest = argv as string[]
    this.output = new Output({ json: this.jsonEnabled(), verbose: this.flags.verbose || isDebugEnv() })
  }

  /** The resolved configuration: flags (by dotted key) > environment > config file > defaults. */
  protected async loadConfig(overrides: Record<string, unknown> = {}): Promise<Config> {
    return loadConfig({ cwd: this.flags.cwd, configFile: this.flags.config, overrides })
  }

  /** May this command ask the user? Only on a terminal, without --yes or --json. */
  protected canPrompt(): boolean {
    return Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY) && !this.flags.yes && !this.jsonEnabled()
  }

  /** Ends with `exitCode` after the result is printed (a check that found drift exits 2 with its report). */
  protected exitAfterOutput(exitCode: ExitCode): void {
    process.exitCode = exitCode
  }

  protected override async catch(error: Error & { exitCode?: number }): Promise<unknown> {
    const infraError = toInfraError(error)
    const verbose = this.output?.verbose ?? (process.argv.includes('--verbose') || process.argv.includes('-v') || isDebugEnv())
    if (this.jsonEnabled()) {
      const { code, message, hint, details } = infraError
      process.stdout.write(`${maskText(JSON.stringify({ error: { code, message, hint, details } }, null, 2))}\n`)
    } else {
      const stderr = this.output ?? new Output({ json: false, verbose })
      stderr.error(`${stderr.styleErr('red', 'Error:')} ${infraError.message}`)
      if (infraError.hint) stderr.error(`${stderr.styleErr('dim', 'Hint:')} ${infraError.hint}`)
    }
    if (verbose) process.stderr.write(`${maskText(stackOf(error))}\n`)
    this.exit(infraError.exitCode)
  }
}

function isDebugEnv(): boolean {
  return /(^|,)infra(\*|:|,|$)/.test(process.env.DEBUG ?? '')
}

function stackOf(error: unknown): string {
  const parts: string[] = []
  let current: unknown = error
  for (let depth = 0; current && depth < 5; depth++) {
    parts.push(current instanceof Error ? (current.stack ?? current.message) : String(current))
    current = current instanceof Error ? current.cause : undefined
    if (current) parts.push('Caused by:')
  }
  return parts.join('\n')
}

/** Parse errors are invalid input (exit 4); anything unexpected is a failure (exit 1). */
function toInfraError(error: Error & { exitCode?: number }): InfraError {
  if (error instanceof InfraError) return error
  if (error instanceof Errors.CLIError && /Missing|Unexpected argument|Nonexistent flag|Expected|--.* is not|must also be provided|cannot also be provided|Parsing --/i.test(error.message)) {
    return new InfraError({ code: 'USAGE', exitCode: ExitCode.InvalidInput, message: error.message.split('\n')[0]!, hint: 'See --help for the flags and examples.', cause: error })
  }
  return new InfraError({
    code: 'UNEXPECTED',
    exitCode: ExitCode.Failed,
    message: describeCause(error),
    hint: 'Run again with --verbose for the stack trace; please report it if it looks like a bug in infra.',
    cause: error,
  })
}
