import { Errors, flush, handle, run } from '@oclif/core'
import { exitQuietlyOnInterrupt } from './interrupt'
import { isVerbose, renderError } from './render-error'
import { isInfraErrorLike, isParseError, isPromptCancelled, toInfraError } from './to-infra-error'

/**
 * The CLI's entry (bin/run.js, bin/dev.js): oclif's run, with infra's error rendering for what fails outside a
 * command (an unknown command, a plugin's parse error) and exit 130 on Ctrl-C.
 */
export async function main(argv: string[], binDir: string): Promise<void> {
  exitQuietlyOnInterrupt()
  try {
    await run(versionFlagAsCommand(argv), binDir)
    flush()
  } catch (error) {
    if (isInfraErrorLike(error) || isParseError(error) || isPromptCancelled(error)) {
      const infraError = toInfraError(error)
      renderError(infraError, { json: argv.includes('--json'), verbose: isVerbose(argv) })
      process.exitCode = infraError.exitCode
      return
    }
    // oclif's own: an ExitError carries the code a command's catch chose; the rest prints as oclif does
    await handle(error as Error | Errors.CLIError)
  }
}

/** `infra --version` (and `infra --version --json`) is the version command, with the client libraries. */
function versionFlagAsCommand(argv: string[]): string[] {
  return argv[0] === '--version' ? ['version', ...argv.slice(1)] : argv
}
