import type { DomainModel, Entity, Port } from '../model'
import type { Artifact, GeneratedExport, GenerateOptions } from '../generators/types'

/**
 * What a port is for, as far as generators care. `repository`: it stores an entity (found by a repository name
 * suffix, or by role: its methods take or return an entity with an id). `search`: it finds entities in Elasticsearch
 * (its name ends in generate.search.suffixes, or generate.search.ports names it). Later generators add their own roles.
 */
export type PortRole = 'repository' | 'search'

/** What a generator takes from the DomainModel. */
export interface SelectionRule {
  /** the ports it implements, by role */
  readonly ports: { readonly roles: readonly PortRole[] }
  /** the entities stored by the selected ports */
  readonly entities: 'stored-by-selected-ports' | 'none'
}

/** What the pipeline selected for one generator: the ports the run asked for (among those of the roles), their entities. */
export interface Selection {
  readonly ports: readonly Port[]
  readonly entities: readonly Entity[]
}

/** Where generated files go, and the clock: the same for every generator of a run. */
export type GeneratorContext = GenerateOptions

/** What one generator produced: files to render (path, template, data), classes exported, warnings. */
export interface GeneratorOutput {
  readonly artifacts: readonly Artifact[]
  readonly exports: readonly GeneratedExport[]
  readonly warnings: readonly string[]
}

/**
 * One kind of adapter. Pure: the model, its selection and the context in, artifacts out; it never reads or writes files
 * and never scans emitted text. `owns` names the paths it generates, so a full run reports the ones it no longer produces.
 */
export interface Generator {
  /** the registry key, e.g. `repository` */
  readonly name: string
  readonly selects: SelectionRule
  generate(model: DomainModel, selection: Selection, context: GeneratorContext): GeneratorOutput
  /** whether `file` (relative to the root, forward slashes) has the shape of a file this generator writes */
  owns(file: string, context: GeneratorContext): boolean
}
