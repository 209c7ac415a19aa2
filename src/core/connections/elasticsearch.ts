import type { Client } from '@elastic/elasticsearch'
import { maskUrl } from '../mask'
import { asServiceError } from './errors'

export const ELASTICSEARCH_SERVICE = 'Elasticsearch'

export interface ElasticsearchTarget {
  url: string
  timeoutMs: number
}

/**
 * An Elasticsearch client that has answered. Reachability is checked with _cluster/health rather than ping/info:
 * `GET /` lives in the rest-root module, which minimal distributions (the integ-test zip) do not ship.
 */
export async function connectElasticsearch(target: ElasticsearchTarget): Promise<Client> {
  const { Client } = require('@elastic/elasticsearch') as typeof import('@elastic/elasticsearch')
  const client = new Client({ node: target.url, requestTimeout: Math.max(target.timeoutMs, 30_000), maxRetries: 0, pingTimeout: target.timeoutMs })
  try {
    await client.cluster.health({}, { requestTimeout: target.timeoutMs })
  } catch (error) {
    await client.close().catch(() => undefined)
    throw asServiceError(ELASTICSEARCH_SERVICE, maskUrl(target.url), error)
  }
  return client
}

/** The server version, from the nodes API (works without the rest-root module). */
export async function elasticsearchVersion(client: Client, timeoutMs: number): Promise<string> {
  const info = await client.nodes.info({ node_id: '_local', metric: '_none', filter_path: 'nodes.*.version' }, { requestTimeout: timeoutMs })
  const [node] = Object.values(info.nodes ?? {})
  return node?.version ?? 'unknown'
}
