import { Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { formatDuration, parseDuration } from '../../core/duration'
import { runRelay, type RelaySummary } from '../../outbox/relay'
import { replaySettingsOf } from '../../outbox/settings'
import { replayFlags } from './replay'

export default class OutboxRelay extends InfraCommand<typeof OutboxRelay> {
  static override summary = 'Publish the outbox continuously: the replay engine as a long-running process.'
  static override description =
    'Drains claimable rows like `replay`, then polls with backoff while idle (200ms doubling to --max-idle). SIGTERM or SIGINT stop it gracefully: sent messages are confirmed and marked, claimed but unsent rows are released. A rate line goes to stderr every --report-every (0 turns it off); --json prints the totals at exit.'

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --partition 1/3 --report-every 30s',
    '<%= config.bin %> <%= command.id %> --rate 500 --json',
  ]

  static override flags = {
    ...replayFlags,
    'max-idle': Flags.string({ description: 'longest pause between polls while the outbox is empty', default: '5s' }),
    'report-every': Flags.string({ description: 'write a rate line to stderr this often (0: never)', default: '60s' }),
  }

  async run(): Promise<RelaySummary> {
    const config = await this.loadConfig()
    const settings = replaySettingsOf(config, this.flags)
    const controller = new AbortController()
    const stop = (signal: string) => {
      if (!controller.signal.aborted) this.output.error(`relay: ${signal}, finishing the in-flight batch`)
      controller.abort()
    }
    const onTerm = () => stop('SIGTERM')
    const onInt = () => stop('SIGINT')
    process.on('SIGTERM', onTerm)
    process.on('SIGINT', onInt)
    try {
      const summary = await runRelay(settings, {
        signal: controller.signal,
        maxIdleMs: parseDuration(this.flags['max-idle'], '--max-idle'),
        reportEveryMs: parseDuration(this.flags['report-every'], '--report-every'),
        // a daemon's heartbeat: always on stderr (never stdout, so --json stays one document)
        onReport: (r) =>
          this.output.error(`relay: ${r.published} published, ${r.failed} failed in ${formatDuration(r.intervalMs)} (${r.rowsPerSecond} rows/s)`),
        onBrokerEvent: (e) =>
          this.output.error(`relay: ${e.event}${e.republished === undefined ? '' : `, ${e.republished} republished`}${e.reason ? ` (${e.reason})` : ''}`),
      })
      this.output.line(`relay stopped: ${summary.published} published, ${summary.failed} failed in ${formatDuration(summary.durationMs)}`)
      return summary
    } finally {
      process.off('SIGTERM', onTerm)
      process.off('SIGINT', onInt)
    }
  }
}
