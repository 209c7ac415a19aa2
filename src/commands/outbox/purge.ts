import { Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { parseDuration } from '../../core/duration'
import { connectOutboxDatabase, describeDatabaseError } from '../../outbox/database'
import { resolveLayout } from '../../outbox/layout'
import { purgePublished, type PurgeResult } from '../../outbox/purge'

export default class OutboxPurge extends InfraCommand<typeof OutboxPurge> {
  static override summary = 'Delete published outbox rows older than a duration, in bounded batches.'
  static override description =
    'Only rows with status published and published_at older than --older-than are deleted, --batch-size at a time, each batch a short transaction by primary key: safe while relays and the application run. Pending and failed rows are never touched.'

  static override examples = ['<%= config.bin %> <%= command.id %> --older-than 7d', '<%= config.bin %> <%= command.id %> --older-than 24h --dry-run --json']

  static override flags = {
    'older-than': Flags.string({ description: 'delete rows published longer ago than this (e.g. 7d, 12h)', required: true }),
    'batch-size': Flags.integer({ description: 'rows per DELETE', default: 1000, min: 1 }),
    'dry-run': Flags.boolean({ description: 'count what would be deleted; delete nothing' }),
  }

  async run(): Promise<PurgeResult & { dryRun: boolean }> {
    const config = await this.loadConfig()
    const olderThanMs = parseDuration(this.flags['older-than'], '--older-than')
    const layout = resolveLayout(config.outbox)
    const target = { url: config.mysql.url, timeoutMs: config.connectTimeout }
    const connection = await connectOutboxDatabase(target)
    try {
      const dryRun = this.flags['dry-run']
      const result = await purgePublished(connection, layout, { olderThanMs, batchSize: this.flags['batch-size'], dryRun }).catch((error: unknown) =>
        Promise.reject(describeDatabaseError(target, layout, error)),
      )
      this.output.line(
        dryRun
          ? `${result.deleted} published row(s) older than ${this.flags['older-than']} would be deleted`
          : `deleted ${result.deleted} published row(s) in ${result.batches} batch(es)`,
      )
      return { ...result, dryRun }
    } finally {
      await connection.end().catch(() => undefined)
    }
  }
}
