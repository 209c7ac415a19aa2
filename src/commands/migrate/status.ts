import { Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { ExitCode } from '../../core/errors'
import { migrationStatus, type StatusReport } from '../../migrate/migrator'
import { checksumMismatch, driftedMigrations } from '../../migrate/planner'
import { renderStatus } from '../../migrate/report'

export default class MigrateStatus extends InfraCommand<typeof MigrateStatus> {
  static override summary = 'List migrations with their state: applied, pending, failed or missing-file.'
  static override description =
    'Compares infra/migrations with the migrations table (read-only: no lock, nothing created). Shows for each migration its state, whether the file still matches the checksum recorded when it was applied, when it was applied and how long it took; a failed migration shows its error and statement. With --check, exits 2 when anything is pending or failed (for CI), and 4 when an applied migration changed since it was applied (what `up` would refuse).'

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
    '<%= config.bin %> <%= command.id %> --check',
  ]

  static override flags = {
    check: Flags.boolean({ description: 'exit 2 when migrations are pending or failed, 4 when an applied one changed' }),
  }

  async run(): Promise<StatusReport> {
    const config = await this.loadConfig()
    const report = await migrationStatus(config)
    renderStatus(this.output, report.migrations)
    const { applied, pending, failed, missingFile } = report.counts
    this.output.line(
      `${report.database}.${report.table}: ${applied} applied, ${pending} pending, ${failed} failed${missingFile ? `, ${missingFile} missing file` : ''}`,
    )
    if (this.flags.check) {
      // a changed applied migration is what `up` refuses with exit 4: the same here, before "pending" (2)
      const drifted = driftedMigrations(report.migrations)
      if (drifted.length > 0) throw checksumMismatch(drifted)
      if (pending + failed > 0) this.exitAfterOutput(ExitCode.Drift)
    }
    return report
  }
}
