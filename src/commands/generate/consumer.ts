import { GenerateMessagingCommand, messagingArgs, messagingFlags, type GenerateMessagingResult } from '../../cli/generate-messaging-command'

export default class GenerateConsumer extends GenerateMessagingCommand<typeof GenerateConsumer> {
  static override summary = 'Generate RabbitMQ consumers of domain events: typed handler, retry, dead letters, an exactly-once inbox.'
  static override description =
    'Writes, under <infrastructureDir>/messaging/rabbitmq/, per event a consumer with a handler interface for you to implement (the payload rebuilt into the event: Dates, bigints, value objects), and once the queue consumer: manual acks, prefetch (messaging.prefetch), retry through a delay queue and the dead-letter queue after messaging.attempts deliveries (counted from x-death), graceful stop (stopOnSignals: SIGTERM finishes in-flight messages, then closes), and an inbox in MySQL: the handler runs in inTransaction with the insert of the message id, so a redelivered message is acknowledged without running the handler again. Also writes the inbox migration (messaging.inboxTable) and adds the queues (retry short-hand) and bindings to the topology file (queue.file). --dry-run prints the diff; --check exits 2 on drift.'

  static override examples = [
    '<%= config.bin %> <%= command.id %> UserRegistered',
    '<%= config.bin %> <%= command.id %> --all',
    '<%= config.bin %> <%= command.id %> UserRegistered --dry-run',
    '<%= config.bin %> <%= command.id %> --all && <%= config.bin %> migrate up && <%= config.bin %> queue declare',
  ]

  static override strict = false
  static override args = messagingArgs
  static override flags = messagingFlags

  async run(): Promise<GenerateMessagingResult> {
    return this.generateMessaging('consumer')
  }
}
