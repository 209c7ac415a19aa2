import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { planComposition } from '../../../../src/codegen/generators/composition/plan-composition'
import type { GeneratedExport } from '../../../../src/codegen/generators/types'

const port = (name: string) => ({ file: `src/domain/${name}.ts`, exportName: name, typeOnly: true })

const repository = (portName: string): GeneratedExport => ({
  name: `Mysql${portName}`,
  path: `src/infrastructure/repository/mysql-${portName}.ts`,
  kind: 'repository',
  implements: portName,
  portModule: port(portName),
  constructorArguments: [{ connection: 'sequelize' }],
})

describe('planComposition', () => {
  it('builds each connection once, in order, and exposes each repository by its port', () => {
    const plan = planComposition([repository('UserRepository'), repository('OrderRepository')])
    assert.deepEqual(plan.connections, ['sequelize'])
    assert.deepEqual(
      plan.adapters.map((a) => [a.variable, a.className, a.arguments]),
      [
        ['mysqlOrderRepository', 'MysqlOrderRepository', ['sequelize']],
        ['mysqlUserRepository', 'MysqlUserRepository', ['sequelize']],
      ],
    )
    assert.deepEqual(
      plan.exposed.map((e) => [e.property, e.type, e.token, e.variable]),
      [
        ['orderRepository', 'OrderRepository', 'ORDER_REPOSITORY', 'mysqlOrderRepository'],
        ['userRepository', 'UserRepository', 'USER_REPOSITORY', 'mysqlUserRepository'],
      ],
    )
    assert.deepEqual(plan.warnings, [])
  })

  it('a decorator (listed before what it wraps) is built after it, takes it, and is what the port exposes', () => {
    const cached: GeneratedExport = {
      name: 'CachedUserRepository',
      path: 'src/infrastructure/cache/cached-user-repository.ts',
      kind: 'cache-decorator',
      implements: 'UserRepository',
      portModule: port('UserRepository'),
      constructorArguments: [{ decorates: 'repository' }, { connection: 'redis' }],
    }
    const plan = planComposition([cached, repository('UserRepository')])
    assert.deepEqual(plan.connections, ['sequelize', 'redis'])
    assert.deepEqual(
      plan.adapters.map((a) => [a.variable, a.arguments]),
      [
        ['mysqlUserRepository', ['sequelize']],
        ['cachedUserRepository', ['mysqlUserRepository', 'redis']],
      ],
    )
    assert.deepEqual(
      plan.exposed.map((e) => [e.property, e.variable]),
      [['userRepository', 'cachedUserRepository']],
    )
  })

  it('a decorator of an adapter that is not generated is left out with a warning, never wired to something else', () => {
    const plan = planComposition([
      {
        name: 'CachedOrderRepository',
        path: 'src/infrastructure/cache/cached-order-repository.ts',
        kind: 'cache-decorator',
        implements: 'OrderRepository',
        portModule: port('OrderRepository'),
        constructorArguments: [{ decorates: 'repository' }],
      },
      repository('UserRepository'),
    ])
    assert.deepEqual(
      plan.adapters.map((a) => a.className),
      ['MysqlUserRepository'],
    )
    assert.equal(plan.warnings.length, 1)
    assert.match(plan.warnings[0]!, /CachedOrderRepository decorates the repository of OrderRepository, which is not generated/)
  })

  it('drains consumers before publishers; an adapter of no port is exposed by its class; a second adapter of a port gets its kind', () => {
    const plan = planComposition([
      {
        name: 'OrderEventsPublisher',
        path: 'src/infrastructure/messaging/rabbitmq/order-events-publisher.ts',
        kind: 'publisher',
        implements: 'OrderEvents',
        portModule: port('OrderEvents'),
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
        ...repository('OrderEvents'),
        name: 'SearchOrderEvents',
        kind: 'search',
        path: 'src/infrastructure/persistence/elastic/search-order-events.ts',
        constructorArguments: [{ connection: 'elasticsearch' }],
      },
    ])
    assert.deepEqual(plan.connections, ['sequelize', 'elasticsearch', 'amqp-channel'])
    assert.deepEqual(plan.drains, [
      { variable: 'orderPlacedConsumer', method: 'stop' },
      { variable: 'orderEventsPublisher', method: 'flush' },
    ])
    assert.deepEqual(
      plan.exposed.map((e) => [e.property, e.type]),
      [
        ['orderEvents', 'OrderEvents'],
        ['orderEventsSearch', 'OrderEvents'],
        ['orderPlacedConsumer', 'OrderPlacedConsumer'],
      ],
    )
  })

  it('a consumer factory is started by consume() with the handler of its event, not built as an adapter; it needs the broker and the database', () => {
    const consumer = (event: string, file: string) => ({
      name: `create${event}Consumer`,
      path: `src/infrastructure/messaging/rabbitmq/consumers/${file}`,
      kind: 'consumer' as const,
      implements: event,
      portModule: null,
      constructorArguments: [{ connection: 'amqp-channel' as const }, { connection: 'sequelize' as const }],
      consumes: { handler: `${event}Handler` },
    })
    const plan = planComposition([
      consumer('OrderShipped', 'order-shipped.consumer.ts'),
      consumer('OrderPlaced', 'order-placed.consumer.ts'),
      { ...consumer('Ignored', 'ignored.consumer.ts'), wired: false },
    ])
    assert.deepEqual(plan.connections, ['sequelize', 'amqp-channel'])
    // no publisher: the confirm channel is not opened (an unused local would not compile under noUnusedLocals)
    assert.equal(plan.amqpChannelUsed, false)
    assert.deepEqual(plan.adapters, [])
    assert.deepEqual(plan.exposed, [])
    assert.deepEqual(
      plan.consumers.map((c) => [c.property, c.factory, c.handlerType, c.connection, c.sequelize]),
      [
        ['orderPlaced', 'createOrderPlacedConsumer', 'OrderPlacedHandler', 'amqpConnection', 'sequelize'],
        ['orderShipped', 'createOrderShippedConsumer', 'OrderShippedHandler', 'amqpConnection', 'sequelize'],
      ],
    )
  })
})
