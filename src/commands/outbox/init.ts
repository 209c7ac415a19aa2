import path from 'node:path'
import { Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { commitTree, planWrites, unifiedDiff } from '../../codegen/tree'
import { planOutboxMigration, type InitResult } from '../../outbox/init'
import { resolveLayout } from '../../outbox/layout'
import { addExchangeToTopology } from '../../queue/add-exchange'

/** What init did to the topology file (queue.file): the outbox's exchange added, or already declared there. */
export interface TopologyResult {
  /** skipped: queue.file is a definitions export (.json), which infra reads but does not edit */
  status: 'added' | 'exists' | 'skipped'
  file: string
  exchange: string
}

export default class OutboxInit extends InfraCommand<typeof OutboxInit> {
  static override summary = 'Write the migration that creates the outbox table (applied by `infra migrate up`).'
  static override description =
    'Writes <timestamp>-create-<table>.sql into the migrations folder (migrate.directory): the default outbox table of docs/outbox.md, or, with outbox.layout "debezium", the companion table that records delivery beside your Debezium outbox. It also adds the outbox exchange (outbox.exchange, a durable topic exchange) to the RabbitMQ topology file (queue.file), keeping the file\'s comments, so that `infra queue declare` creates it. A second run finds both and changes nothing. --dry-run prints the changes as a diff and writes nothing.'

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

  async run(): Promise<InitResult & { topology: TopologyResult; dryRun?: true }> {
    const config = await this.loadConfig()
    const { result, tree } = planOutboxMigration({
      root: config.root,
      directory: config.migrate.directory,
      layout: resolveLayout(config.outbox),
      debeziumIdType: this.flags['id-type'],
    })
    const before = tree.read(config.queue.file) ?? undefined
    // a definitions export (.json) is read as is by infra queue, never rewritten: the user adds the exchange there
    const editable = !config.queue.file.toLowerCase().endsWith('.json')
    const topologyText = editable ? addExchangeToTopology(before, { name: config.outbox.exchange, type: 'topic', durable: true }, config.queue.file) : before
    if (topologyText !== undefined && topologyText !== before) tree.write(config.queue.file, topologyText)
    // the topology file is the user's: the edit keeps everything in it, so it is applied although infra did not write
    // the file (the migration is only ever created, never overwritten)
    const plan = planWrites(tree, { force: true })
    const topology: TopologyResult = {
      status: !editable ? 'skipped' : topologyText === before ? 'exists' : 'added',
      file: config.queue.file,
      exchange: config.outbox.exchange,
    }
    const shown = path.normalize(result.file)
    const migrationLine =
      result.status === 'created'
        ? `created ${shown} (table ${result.table}); apply it with: infra migrate up`
        : `${shown} already creates table ${result.table}: nothing to do`
    const topologyLine = topologyLineOf(topology)
    if (this.flags['dry-run']) {
      for (const change of plan.apply) this.output.line(unifiedDiff(change.path, change.before, change.content).trimEnd())
      if (result.status === 'exists') this.output.line(migrationLine)
      if (topology.status !== 'added') this.output.line(topologyLine)
      return { ...result, topology, dryRun: true }
    }
    // an existing migration leaves the tree empty: nothing to commit, not even the manifest
    if (plan.apply.length > 0) commitTree(tree, plan)
    this.output.line(migrationLine)
    this.output.line(topologyLine)
    return { ...result, topology }
  }
}

function topologyLineOf(topology: TopologyResult): string {
  if (topology.status === 'added') return `added exchange ${topology.exchange} to ${topology.file}; declare it with: infra queue declare`
  if (topology.status === 'exists') return `${topology.file} already declares exchange ${topology.exchange}`
  return `${topology.file} is a definitions export, which infra does not edit: add the topic exchange ${topology.exchange} to it`
}
