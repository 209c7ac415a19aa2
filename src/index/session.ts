import type { Client } from '@elastic/elasticsearch'
import type { Config } from '../core/config'
import { ELASTICSEARCH_SERVICE, connectElasticsearch } from '../core/connections/elasticsearch'
import { asServiceError } from '../core/connections/errors'
import { InvalidInputError } from '../core/errors'
import { maskUrl } from '../core/mask'
import { readDefinitions, type Definitions } from './definitions'

export interface IndexSession {
  client: Client
  definitions: Definitions
  config: Config
  close(): Promise<void>
}

/** Definitions first (invalid files exit 4 before any connection), then the cluster (unreachable exits 5). */
export async function openIndexSession(config: Config): Promise<IndexSession> {
  const definitions = readDefinitions(config.root, config.index.directory)
  const client = await connectElasticsearch({ url: config.elasticsearch.url, timeoutMs: config.connectTimeout })
  return { client, definitions, config, close: () => client.close() }
}

/** Connection failures in the middle of an operation are still exit 5. */
export function serviceError(config: Config, error: unknown): unknown {
  return asServiceError(ELASTICSEARCH_SERVICE, maskUrl(config.elasticsearch.url), error)
}

/** A 400 from the server about a definition (unknown analyzer, bad parameter) is invalid input naming the file. */
export function rejectedDefinition(file: string, what: string, error: unknown): unknown {
  const meta = (error as { meta?: { statusCode?: number; body?: { error?: { type?: string; reason?: string; caused_by?: { reason?: string } } } } }).meta
  if (meta?.statusCode !== 400) return error
  const reason = [meta.body?.error?.reason, meta.body?.error?.caused_by?.reason].filter(Boolean).join(': ')
  return new InvalidInputError({
    code: 'INDEX_DEFINITION_REJECTED',
    message: `${file}: Elasticsearch refused ${what}: ${meta.body?.error?.type ?? 'error'}: ${reason}`,
    hint: 'Fix the definition (an analyzer, filter or mapper the server lacks is a common cause) and run again.',
    details: { file, reason },
    cause: error,
  })
}
