import { InfraCommand } from '../../cli/base-command'
import { formatDuration } from '../../core/duration'
import { connectOutboxDatabase, describeDatabaseError } from '../../outbox/database'
import { resolveLayout } from '../../outbox/layout'
import { readOutboxStatus, type OutboxStatusReport } from '../../outbox/status'

export default class OutboxStatus extends InfraCommand<typeof OutboxStatus> {
  static override summary = 'Show the outbox: pending, in flight, failed and published counts, and the oldest pending age.'
  static override description = 'Reads the outbox table (no lock taken). In-flight rows are pending rows a live replayer or relay holds right now.'
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']

  async run(): Promise<OutboxStatusReport> {
    const config = await this.loadConfig()
    const layout = resolveLayout(config.outbox)
    const target = { url: config.mysql.url, timeoutMs: config.connectTimeout }
    const connection = await connectOutboxDatabase(target)
    try {
      const report = await readOutboxStatus(connection, layout).catch((error: unknown) => Promise.reject(describeDatabaseError(target, layout, error)))
      const age = report.oldestPendingAgeSeconds === null ? '-' : formatDuration(report.oldestPendingAgeSeconds * 1000)
      this.output.line(
        `${report.table}: ${report.pending} pending (${report.inFlight} in flight), ${report.failed} failed, ${report.published} published; oldest pending ${age}`,
      )
      return report
    } finally {
      await connection.end().catch(() => undefined)
    }
  }
}
