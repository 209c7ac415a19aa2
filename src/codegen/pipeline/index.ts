export type { Generator, GeneratorContext, GeneratorOutput, PortRole, Selection, SelectionRule } from './generator'
export { GENERATORS, type GeneratorName } from './registry'
export {
  planGeneration,
  readProjectDomain,
  existingMigrationName,
  type GenerationRequest,
  type GenerationRun,
  type SchemaRequest,
  type SchemaOutcome,
} from './plan-generation'
export { renderToTree } from './render-to-tree'
export { selectFromModel, portRoles, type SelectionRequest } from './select'
