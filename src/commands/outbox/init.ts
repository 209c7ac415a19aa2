import path from 'node:path'
import { Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { writeOutboxMigration, type InitResult } from '../../outbox/init'
import { resolveLayout } from '../../outbox/layout'

export default class OutboxInit extends InfraCommand<typeof OutboxInit> {
  static override summary = 'Write the migration that creates the outbox table (applied by `infra migrate up`).'
  static override description =
    'Writes <timestamp>-create-<table>.sql into the migrations folder (migrate.directory): the default outbox table of docs/outbox.md, or, with outbox.layout "debezium", the companion table that records delivery beside your Debezium outbox. A second run finds the existing migration and changes nothing.'

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> && <%= config.bin %> migrate up', '<%= config.bin %> <%= command.id %> --id-type "BIGINT UNSIGNED"']

  static override flags = {
    'id-type': Flags.string({ description: 'debezium layout: SQL type of the outbox id the delivery table points to', default: 'CHAR(36)' }),
  }

  async run(): Promise<InitResult> {
    const config = await this.loadConfig()
    const result = writeOutboxMigration({ root: config.root, directory: config.migrate.directory, layout: resolveLayout(config.outbox), debeziumIdType: this.flags['id-type'] })
    const shown = path.normalize(result.file)
    this.output.line(result.status === 'created' ? `created ${shown} (table ${result.table}); apply it with: infra migrate up` : `${shown} already creates table ${result.table}: nothing to do`)
    return result
  }
}
