import { migrationName } from '../../../core/migration-name'
import type { DomainEvent } from '../../model'
import { sharedMysqlModule } from '../init-generator'
import { importSpecifier } from '../naming'
import type { Artifact, GenerateOptions, MessagingOptions } from '../types'
import { eventGenerator, headerOf, isRabbitmqFile, messagingOf, paths } from './shared'

const COMMAND = 'infra generate consumer'

/** The queues of one event's consumer: the work queue and the retry short-hand's delay and dead-letter queues. */
export function consumerQueues(event: DomainEvent, messaging: MessagingOptions): { queue: string; delayQueue: string; deadLetterQueue: string } {
  const queue = `${messaging.queuePrefix}${event.eventType}`
  return { queue, delayQueue: `${queue}.retry`, deadLetterQueue: `${queue}.dead` }
}

/**
 * Consumers of domain events: per event a payload module (with its decoder) and a consumer with a handler interface;
 * once, the queue consumer (manual ack, retry, dead letters, inbox, graceful stop), the transaction context it joins
 * and the inbox migration.
 */
export const consumerGenerator = eventGenerator({
  name: 'consumer',
  fileOf: paths.consumer,
  shared: (context, model) => sharedConsumerArtifacts(context, model.project.importSuffix),
  adapter: ({ event, plan, payload, names, file, imports }, context) => {
    const messaging = messagingOf(context)
    if (plan.decode === null) {
      return {
        warning: `${event.location.file}:${event.location.line}: no consumer for ${event.name}: ${plan.decodeProblem} (add a static factory taking its properties)`,
      }
    }
    imports.fromPackage('amqplib', 'ChannelModel', true)
    imports.fromPackage('sequelize', 'Sequelize', true)
    imports.fromFile(paths.conventions(context), 'decodeBody', false)
    imports.fromFile(paths.consume(context), 'QueueConsumer', false)
    imports.fromFile(paths.consume(context), 'ConsumerQueues', true)
    imports.fromFile(paths.consume(context), 'MessageContext', true)
    imports.fromFile(paths.consume(context), 'Outcome', true)
    imports.fromFile(payload.path, names.decodeFunction, false)
    imports.fromFile(payload.path, names.payloadType, true)
    const handlerInterface = `${event.name}Handler`
    return {
      artifact: {
        path: file,
        template: 'messaging/rabbitmq/consumer.ts.hbs',
        data: {
          header: headerOf(COMMAND),
          imports: imports.lines(),
          event: event.name,
          handlerInterface,
          optionsInterface: `${event.name}ConsumerOptions`,
          queuesConstant: `${names.typeConstant.replace(/_TYPE$/, '')}_QUEUES`,
          factory: `create${event.name}Consumer`,
          ...consumerQueues(event, messaging),
          prefetch: messaging.prefetch,
          attempts: messaging.attempts,
          inboxTable: messaging.inboxTable,
          ...names,
        },
      },
      // a factory taking the application's handler: the composition root starts it in Infrastructure.consume
      export: {
        name: `create${event.name}Consumer`,
        path: file,
        kind: 'consumer',
        implements: event.name,
        portModule: null,
        constructorArguments: [{ connection: 'amqp-channel' }, { connection: 'sequelize' }],
        consumes: { handler: handlerInterface },
      },
    }
  },
  owns: (file, context) => isRabbitmqFile(file, context, 'consumers') || file === paths.consume(context),
})

function sharedConsumerArtifacts(context: GenerateOptions, importSuffix: '' | '.js'): Artifact[] {
  const messaging = messagingOf(context)
  // the transaction context, and createSequelize that installs it (the composition root builds the Sequelize with it)
  const connection = sharedMysqlModule(context.infrastructureDir, importSuffix, 'connection.ts')
  const transaction = sharedMysqlModule(context.infrastructureDir, importSuffix, 'transaction.ts')
  const table = messaging.inboxTable
  const name = context.existingMigration(table) ?? migrationName(`create-${table}`, context.now)
  return [
    connection,
    transaction,
    {
      path: paths.consume(context),
      template: 'messaging/rabbitmq/consume.ts.hbs',
      data: {
        header: headerOf(COMMAND),
        importSuffix,
        transactionModule: importSpecifier(paths.consume(context), transaction.path, importSuffix),
      },
    },
    {
      path: `${context.migrationsDir.replace(/\/+$/, '')}/${name}.ts`,
      template: 'migrations/create-table.ts.hbs',
      data: {
        header: `${headerOf(COMMAND)}\n// The consumers' inbox: one row per (consumer, message id) handled, written in the handler's transaction.`,
        table,
        port: 'the generated consumers (their inbox of handled message ids)',
        columns: [
          { column: 'consumer', sqlType: 'VARCHAR(255)', allowNull: false, primaryKey: true, autoIncrement: false },
          { column: 'message_id', sqlType: 'VARCHAR(255)', allowNull: false, primaryKey: true, autoIncrement: false },
          { column: 'event_type', sqlType: 'VARCHAR(255)', allowNull: false, primaryKey: false, autoIncrement: false },
          { column: 'received_at', sqlType: 'DATETIME(6)', allowNull: false, primaryKey: false, autoIncrement: false },
        ],
        indexes: [{ name: `${table}_received_at_idx`.slice(0, 64), columns: "'received_at'" }],
      },
    },
  ]
}
