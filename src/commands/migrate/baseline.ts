import { Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { migrateBaseline, type MigrateBaselineResult } from '../../migrate/migrator'
import { eventRenderer, lockTimeoutMs } from '../../migrate/report'

export default class MigrateBaseline extends InfraCommand<typeof MigrateBaseline> {
  static override summary = 'Record pending migrations as applied without running them.'
  static override description =
    'For a database whose schema already exists (created by hand or another tool): records every pending migration (or those up to --to) as applied, with its checksum, under the migration lock. Nothing is run.'

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --to 20261124120000-create-users']

  static override flags = {
    to: Flags.string({ description: 'record pending migrations up to and including this one' }),
    'create-database': Flags.boolean({ description: 'create the database when it does not exist' }),
    'lock-timeout': Flags.string({ description: 'how long to wait for another run to finish (default: migrate.lockTimeout, 60s)' }),
  }

  async run(): Promise<MigrateBaselineResult> {
    const config = await this.loadConfig()
    const result = await migrateBaseline(config, {
      to: this.flags.to,
      createDatabase: this.flags['create-database'],
      lockTimeoutMs: lockTimeoutMs(this.flags['lock-timeout']),
      onEvent: eventRenderer(this.output),
    })
    for (const name of result.recorded) this.output.line(`recorded ${name}`)
    this.output.line(`${result.database}: ${result.recorded.length} migration(s) recorded as applied without running`)
    return result
  }
}
