// Kept apart from load.ts (and its zod schema) so that help can list the variables without loading the schema.
/** Environment variables and the config keys they set. */
export const ENVIRONMENT_KEYS = {
  INFRA_MYSQL_URL: ['mysql', 'url'],
  INFRA_ELASTICSEARCH_URL: ['elasticsearch', 'url'],
  INFRA_REDIS_URL: ['redis', 'url'],
  INFRA_RABBITMQ_URL: ['rabbitmq', 'url'],
  INFRA_RABBITMQ_MANAGEMENT_URL: ['rabbitmq', 'managementUrl'],
} as const
