import type { Generator } from '../../pipeline/generator'
import type { Artifact, GeneratedExport } from '../types'
import { conventionsArtifact, headerOf, importsFor, isRabbitmqFile, messagingOf, paths, payloadArtifact, payloadNames, SHARED_COMMAND } from './shared'

const COMMAND = 'infra generate publisher'

/** Typed publishers of domain events over a confirm channel: per event a payload module and a publisher class. */
export const publisherGenerator: Generator = {
  name: 'publisher',
  selects: { ports: { roles: [] }, entities: 'none', events: 'named' },
  generate(model, selection, context) {
    const artifacts: Artifact[] = []
    const warnings: string[] = []
    const messaging = messagingOf(context)
    for (const event of selection.events) {
      const payload = payloadArtifact(model, event, context, SHARED_COMMAND)
      if (!payload.ok) {
        warnings.push(payload.warning)
        continue
      }
      artifacts.push(payload.artifact)
      const file = paths.publisher(context, event)
      const imports = importsFor(file, model, event)
      const names = payloadNames(event)
      imports.fromPackage('amqplib', 'ConfirmChannel', true)
      imports.fromPackage('node:crypto', 'randomUUID', false)
      imports.fromFile(paths.conventions(context), 'encodeBody', false)
      imports.fromFile(paths.conventions(context), 'messageProperties', false)
      imports.fromFile(paths.conventions(context), 'publishConfirmed', false)
      imports.fromFile(payload.artifact.path, names.encodeFunction, false)
      imports.fromFile(payload.artifact.path, names.typeConstant, false)
      artifacts.push({
        path: file,
        template: 'messaging/rabbitmq/publisher.ts.hbs',
        data: {
          header: headerOf(COMMAND),
          imports: imports.lines(),
          event: event.name,
          className: `${event.name}Publisher`,
          exchange: messaging.exchange.replace(/'/g, "\\'"),
          ...names,
        },
      })
    }
    if (artifacts.length > 0) artifacts.unshift(conventionsArtifact(context, SHARED_COMMAND))
    return {
      artifacts,
      exports: selection.events
        .filter((e) => artifacts.some((a) => a.path === paths.publisher(context, e)))
        .map((e): GeneratedExport => ({
          name: `${e.name}Publisher`,
          path: paths.publisher(context, e),
          kind: 'publisher',
          implements: e.name,
          // a publisher implements no port of the domain: the composition root exposes it by its class
          portModule: null,
          constructorArguments: [{ connection: 'amqp-channel' }],
        })),
      warnings,
    }
  },
  owns: (file, context) => isRabbitmqFile(file, context, 'publishers'),
}
