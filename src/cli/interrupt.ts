import { ExitCode } from '../core/errors'

/**
 * Ctrl-C ends the CLI with exit 130 and no message. A command that stops gracefully on SIGINT (the outbox relay)
 * registers its own listener: then this one steps aside and lets it finish.
 */
export function exitQuietlyOnInterrupt(): void {
  const onInterrupt = (): void => {
    if (process.listenerCount('SIGINT') > 1) return
    process.exit(ExitCode.Interrupted)
  }
  process.on('SIGINT', onInterrupt)
}
