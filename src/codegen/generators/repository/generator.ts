import type { Generator } from '../../pipeline/generator'
import { generateRepositories, isPortArtifactPath } from '../repository-generator'

/** MySQL repositories: per port a Sequelize model, a mapper, a repository class; per table a migration. */
export const repositoryGenerator: Generator = {
  name: 'repository',
  selects: { ports: { roles: ['repository'] }, entities: 'stored-by-selected-ports' },
  generate: (model, selection, context) => generateRepositories(model, selection.ports, context),
  owns: (file, context) => isPortArtifactPath(file, context.infrastructureDir),
}
