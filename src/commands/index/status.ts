import { Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { ExitCode } from '../../core/errors'
import { renderStatus } from '../../index/render'
import { openIndexSession, serviceError } from '../../index/session'
import { indexStatus, type StatusReport } from '../../index/status'

export default class IndexStatus extends InfraCommand<typeof IndexStatus> {
  static override summary = 'Show each alias with its index, document count, health, older versions and what setup would still do.'
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
    '<%= config.bin %> <%= command.id %> --check',
  ]

  static override flags = {
    check: Flags.boolean({ description: 'exit 2 when a definition is not applied yet' }),
  }

  async run(): Promise<StatusReport> {
    const config = await this.loadConfig()
    const session = await openIndexSession(config)
    try {
      const report = await indexStatus(session)
      renderStatus(this.output, report)
      if (this.flags.check && report.pending > 0) this.exitAfterOutput(ExitCode.Drift)
      return report
    } catch (error) {
      throw serviceError(config, error)
    } finally {
      await session.close()
    }
  }
}
