import { Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { migrateUp, type MigrateUpResult } from '../../migrate/migrator'
import { eventRenderer, lockTimeoutMs } from '../../migrate/report'

export default class MigrateUp extends InfraCommand<typeof MigrateUp> {
  static override summary = 'Apply pending migrations, under a lock, each in its own transaction.'
  static override description =
    'Reads infra/migrations (migrate.directory), takes a GET_LOCK scoped to the database and migrations table, re-reads the migrations table and applies what is pending in name order. Refuses (exit 4) when an applied migration changed since it was applied (see `infra migrate repair`), when a new migration sorts before applied ones (unless --allow-out-of-order), or when a pending file cannot be loaded. Exits 3 when another run holds the lock past --lock-timeout. A failing migration exits 1 naming the statement that failed, and is recorded as failed.'

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --dry-run',
    '<%= config.bin %> <%= command.id %> --to 20261124120000-create-users',
    '<%= config.bin %> <%= command.id %> --step 1 --json',
    '<%= config.bin %> <%= command.id %> --create-database --lock-timeout 5m',
  ]

  static override flags = {
    to: Flags.string({ description: 'apply pending migrations up to and including this one', exclusive: ['step'] }),
    step: Flags.integer({ description: 'apply at most this many pending migrations', min: 1, exclusive: ['to'] }),
    'dry-run': Flags.boolean({ description: 'print what would run (loading every pending file), change nothing' }),
    'allow-out-of-order': Flags.boolean({ description: 'also apply new migrations that sort before applied ones' }),
    'create-database': Flags.boolean({ description: 'create the database when it does not exist' }),
    'lock-timeout': Flags.string({ description: 'how long to wait for another run to finish (default: migrate.lockTimeout, 60s)' }),
  }

  async run(): Promise<MigrateUpResult> {
    const config = await this.loadConfig()
    const onEvent = eventRenderer(this.output)
    let result: MigrateUpResult
    try {
      result = await migrateUp(config, {
        to: this.flags.to,
        step: this.flags.step,
        dryRun: this.flags['dry-run'],
        allowOutOfOrder: this.flags['allow-out-of-order'],
        createDatabase: this.flags['create-database'],
        lockTimeoutMs: lockTimeoutMs(this.flags['lock-timeout']),
        onEvent,
      })
    } finally {
      onEvent.stop()
    }
    for (const name of result.missingFiles) this.output.warn(`applied migration ${name} has no file any more`)
    if (result.outOfOrder.length > 0) this.output.warn(`applying out of order: ${result.outOfOrder.join(', ')}`)
    if (result.dryRun) {
      this.output.line(result.planned.length === 0 ? 'nothing to apply' : `would apply ${result.planned.length} migration(s):`)
      for (const name of result.planned) this.output.line(`  ${name}`)
    } else {
      for (const m of result.applied) this.output.line(`applied ${m.name} (${m.durationMs}ms)`)
      this.output.line(result.applied.length === 0 ? `${result.database}: up to date` : `${result.database}: applied ${result.applied.length} migration(s)`)
    }
    return result
  }
}
