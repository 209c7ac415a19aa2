import { migrationName } from '../../../core/migration-name'
import type { GeneratedExport } from '../types'
import type { DomainEvent } from '../../model'
import type { Generator } from '../../pipeline/generator'
import { sharedMysqlArtifacts } from '../init-generator'
import { importSpecifier } from '../naming'
import type { Artifact, GenerateOptions, MessagingOptions } from '../types'
import { conventionsArtifact, headerOf, importsFor, isRabbitmqFile, messagingOf, paths, payloadArtifact, payloadNames, SHARED_COMMAND } from './shared'

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
export const consumerGenerator: Generator = {
  name: 'consumer',
  selects: { ports: { roles: [] }, entities: 'none', events: 'named' },
  generate(model, selection, context) {
    const artifacts: Artifact[] = []
    const warnings: string[] = []
    const exports: GeneratedExport[] = []
    const messaging = messagingOf(context)
    for (const event of selection.events) {
      const payload = payloadArtifact(model, event, context, SHARED_COMMAND)
      if (!payload.ok) {
        warnings.push(payload.warning)
        continue
      }
      if (payload.plan.decode === null) {
        warnings.push(
          `${event.location.file}:${event.location.line}: no consumer for ${event.name}: ${payload.plan.decodeProblem} (add a static factory taking its properties)`,
        )
        continue
      }
      artifacts.push(payload.artifact)
      const file = paths.consumer(context, event)
      const imports = importsFor(file, model, event)
      const names = payloadNames(event)
      imports.fromPackage('amqplib', 'ChannelModel', true)
      imports.fromPackage('sequelize', 'Sequelize', true)
      imports.fromFile(paths.conventions(context), 'decodeBody', false)
      imports.fromFile(paths.consume(context), 'QueueConsumer', false)
      imports.fromFile(paths.consume(context), 'ConsumerQueues', true)
      imports.fromFile(paths.consume(context), 'MessageContext', true)
      imports.fromFile(paths.consume(context), 'Outcome', true)
      imports.fromFile(payload.artifact.path, names.decodeFunction, false)
      imports.fromFile(payload.artifact.path, names.payloadType, true)
      const queues = consumerQueues(event, messaging)
      const handlerInterface = `${event.name}Handler`
      artifacts.push({
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
          ...queues,
          prefetch: messaging.prefetch,
          attempts: messaging.attempts,
          inboxTable: messaging.inboxTable,
          ...names,
        },
      })
      // a factory taking the application's handler: the composition root starts it in Infrastructure.consume
      exports.push({
        name: `create${event.name}Consumer`,
        path: file,
        kind: 'consumer',
        implements: event.name,
        portModule: null,
        constructorArguments: [{ connection: 'amqp-channel' }, { connection: 'sequelize' }],
        consumes: { handler: handlerInterface },
      })
    }
    if (exports.length > 0) artifacts.unshift(conventionsArtifact(context, SHARED_COMMAND), ...sharedConsumerArtifacts(context, model.project.importSuffix))
    return { artifacts, exports, warnings }
  },
  owns: (file, context) => isRabbitmqFile(file, context, 'consumers') || file === paths.consume(context),
}

function sharedConsumerArtifacts(context: GenerateOptions, importSuffix: '' | '.js'): Artifact[] {
  const messaging = messagingOf(context)
  // the transaction context, and createSequelize that installs it (the composition root builds the Sequelize with it)
  const [connection, transaction] = sharedMysqlArtifacts(context.infrastructureDir, importSuffix).filter(
    (a) => a.path.endsWith('/persistence/mysql/connection.ts') || a.path.endsWith('/persistence/mysql/transaction.ts'),
  ) as [Artifact, Artifact]
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
