import { Command, Flags, type Interfaces } from '@oclif/core'
import type { Config } from '../core/config'
import type { ExitCode } from '../core/errors'
import { Output } from '../core/output'
import type { GenerationReportOptions } from './generation-report'
import { isVerbose, renderError } from './render-error'
import { toInfraError, usageError } from './to-infra-error'

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
    // whatever the parser throws is a usage error, whichever class it is (a flag's own parse function throws plain Errors)
    const { args, argv, flags } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: InfraCommand.baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    }).catch((error: unknown) => {
      throw usageError(error)
    })
    this.flags = flags as InfraFlags<T>
    this.args = args as InfraArgs<T>
    this.argvRest = argv as string[]
    this.output = new Output({ json: this.jsonEnabled(), verbose: this.flags.verbose || isVerbose([]) })
  }

  /** The resolved configuration: flags (by dotted key) > environment > config file > defaults. */
  protected async loadConfig(overrides: Record<string, unknown> = {}): Promise<Config> {
    // loaded here, not at the top: the schema (zod) is not needed by commands that read no configuration (version)
    const { loadConfig } = require('../core/config') as typeof import('../core/config')
    return loadConfig({ cwd: this.flags.cwd, configFile: this.flags.config, overrides })
  }

  /** May this command ask the user? Only on a terminal, without --yes or --json. */
  protected canPrompt(): boolean {
    return Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY) && !this.flags.yes && !this.jsonEnabled()
  }

  /** Where `reportGeneration` (the tail every `generate <kind>` shares) prints and sets the exit code. */
  protected reportChannel(): Pick<GenerationReportOptions, 'output' | 'json' | 'exitAfterOutput'> {
    return { output: this.output, json: this.jsonEnabled(), exitAfterOutput: (code) => this.exitAfterOutput(code) }
  }

  /** Ends with `exitCode` after the result is printed (a check that found drift exits 2 with its report). */
  protected exitAfterOutput(exitCode: ExitCode): void {
    process.exitCode = exitCode
  }

  /**
   * Without colour (not a terminal, or NO_COLOR) the JSON is written as it is: oclif's colouring tokenizes the text by
   * slicing it once per token, which takes longer than the whole command for a plan of thousands of entities.
   */
  protected override logJson(json: unknown): void {
    if (process.stdout.isTTY && !process.env.NO_COLOR) return super.logJson(json)
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
  }

  protected override async catch(error: Error & { exitCode?: number }): Promise<unknown> {
    const infraError = toInfraError(error)
    renderError(infraError, { json: this.jsonEnabled(), verbose: this.output?.verbose ?? isVerbose(), output: this.output })
    this.exit(infraError.exitCode)
  }
}
