import type { InfrastructureOptions } from '../src/infrastructure'

/** Where the services are: the same INFRA_*_URL variables (and defaults) the infra CLI reads. */
export function infrastructureOptions(overrides: Partial<InfrastructureOptions> = {}): InfrastructureOptions {
  const env = process.env
  return {
    mysqlUrl: env.INFRA_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/app',
    elasticsearchUrl: env.INFRA_ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200',
    redisUrl: env.INFRA_REDIS_URL ?? 'redis://127.0.0.1:6379',
    rabbitmqUrl: env.INFRA_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
    ...overrides,
  }
}

/** One line of what happened, prefixed by its step so the output reads as a log of the run. */
export function say(step: string, text: string): void {
  console.log(`[${step}] ${text}`)
}
