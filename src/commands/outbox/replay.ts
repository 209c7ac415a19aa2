import { Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { formatDuration } from '../../core/duration'
import { dryRun, Replayer, type DryRunSummary, type ReplaySummary } from '../../outbox/replay'
import { replaySettingsOf } from '../../outbox/settings'

/** The row filters and pacing shared by replay and relay. */
export const replayFlags = {
  'from-id': Flags.string({ description: 'only rows with this id or higher', helpGroup: 'FILTER' }),
  'to-id': Flags.string({ description: 'only rows with this id or lower', helpGroup: 'FILTER' }),
  since: Flags.string({ description: 'only rows created at or after this (ISO date, or a duration ago: 2h, 7d)', helpGroup: 'FILTER' }),
  until: Flags.string({ description: 'only rows created before this (ISO date, or a duration ago)', helpGroup: 'FILTER' }),
  'aggregate-type': Flags.string({ description: 'only this aggregate type', helpGroup: 'FILTER' }),
  'aggregate-id': Flags.string({ description: 'only this aggregate id', helpGroup: 'FILTER' }),
  'event-type': Flags.string({ description: 'only this event type', helpGroup: 'FILTER' }),
  status: Flags.string({
    description: 'rows in this status; republishing failed or published rows is explicit',
    options: ['pending', 'failed', 'published'],
    default: 'pending',
    helpGroup: 'FILTER',
  }),
  partition: Flags.string({ description: 'i/N: only aggregates whose hash modulo N is i (0 <= i < N), for N replayers side by side', helpGroup: 'FILTER' }),
  'batch-size': Flags.integer({ description: 'rows per claim (default: outbox.batchSize, 1000)' }),
  rate: Flags.integer({ description: 'publish at most this many messages per second' }),
  exchange: Flags.string({ description: 'publish to this exchange (default: outbox.exchange)' }),
}

export default class OutboxReplay extends InfraCommand<typeof OutboxReplay> {
  static override summary = 'Publish pending outbox rows to RabbitMQ, then exit when none is left.'
  static override description =
    'Claims rows in batches (SELECT ... FOR UPDATE SKIP LOCKED in short READ COMMITTED transactions), publishes them persistent and mandatory through a confirm channel, and marks a row published only after the broker confirmed it. Unroutable messages are marked failed with the reason. Several replays may run at once; --partition i/N splits the aggregates between them and keeps per-aggregate order. See docs/outbox.md.'

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
    '<%= config.bin %> <%= command.id %> --dry-run --aggregate-type order',
    '<%= config.bin %> <%= command.id %> --status failed --since 2h',
    '<%= config.bin %> <%= command.id %> --partition 0/4',
  ]

  static override flags = {
    ...replayFlags,
    limit: Flags.integer({ description: 'publish at most this many rows' }),
    'dry-run': Flags.boolean({ description: 'count the rows and show a sample; nothing is claimed or sent' }),
  }

  async run(): Promise<ReplaySummary | DryRunSummary> {
    const config = await this.loadConfig()
    const settings = replaySettingsOf(config, this.flags)
    if (this.flags['dry-run']) {
      const summary = await dryRun(settings)
      this.output.line(`${summary.matching} row(s) would be published to exchange "${settings.exchange}"`)
      for (const s of summary.sample) this.output.line(`  #${s.id} ${s.aggregateType}/${s.aggregateId} ${s.eventType} -> ${s.routingKey} (${s.messageId})`)
      return summary
    }
    const replayer = await Replayer.open(settings, {
      onBrokerEvent: (e) =>
        this.output.log(`broker: ${e.event}${e.republished === undefined ? '' : `, ${e.republished} republished`}${e.reason ? ` (${e.reason})` : ''}`),
    })
    try {
      const progress = this.output.progress('replaying')
      if (this.output.interactive) progress.setTotal(Math.min(await replayer.countClaimable(), settings.limit ?? Infinity))
      const summary = await replayer.run({ onMarked: (r) => progress.tick(r.published + r.failed) }).finally(() => progress.stop())
      this.output.line(
        `published ${summary.published}, failed ${summary.failed}, skipped ${summary.skipped} in ${formatDuration(summary.durationMs)} (${summary.rowsPerSecond} rows/s)`,
      )
      const { published, failed, skipped, durationMs, rowsPerSecond, retried, batches, reconnects } = summary
      return { published, failed, skipped, durationMs, rowsPerSecond, retried, batches, reconnects }
    } finally {
      await replayer.close()
    }
  }
}
