import { Args, Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { createMigration, type CreatedMigration } from '../../migrate/create-migration'

export default class MigrateCreate extends InfraCommand<typeof MigrateCreate> {
  static override summary = 'Create a new migration file named <timestamp>-<name>.'
  static override description =
    'Writes infra/migrations/<YYYYMMDDHHmmss>-<kebab-name>.ts (umzug style, up and down) or, with --sql, a .sql file with -- +infra up / down sections. Needs no database.'
  static override examples = ['<%= config.bin %> <%= command.id %> create-users', '<%= config.bin %> <%= command.id %> add-email-index --sql']

  static override args = {
    name: Args.string({ description: 'what the migration does, e.g. create-users', required: true }),
  }

  static override flags = {
    sql: Flags.boolean({ description: 'write a .sql migration instead of TypeScript' }),
  }

  async run(): Promise<CreatedMigration> {
    const config = await this.loadConfig()
    const created = createMigration(config.root, config.migrate.directory, this.args.name, { sql: this.flags.sql })
    this.output.line(`created ${created.file}`)
    return created
  }
}
