// The composition root over one adapter of every kind and every connection: it compiles under strict +
// exactOptionalPropertyTypes, and at run time opens each real service, wires the decorator over the repository,
// starts a consumer with the application's handler (consume), stops it first, drains in order and closes everything.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { compositionGenerator } from '../../../src/codegen/generators/composition/generator'
import type { GeneratedExport, GenerateOptions } from '../../../src/codegen/generators/types'
import type { DomainModel } from '../../../src/codegen/model'
import { TemplateRenderer } from '../../../src/codegen/render'
import { createTestDatabase, createTestVhost, ELASTICSEARCH_URL, REDIS_URL, REPO_ROOT, uniqueName } from '../../support/services'

const root = path.join(REPO_ROOT, '.infra-tmp', uniqueName('compose_kinds'))
after(() => rmSync(root, { recursive: true, force: true }))

const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
  writeFileSync(path.join(root, file), text)
}

const ports = { file: 'src/domain/ports.ts', typeOnly: true }
const EXPORTS: GeneratedExport[] = [
  {
    name: 'MysqlOrderRepository',
    path: 'src/infrastructure/repository/mysql-order-repository.ts',
    kind: 'repository',
    implements: 'OrderRepository',
    portModule: { ...ports, exportName: 'OrderRepository' },
    constructorArguments: [{ connection: 'sequelize' }],
  },
  {
    name: 'CachedOrderRepository',
    path: 'src/infrastructure/cache/cached-order-repository.ts',
    kind: 'cache-decorator',
    implements: 'OrderRepository',
    portModule: { ...ports, exportName: 'OrderRepository' },
    constructorArguments: [{ decorates: 'repository' }, { connection: 'redis' }],
  },
  {
    name: 'ElasticOrderSearch',
    path: 'src/infrastructure/persistence/elastic/elastic-order-search.ts',
    kind: 'search',
    implements: 'OrderSearch',
    portModule: { ...ports, exportName: 'OrderSearch' },
    constructorArguments: [{ connection: 'elasticsearch' }],
  },
  {
    name: 'RabbitmqOrderEvents',
    path: 'src/infrastructure/messaging/rabbitmq/rabbitmq-order-events.ts',
    kind: 'publisher',
    implements: 'OrderEvents',
    portModule: { ...ports, exportName: 'OrderEvents' },
    constructorArguments: [{ connection: 'amqp-channel' }],
    drain: 'flush',
  },
  {
    name: 'OrderPlacedConsumer',
    path: 'src/infrastructure/messaging/rabbitmq/order-placed-consumer.ts',
    kind: 'consumer',
    implements: '',
    portModule: null,
    constructorArguments: [{ connection: 'amqp-channel' }, { connection: 'sequelize' }],
    drain: 'stop',
  },
  {
    name: 'createOrderShippedConsumer',
    path: 'src/infrastructure/messaging/rabbitmq/order-shipped.consumer.ts',
    kind: 'consumer',
    implements: 'OrderShipped',
    portModule: null,
    constructorArguments: [{ connection: 'amqp-channel' }, { connection: 'sequelize' }],
    consumes: { handler: 'OrderShippedHandler' },
  },
]

