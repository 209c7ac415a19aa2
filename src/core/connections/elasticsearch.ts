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
  try {
    const client = await connectWith(target, 9)
    // The 9.x client sends `compatible-with=9`, which an 8.x server refuses on every request with a JSON body (a bodiless
    // GET still passes, so the health probe cannot tell); 9.x servers accept `compatible-with=8`. Ask the version once.
    const major = Number((await elasticsearchVersion(client, target.timeoutMs)).split('.')[0])
    if (!(major < 9)) return client
    await client.close().catch(() => undefined)
    return await connectWith(target, 8)
  } catch (error) {
    throw asServiceError(ELASTICSEARCH_SERVICE, maskUrl(target.url), error)
  }
}

async function connectWith(target: ElasticsearchTarget, compatibleWith: 8 | 9): Promise<Client> {
  const { Client, Transport } = require('@elastic/elasticsearch') as typeof import('@elastic/elasticsearch')
  const options: ConstructorParameters<typeof Client>[0] = {
    node: target.url,
    requestTimeout: Math.max(target.timeoutMs, 30_000),
    maxRetries: 0,
    pingTimeout: target.timeoutMs,
  }
  if (compatibleWith === 8) {
    class CompatibleWith8 extends Transport {
      constructor(transportOptions: ConstructorParameters<typeof Transport>[0]) {
        super({
          ...transportOptions,
          vendoredHeaders: {
            jsonContentType: 'application/vnd.elasticsearch+json; compatible-with=8',
            ndjsonContentType: 'application/vnd.elasticsearch+x-ndjson; compatible-with=8',
            accept: 'application/vnd.elasticsearch+json; compatible-with=8,text/plain',
          },
        })
      }
    }
    options.Transport = CompatibleWith8
  }
  const client = new Client(options)
  try {
    await client.cluster.health({}, { requestTimeout: target.timeoutMs })
  } catch (error) {
    await client.close().catch(() => undefined)
    throw error
  }
  return client
}

/** The server version, from the nodes API (works without the rest-root module). */
export async function elasticsearchVersion(client: Client, timeoutMs: number): Promise<string> {
  const info = await client.nodes.info({ node_id: '_local', metric: '_none', filter_path: 'nodes.*.version' }, { requestTimeout: timeoutMs })
  const [node] = Object.values(info.nodes ?? {})
  return node?.version ?? 'unknown'
}
