import type { Generator } from '../../pipeline/generator'
import { generateCaches, isCacheArtifactPath } from './cache-generator'

/** Redis cache-aside decorators: per port a class implementing it over any repository, plus the shared cache runtime. */
export const cacheGenerator: Generator = {
  name: 'cache',
  selects: { ports: { roles: ['repository'] }, entities: 'stored-by-selected-ports' },
  generate: (model, selection, context) => generateCaches(model, selection.ports, context),
  owns: (file, context) => isCacheArtifactPath(file, context.infrastructureDir),
}
