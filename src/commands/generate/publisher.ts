import { GenerateMessagingCommand, messagingArgs, messagingFlags, type GenerateMessagingResult } from '../../cli/generate-messaging-command'

export default class GeneratePublisher extends GenerateMessagingCommand<typeof GeneratePublisher> {
  static override summary = 'Generate typed RabbitMQ publishers of domain events (confirm channel, the outbox replay message format).'
  static override description =
    'Reads the domain events (exported classes, interfaces or type aliases named by messaging.eventSuffixes) and writes, under <infrastructureDir>/messaging/rabbitmq/, a payload module per event (Date as ISO text, bigint as a string, value objects as their primitive), a publisher class per event that publishes over a confirm channel (persistent, message-id, content-type, type, timestamp, headers, exactly as `infra outbox replay` sends), and the shared conventions module. It adds the exchange (messaging.exchange, default outbox.exchange) to the topology file (queue.file), keeping its comments. --dry-run prints the diff; --check exits 2 on drift.'

  static override examples = [
    '<%= config.bin %> <%= command.id %> UserRegistered',
    '<%= config.bin %> <%= command.id %> --all',
    '<%= config.bin %> <%= command.id %> --all --dry-run',
    '<%= config.bin %> <%= command.id %> --all --check --json',
  ]

  static override strict = false
  static override args = messagingArgs
  static override flags = messagingFlags

  async run(): Promise<GenerateMessagingResult> {
    return this.generateMessaging('publisher')
  }
}
