import { Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { ExitCode } from '../../core/errors'
import { changesOf } from '../../queue/planner'
import { planView, renderPlan } from '../../queue/render'
import { planQueues, queueSettingsOf } from '../../queue/service'

export const fileFlag = {
  file: Flags.string({
    char: 'f',
    description: 'the topology file (default: queue.file, infra/rabbitmq/topology.yaml); a RabbitMQ definitions export (.json) is accepted as is',
  }),
}

export default class QueuePlan extends InfraCommand<typeof QueuePlan> {
  static override summary = 'Compare the RabbitMQ topology file with the broker: create, unchanged, conflict, not in file.'
  static override description =
    'Reads the topology file (validated before any connection), then the broker: through the management API when it answers (one request per entity kind), else by passive checks on throwaway channels. Nothing is changed. With --check, exits 2 when anything differs (for CI). See docs/queue.md.'

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
    '<%= config.bin %> <%= command.id %> --check',
    '<%= config.bin %> <%= command.id %> --file definitions.json',
  ]

  static override flags = {
    ...fileFlag,
    check: Flags.boolean({ description: 'exit 2 when the broker differs from the file' }),
    all: Flags.boolean({ description: 'also list the entities that are unchanged' }),
  }

  async run(): Promise<Record<string, unknown>> {
    const settings = queueSettingsOf(await this.loadConfig(), this.flags)
    const { plan, topology, live } = await planQueues(settings)
    for (const notice of topology.notices) this.output.warn(notice)
    if (live.fallbackReason) this.output.warn(`management API not used (${live.fallbackReason}): passive checks only`)
    renderPlan(this.output, plan, { showUnchanged: this.flags.all })
    if (this.flags.check && changesOf(plan).length > 0) this.exitAfterOutput(ExitCode.Drift)
    return planView(plan)
  }
}
