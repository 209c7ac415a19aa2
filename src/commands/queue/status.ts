import { InfraCommand } from '../../cli/base-command'
import { renderStatus } from '../../queue/render'
import { queueSettingsOf, queueStatus, type QueueStatusReport } from '../../queue/service'
import { fileFlag } from './plan'

export default class QueueStatus extends InfraCommand<typeof QueueStatus> {
  static override summary = 'Per queue: messages ready and unacknowledged, consumers, and whether it matches the topology file.'
  static override description =
    'Lists the queues of the topology file and those on the broker in the same vhosts. Ready and consumer counts come from passive checks (exact); unacknowledged counts from the management API (its statistics lag a few seconds; "-" when unknown). See docs/queue.md.'

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']

  static override flags = { ...fileFlag }

  async run(): Promise<QueueStatusReport> {
    const report = await queueStatus(queueSettingsOf(await this.loadConfig(), this.flags))
    renderStatus(this.output, report)
    return report
  }
}
