import { Args, Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { pruneAlias, type PruneReport } from '../../index/maintain'
import { openIndexSession, serviceError } from '../../index/session'

export default class IndexPrune extends InfraCommand<typeof IndexPrune> {
  static override summary = 'Delete the old <alias>-v<N> indices an alias no longer points to (no rollback past them).'
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> products --dry-run']

  static override args = {
    alias: Args.string({ description: 'only this alias (default: every defined alias)' }),
  }

  static override flags = {
    'dry-run': Flags.boolean({ description: 'list what would be deleted' }),
  }

  async run(): Promise<PruneReport[]> {
    const config = await this.loadConfig()
    const session = await openIndexSession(config)
    try {
      const aliases = this.args.alias ? [this.args.alias] : session.definitions.indices.map((d) => d.alias)
      const reports: PruneReport[] = []
      for (const alias of aliases) {
        const holders = await session.client.indices.existsAlias({ name: alias })
        if (!holders && !this.args.alias) continue
        const report = await pruneAlias(session.client, alias, { dryRun: this.flags['dry-run'] })
        this.output.line(
          `${alias}: ${report.deleted.length ? `${this.flags['dry-run'] ? 'would delete' : 'deleted'} ${report.deleted.join(', ')}` : 'nothing to prune'} (kept ${report.kept})`,
        )
        reports.push(report)
      }
      return reports
    } catch (error) {
      throw serviceError(config, error)
    } finally {
      await session.close()
    }
  }
}
