import path from 'node:path'
import { Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { commitTree, unifiedDiff } from '../../codegen/tree'
import { planOutboxMigration, type InitResult } from '../../outbox/init'
import { resolveLayout } from '../../outbox/layout'

export default class OutboxInit extends InfraCommand<typeof OutboxInit> {
  static override summary = 'Write the migration that creates the outbox table (applied by `infra migrate up`).'
  static override description =
    'Writes <timestamp>-create-<table>.sql into the migrations folder (migrate.directory): the default outbox table of docs/outbox.md, or, with outbox.layout "debezium", the companion table that records delivery beside your Debezium outbox. A second run finds the existing migration and changes nothing. --dry-run prints the file as a diff and writes nothing.'

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --dry-run',
    '<%= config.bin %> <%= command.id %> && <%= config.bin %> migrate up',
    '<%= config.bin %> <%= command.id %> --id-type "BIGINT UNSIGNED"',
  ]

  static override flags = {
    'id-type': Flags.string({ description: 'debezium layout: SQL type of the outbox id the delivery table points to', default: 'CHAR(36)' }),
    'dry-run': Flags.boolean({ description: 'print the migration it would write as a diff; write nothing' }),
  }

  async run(): Promise<InitResult & { dryRun?: true }> {
    const config = await this.loadConfig()
    const { result, tree, plan } = planOutboxMigration({ root: config.root, directory: config.migrate.directory, layout: resolveLayout(config.outbox), debeziumIdType: this.flags['id-type'] })
    const shown = path.normalize(result.file)
    if (this.flags['dry-run']) {
      for (const change of plan.apply) this.output.line(unifiedDiff(change.path, change.before, change.content).trimEnd())
      if (result.status === 'exists') this.output.line(`${shown} already creates table ${result.table}: nothing to do`)
      return { ...result, dryRun: true }
    }
    // an existing migration leaves the tree empty: nothing to commit, not even the manifest
    if (plan.apply.length > 0) commitTree(tree, plan)
    this.output.line(result.status === 'created' ? `created ${shown} (table ${result.table}); apply it with: infra migrate up` : `${shown} already creates table ${result.table}: nothing to do`)
    return result
  }
}
