import { Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { parseDuration } from '../../core/duration'
import { progressRenderer, renderSetup } from '../../index/render'
import { openIndexSession, serviceError } from '../../index/session'
import { setupIndices, type SetupReport } from '../../index/setup'

export default class IndexSetup extends InfraCommand<typeof IndexSetup> {
  static override summary = 'Apply the index definitions: create, update in place, or reindex into <alias>-v<N> and move the alias atomically.'
  static override description =
    "Idempotent: a second run changes nothing. A change the server cannot apply in place (a field type, an analyzer, a static setting) creates the next <alias>-v<N>, copies the documents (the server's _reindex task when the cluster has it, else a sliced point-in-time copy), catches up the writes, updates and deletes made meanwhile, and moves the alias in one _aliases call (docs/index.md). Each alias is changed under a lease, so concurrent runs reindex once; a held lease exits 3 naming its holder. The previous index stays for `infra index rollback` until `infra index prune` or --delete-old."

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
    '<%= config.bin %> <%= command.id %> --wait 5m --delete-old',
  ]

  static override flags = {
    'delete-old': Flags.boolean({ description: 'delete the previous index after a reindex (no rollback then)' }),
    wait: Flags.string({ description: 'wait this long for a lease another run holds (default: index.leaseWait, 0)' }),
  }

  async run(): Promise<SetupReport> {
    const config = await this.loadConfig()
    const leaseWaitMs = this.flags.wait === undefined ? undefined : parseDuration(this.flags.wait, '--wait')
    const session = await openIndexSession(config)
    const progress = progressRenderer(this.output)
    try {
      const report = await setupIndices(session, { deleteOld: this.flags['delete-old'], leaseWaitMs, onProgress: progress.update })
      progress.done()
      renderSetup(this.output, report)
      return report
    } catch (error) {
      progress.done()
      throw serviceError(config, error)
    } finally {
      await session.close()
    }
  }
}