/** Hand-written stand-ins for the adapters other generators will write: they use their connection for real. */
function writeProject(): void {
  write(
    'tsconfig.json',
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'CommonJS',
        moduleResolution: 'Node10',
        strict: true,
        exactOptionalPropertyTypes: true,
        noUnusedLocals: true,
        esModuleInterop: true,
        skipLibCheck: true,
        types: ['node'],
      },
      include: ['src'],
    }),
  )
  write('package.json', JSON.stringify({ name: 'compose-kinds', private: true }))
  write(
    'src/domain/ports.ts',
    `export interface OrderRepository { count(): Promise<number> }
export interface OrderSearch { ping(): Promise<boolean> }
export interface OrderEvents { publish(type: string): Promise<void> }
`,
  )
  write(
    'src/infrastructure/repository/mysql-order-repository.ts',
    `import { QueryTypes, type Sequelize } from 'sequelize'
import type { OrderRepository } from '../../domain/ports'
export class MysqlOrderRepository implements OrderRepository {
  constructor(private readonly sequelize: Sequelize) {}
  async count(): Promise<number> {
    const rows = await this.sequelize.query<{ n: number }>('SELECT 41 AS n', { type: QueryTypes.SELECT })
    return Number(rows[0]?.n)
  }
}
`,
  )
  write(
    'src/infrastructure/cache/cached-order-repository.ts',
    `import type { Redis } from 'ioredis'
import type { OrderRepository } from '../../domain/ports'
export class CachedOrderRepository implements OrderRepository {
  constructor(private readonly inner: OrderRepository, private readonly redis: Redis) {}
  async count(): Promise<number> {
    await this.redis.ping()
    return (await this.inner.count()) + 1
  }
}
`,
  )
  write(
    'src/infrastructure/persistence/elastic/elastic-order-search.ts',
    `import type { Client } from '@elastic/elasticsearch'
import type { OrderSearch } from '../../../domain/ports'
export class ElasticOrderSearch implements OrderSearch {
  constructor(private readonly client: Client) {}
  async ping(): Promise<boolean> {
    return (await this.client.cluster.health()).status !== 'red'
  }
}
`,
  )
  write(
    'src/infrastructure/messaging/rabbitmq/rabbitmq-order-events.ts',
    `import type { ConfirmChannel } from 'amqplib'
import type { OrderEvents } from '../../../domain/ports'
export const drained: string[] = []
export class RabbitmqOrderEvents implements OrderEvents {
  constructor(private readonly channel: ConfirmChannel) {}
  async publish(type: string): Promise<void> {
    await this.channel.assertQueue('', { exclusive: true })
    void type
  }
  async flush(): Promise<void> {
    await this.channel.waitForConfirms()
    drained.push('publisher')
  }
}
`,
  )
  write(
    'src/infrastructure/messaging/rabbitmq/order-placed-consumer.ts',
    `import type { ConfirmChannel } from 'amqplib'
import type { Sequelize } from 'sequelize'
import { drained } from './rabbitmq-order-events'
export class OrderPlacedConsumer {
  constructor(private readonly channel: ConfirmChannel, private readonly sequelize: Sequelize) {}
  async stop(): Promise<void> {
    void this.channel
    await this.sequelize.authenticate()
    drained.push('consumer')
  }
}
`,
  )
  write(
    'src/infrastructure/messaging/rabbitmq/order-shipped.consumer.ts',
    `import type { ChannelModel } from 'amqplib'
import type { Sequelize } from 'sequelize'
import { drained } from './rabbitmq-order-events'
export interface OrderShippedHandler { handle(event: { orderId: string }): Promise<void> }
export function createOrderShippedConsumer(options: { connection: ChannelModel; sequelize: Sequelize; handler: OrderShippedHandler }) {
  return {
    async start(): Promise<void> {
      const channel = await options.connection.createChannel()
      await channel.close()
      await options.handler.handle({ orderId: 'o1' })
    },
    async stop(): Promise<void> {
      await options.sequelize.authenticate()
      drained.push('started consumer')
    },
  }
}
`,
  )
  const renderer = new TemplateRenderer(undefined)
  write('src/infrastructure/persistence/elastic/client.ts', renderer.render('persistence/elastic/client.ts.hbs', { header: '// generated' }))
  for (const name of ['connection', 'transaction']) {
    write(`src/infrastructure/persistence/mysql/${name}.ts`, renderer.render(`persistence/mysql/${name}.ts.hbs`, { header: '// generated', importSuffix: '' }))
  }
  const model = {
    project: { root, tsconfig: 'tsconfig.json', moduleSystem: 'commonjs', importSuffix: '', sourceRoot: 'src' },
    ports: [],
    entities: {},
    valueObjects: {},
    enums: {},
    diagnostics: [],
  } as DomainModel
  const context: GenerateOptions = {
    infrastructureDir: 'src/infrastructure',
    migrationsDir: 'infra/migrations',
    existingMigration: () => undefined,
    now: new Date(),
    projectDependencies: [],
    projectHas: () => true,
  }
  const output = compositionGenerator.generate(model, { ports: [], entities: [], events: [], adapters: EXPORTS }, context)
  assert.deepEqual(output.warnings, [])
  for (const artifact of output.artifacts) write(artifact.path, renderer.render(artifact.template, artifact.data))
}

describe('composition root over every adapter kind and connection', () => {
  it('compiles (strict, exactOptionalPropertyTypes) and wires, drains and closes against the real services', async () => {
    writeProject()
    const tsc = spawnSync(
      process.execPath,
      [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.json'), '--noEmit'],
      { encoding: 'utf8' },
    )
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr)

    const db = await createTestDatabase('compose_kinds')
    const vhost = await createTestVhost('compose_kinds')
    try {
      write(
        'src/main.ts',
        `import { createInfrastructure } from './infrastructure'
import { drained } from './infrastructure/messaging/rabbitmq/rabbitmq-order-events'
async function main(): Promise<void> {
  const [mysqlUrl, redisUrl, elasticsearchUrl, rabbitmqUrl] = process.argv.slice(2) as [string, string, string, string]
  const infrastructure = await createInfrastructure({ mysqlUrl, redisUrl, elasticsearchUrl, rabbitmqUrl })
  const count = await infrastructure.orderRepository.count()
  const healthy = await infrastructure.orderSearch.ping()
  await infrastructure.orderEvents.publish('order.placed')
  const handled: string[] = []
  await infrastructure.consume({ orderShipped: { handle: async (event) => void handled.push(event.orderId) } })
  await infrastructure.close()
  await infrastructure.close()
  console.log(JSON.stringify({ count, healthy, handled, drained, properties: Object.keys(infrastructure).sort() }))
}
main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
`,
      )
      const run = spawnSync(
        process.execPath,
        ['--require', path.join(REPO_ROOT, 'scripts', 'ts-register.cjs'), path.join(root, 'src', 'main.ts'), db.url, REDIS_URL, ELASTICSEARCH_URL, vhost.url],
        { encoding: 'utf8', timeout: 60_000 },
      )
      // exit 0 within the timeout: nothing was left open
      assert.equal(run.status, 0, run.stdout + run.stderr)
      assert.deepEqual(JSON.parse(run.stdout), {
        count: 42,
        healthy: true,
        handled: ['o1'],
        // the consumers consume() started stop first, then the drains in order
        drained: ['started consumer', 'consumer', 'publisher'],
        properties: ['close', 'consume', 'orderEvents', 'orderPlacedConsumer', 'orderRepository', 'orderSearch'],
      })
    } finally {
      await db.drop()
      await vhost.drop()
    }
  })
})
