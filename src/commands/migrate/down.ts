import { Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { migrateDown, type MigrateDownResult } from '../../migrate/migrator'
import { eventRenderer, lockTimeoutMs } from '../../migrate/report'

export default class MigrateDown extends InfraCommand<typeof MigrateDown> {
  static override summary = 'Revert the last applied migration (or --step N, or down --to a name).'
  static override description =
    'Runs the down step of applied migrations, newest first, under the migration lock. Every migration to revert is loaded first: one without a down step, or whose file is gone, stops the run with exit 4 before anything runs.'

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --step 3',
    '<%= config.bin %> <%= command.id %> --to 20261124120000-create-users --json',
  ]

  static override flags = {
    to: Flags.string({ description: 'revert applied migrations down to and including this one', exclusive: ['step'] }),
    step: Flags.integer({ description: 'revert this many migrations (default 1)', min: 1, exclusive: ['to'] }),
    'lock-timeout': Flags.string({ description: 'how long to wait for another run to finish (default: migrate.lockTimeout, 60s)' }),
  }

  async run(): Promise<MigrateDownResult> {
    const config = await this.loadConfig()
    const onEvent = eventRenderer(this.output)
    let result: MigrateDownResult
    try {
      result = await migrateDown(config, { to: this.flags.to, step: this.flags.step, lockTimeoutMs: lockTimeoutMs(this.flags['lock-timeout']), onEvent })
    } finally {
      onEvent.stop()
    }
    for (const m of result.reverted) this.output.line(`reverted ${m.name} (${m.durationMs}ms)`)
    this.output.line(
      result.reverted.length === 0 ? `${result.database}: nothing to revert` : `${result.database}: reverted ${result.reverted.length} migration(s)`,
    )
    return result
  }
}
