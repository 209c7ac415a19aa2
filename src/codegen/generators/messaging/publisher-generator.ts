import { eventGenerator, headerOf, isRabbitmqFile, messagingOf, paths } from './shared'

const COMMAND = 'infra generate publisher'

/** Typed publishers of domain events over a confirm channel: per event a payload module and a publisher class. */
export const publisherGenerator = eventGenerator({
  name: 'publisher',
  fileOf: paths.publisher,
  adapter: ({ event, payload, names, file, imports }, context) => {
    imports.fromPackage('amqplib', 'ConfirmChannel', true)
    imports.fromPackage('node:crypto', 'randomUUID', false)
    imports.fromFile(paths.conventions(context), 'encodeBody', false)
    imports.fromFile(paths.conventions(context), 'messageProperties', false)
    imports.fromFile(paths.conventions(context), 'publishConfirmed', false)
    imports.fromFile(payload.path, names.encodeFunction, false)
    imports.fromFile(payload.path, names.typeConstant, false)
    return {
      artifact: {
        path: file,
        template: 'messaging/rabbitmq/publisher.ts.hbs',
        data: {
          header: headerOf(COMMAND),
          imports: imports.lines(),
          event: event.name,
          className: `${event.name}Publisher`,
          exchange: messagingOf(context).exchange.replace(/'/g, "\\'"),
          ...names,
        },
      },
      export: {
        name: `${event.name}Publisher`,
        path: file,
        kind: 'publisher',
        implements: event.name,
        // a publisher implements no port of the domain: the composition root exposes it by its class
        portModule: null,
        constructorArguments: [{ connection: 'amqp-channel' }],
      },
    }
  },
  owns: (file, context) => isRabbitmqFile(file, context, 'publishers'),
})
