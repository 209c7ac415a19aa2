import { Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { ExitCode } from '../../core/errors'
import { readLiveState } from '../../index/live-state'
import { planAll, type Plan } from '../../index/plan'
import { renderPlan } from '../../index/render'
import { openIndexSession, serviceError } from '../../index/session'

export default class IndexPlan extends InfraCommand<typeof IndexPlan> {
  static override summary = 'Compare the index definitions in infra/elastic with the cluster: create, unchanged, update in place or reindex.'
  static override description =
    "Reads every definition (one file per alias, plus component and index templates) and the live cluster, and shows what `infra index setup` would do, with the reason for each change. Both sides are compared after the server's defaults, so an unchanged definition is never shown as a change. Read-only. With --check, exits 2 when anything would change."

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
    '<%= config.bin %> <%= command.id %> --check',
  ]

  static override flags = {
    check: Flags.boolean({ description: 'exit 2 when anything would change' }),
  }

  async run(): Promise<Plan> {
    const config = await this.loadConfig()
    const session = await openIndexSession(config)
    try {
      const plan = planAll(session.definitions, await readLiveState(session.client, session.definitions))
      renderPlan(this.output, plan)
      if (this.flags.check && plan.changes > 0) this.exitAfterOutput(ExitCode.Drift)
      return plan
    } catch (error) {
      throw serviceError(config, error)
    } finally {
      await session.close()
    }
  }
}
