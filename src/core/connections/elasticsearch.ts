import type { Client } from '@elastic/elasticsearch'
import { maskUrl } from '../mask'
import { asServiceError } from './errors'

export const ELASTICSEARCH_SERVICE = 'Elasticsearch'

export interface ElasticsearchTarget {
  url: string
  timeoutMs: number
}

/** An Elasticsearch client that has answered a ping. */
export async function connectElasticsearch(target: ElasticsearchTarget): Promise<Client> {
  const { Client } = require('@elastic/elasticsearch') as typeof import('@elastic/elasticsearch')
  const client = new Client({ node: target.url, requestTimeout: Math.max(target.timeoutMs, 30_000), maxRetries: 0, pingTimeout: target.timeoutMs })
  try {
    await client.ping({}, { requestTimeout: target.timeoutMs })
  } catch (error) {
    await client.close().catch(() => undefined)
    throw asServiceError(ELASTICSEARCH_SERVICE, maskUrl(target.url), error)
  }
  return client
}
