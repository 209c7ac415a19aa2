import { Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { migrateRedo, type MigrateRedoResult } from '../../migrate/migrator'
import { eventRenderer, lockTimeoutMs } from '../../migrate/report'

export default class MigrateRedo extends InfraCommand<typeof MigrateRedo> {
  static override summary = 'Revert the last applied migration and apply it again (while writing it).'
  static override description =
    'down then up of the last --step applied migrations, under one lock. Handy while developing a migration; the checksum is recorded anew.'
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --step 2 --json']

  static override flags = {
    step: Flags.integer({ description: 'how many of the last applied migrations to redo', min: 1, default: 1 }),
    'lock-timeout': Flags.string({ description: 'how long to wait for another run to finish (default: migrate.lockTimeout, 60s)' }),
  }

  async run(): Promise<MigrateRedoResult> {
    const config = await this.loadConfig()
    const onEvent = eventRenderer(this.output)
    let result: MigrateRedoResult
    try {
      result = await migrateRedo(config, { step: this.flags.step, lockTimeoutMs: lockTimeoutMs(this.flags['lock-timeout']), onEvent })
    } finally {
      onEvent.stop()
    }
    for (const m of result.applied) this.output.line(`redone ${m.name}`)
    this.output.line(result.applied.length === 0 ? `${result.database}: nothing to redo` : `${result.database}: redid ${result.applied.length} migration(s)`)
    return result
  }
}
