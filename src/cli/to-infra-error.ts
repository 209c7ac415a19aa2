import { Errors } from '@oclif/core'
import { describeCause, ExitCode, InfraError, InterruptedError, InvalidInputError } from '../core/errors'

const SEE_HELP = 'See more help with --help'

/**
 * An error the command parser threw (a flag that does not parse, an unknown flag, a missing argument), as invalid input
 * (exit 4) with its whole text: oclif splits some of them over lines ("Parsing --step \n\tExpected an integer...").
 */
export function usageError(error: unknown): InfraError {
  if (error instanceof InfraError) return error
  const text = error instanceof Error ? error.message : String(error)
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && line !== SEE_HELP)
  // "Parsing --step" then the flag parser's reason: one sentence
  const message = lines.length > 1 && lines[0]!.startsWith('Parsing --') ? [`${lines[0]}: ${lines[1]}`, ...lines.slice(2)].join('\n') : lines.join('\n')
  return new InvalidInputError({ code: 'USAGE', message, hint: 'See --help for the flags and examples.', cause: error })
}

/** oclif's parser errors all derive from CLIParseError, which the package does not export: it is the CLIError with `parse`. */
export function isParseError(error: unknown): boolean {
  return error instanceof Errors.CLIError && 'parse' in error
}

/** inquirer rejects a prompt closed by Ctrl-C with an ExitPromptError (@inquirer/core). */
export function isPromptCancelled(error: unknown): boolean {
  return error instanceof Error && error.name === 'ExitPromptError'
}

/**
 * An InfraError, also from another copy of the module: oclif loads hooks in development through its own TypeScript
 * loader, so a hook's InfraError class is not the one this module imported.
 */
export function isInfraErrorLike(error: unknown): error is InfraError {
  if (error instanceof InfraError) return true
  const candidate = error as Partial<InfraError> | undefined
  return error instanceof Error && error.name === 'InfraError' && typeof candidate?.code === 'string' && typeof candidate.exitCode === 'number'
}

/** What every failure becomes: itself if expected; a parse error is invalid input (4); a cancelled prompt 130; else 1. */
export function toInfraError(error: unknown): InfraError {
  if (isInfraErrorLike(error)) return error
  if (isParseError(error)) return usageError(error)
  if (isPromptCancelled(error)) return new InterruptedError(error)
  return new InfraError({
    code: 'UNEXPECTED',
    exitCode: ExitCode.Failed,
    message: describeCause(error),
    hint: 'Run again with --verbose for the stack trace; please report it if it looks like a bug in infra.',
    cause: error,
  })
}
