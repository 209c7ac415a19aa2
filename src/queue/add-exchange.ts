// The outbox's exchange in the topology file (outbox init): one case of addToTopology, kept for its callers.
import { addToTopology, type ExchangeDeclaration } from './add-to-topology'

export type { ExchangeDeclaration } from './add-to-topology'

/**
 * `text` (undefined or empty: no file yet) with `exchange` appended to `exchanges:`. An exchange of that name (and vhost)
 * already there is left as it is, and the text is returned unchanged.
 */
export function addExchangeToTopology(text: string | undefined, exchange: ExchangeDeclaration, file = 'infra/rabbitmq/topology.yaml'): string {
  return addToTopology(text, { exchanges: [exchange] }, file).text
}
