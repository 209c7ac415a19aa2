import { ExitCode, type InfraError } from '../core/errors'
import { maskText } from '../core/mask'
import { Output } from '../core/output'

export interface RenderErrorOptions {
  json: boolean
  verbose: boolean
  output?: Output
}

/**
 * An error as the user sees it: under --json the one error document on stdout; otherwise "Error:" and "Hint:" on
 * stderr; the stack trace only when verbose. An interruption prints nothing but the JSON document.
 */
export function renderError(error: InfraError, options: RenderErrorOptions): void {
  const output = options.output ?? new Output({ json: options.json, verbose: options.verbose })
  if (options.json) {
    const { code, message, hint, details } = error
    process.stdout.write(`${maskText(JSON.stringify({ error: { code, message, hint, details } }, null, 2))}\n`)
  } else if (error.exitCode !== ExitCode.Interrupted) {
    output.error(`${output.styleErr('red', 'Error:')} ${error.message}`)
    if (error.hint) output.error(`${output.styleErr('dim', 'Hint:')} ${error.hint}`)
  }
  if (options.verbose && error.exitCode !== ExitCode.Interrupted) process.stderr.write(`${maskText(stackOf(error))}\n`)
}

/** --verbose, -v or DEBUG=infra* */
export function isVerbose(argv: readonly string[] = process.argv): boolean {
  return argv.includes('--verbose') || argv.includes('-v') || /(^|,)infra(\*|:|,|$)/.test(process.env.DEBUG ?? '')
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
