import { Args } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { rollbackAlias, type RollbackReport } from '../../index/maintain'
import { openIndexSession, serviceError } from '../../index/session'

export default class IndexRollback extends InfraCommand<typeof IndexRollback> {
  static override summary = 'Point an alias back at its previous index (kept by setup until prune).'
  static override description =
    'One _aliases call moves the alias (and its extra aliases) from <alias>-v<N> to the newest older version and lifts the write block setup left there. Writes made to the newer index since the swap are not copied back.'
  static override examples = ['<%= config.bin %> <%= command.id %> products', '<%= config.bin %> <%= command.id %> products --json']

  static override args = {
    alias: Args.string({ description: 'the alias to roll back', required: true }),
  }

  async run(): Promise<RollbackReport> {
    const config = await this.loadConfig()
    const session = await openIndexSession(config)
    try {
      const report = await rollbackAlias(session.client, this.args.alias)
      this.output.line(`${report.alias}: ${report.from} -> ${report.to}`)
      return report
    } catch (error) {
      throw serviceError(config, error)
    } finally {
      await session.close()
    }
  }
}
