import { Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { changesOf } from '../../queue/planner'
import { planView, renderApply, renderPlan } from '../../queue/render'
import { declareQueues, queueSettingsOf } from '../../queue/service'
import { fileFlag } from './plan'

export default class QueueDeclare extends InfraCommand<typeof QueueDeclare> {
  static override summary = 'Declare the RabbitMQ topology file on the broker (idempotent).'
  static override description =
    'Plans first (see `infra queue plan`): every conflict (an exchange or queue on the broker with other arguments) is found before anything is declared, and all are reported together with how to migrate; then nothing is declared and the exit code is 1. --recreate deletes and declares again a conflicting queue when it is empty, and a conflicting exchange when deleting it loses nothing (no live binding of it outside the file, no queue dead-lettering into it), binding again its bindings from the file as source and destination; a queue holding messages, or an exchange whose deletion would lose messages, is deleted only with --force, and its message count is shown first. Entities not in the file stay unless --prune, which removes them only when empty and unused. See docs/queue.md.'

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
    '<%= config.bin %> <%= command.id %> --recreate',
    '<%= config.bin %> <%= command.id %> --prune',
    '<%= config.bin %> <%= command.id %> --file definitions.json',
  ]

  static override flags = {
    ...fileFlag,
    recreate: Flags.boolean({
      description:
        'delete and declare again conflicting queues that are empty and conflicting exchanges whose deletion loses nothing (their bindings from the file are added back)',
    }),
    force: Flags.boolean({
      description: 'with --recreate: also queues that hold messages and exchanges whose deletion loses bindings or dead letters (those are lost)',
      dependsOn: ['recreate'],
    }),
    prune: Flags.boolean({ description: 'remove exchanges, queues, bindings and policies not in the file, when empty and unused' }),
  }

  async run(): Promise<Record<string, unknown>> {
    const settings = queueSettingsOf(await this.loadConfig(), this.flags)
    const progress = { bar: undefined as ReturnType<typeof this.output.progress> | undefined }
    try {
      const { plan, result } = await declareQueues(settings, {
        recreate: this.flags.recreate,
        force: this.flags.force,
        prune: this.flags.prune,
        onPlanned: (p) => {
          const changes = changesOf(p).filter((i) => i.action !== 'not-in-file').length
          if (changes > 50) progress.bar = this.output.progress('declaring', changes)
        },
        onChange: (item) => progress.bar?.tick(1, item.name),
        onDeleteMessages: (q) => this.output.warn(`deleting queue "${q.name}" (vhost ${q.vhost}) with its ${q.messages} message(s) (--force)`),
      })
      progress.bar?.stop()
      renderPlan(this.output, plan)
      renderApply(this.output, result)
      return { ...planView(plan), ...result }
    } finally {
      progress.bar?.stop()
    }
  }
}
