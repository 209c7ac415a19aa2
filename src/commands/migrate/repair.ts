import { Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { migrateRepair, type MigrateRepairResult } from '../../migrate/migrator'
import { eventRenderer, lockTimeoutMs } from '../../migrate/report'

export default class MigrateRepair extends InfraCommand<typeof MigrateRepair> {
  static override summary = 'Accept the current checksum of edited applied migrations; report applied migrations whose file is gone.'
  static override description =
    'After a deliberate edit of an applied migration that changes no schema (a comment, formatting), `up` refuses with exit 4 until the new checksum is accepted: this records it. It only records the checksum: nothing is run and the schema is not changed, so a schema change edited into an applied migration never reaches the database (write a new migration for it; for files written by `infra generate`, restore the file and run `infra generate repository` again). Applied migrations whose file is missing are listed and kept; a failed attempt whose file was deleted is forgotten.'

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']

  static override flags = {
    'lock-timeout': Flags.string({ description: 'how long to wait for another run to finish (default: migrate.lockTimeout, 60s)' }),
  }

  async run(): Promise<MigrateRepairResult> {
    const config = await this.loadConfig()
    const result = await migrateRepair(config, { lockTimeoutMs: lockTimeoutMs(this.flags['lock-timeout']), onEvent: eventRenderer(this.output) })
    for (const a of result.accepted) {
      this.output.line(`accepted the new checksum of ${a.file} (recorded only: nothing was run, the schema is unchanged)`)
      if (a.generated)
        this.output.warn(
          `${a.file} was written by \`infra generate\`: if its edit changes the schema, the database does not have that change; restore the file and run \`infra generate repository\` to get a new migration for it`,
        )
    }
    for (const name of result.missingFiles) this.output.warn(`applied migration ${name} has no file`)
    for (const name of result.forgotten) this.output.line(`forgot the failed attempt of ${name} (its file is gone)`)
    if (result.accepted.length === 0) this.output.line('no checksum to repair')
    return result
  }
}
