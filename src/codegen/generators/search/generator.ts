import type { Generator } from '../../pipeline/generator'
import { generateSearch, isSearchArtifactPath } from './search-generator'

/** Elasticsearch search adapters: per search port a class, per entity a document mapper, an indexer and an index definition. */
export const searchGenerator: Generator = {
  name: 'search',
  selects: { ports: { roles: ['search'] }, entities: 'stored-by-selected-ports' },
  generate: (model, selection, context) => generateSearch(model, selection.ports, context),
  owns: (file, context) => isSearchArtifactPath(file, context),
}
