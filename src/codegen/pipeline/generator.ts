import type { Diagnostic, DomainEvent, DomainModel, Entity, Port } from '../model'
import type { Artifact, GeneratedExport, GenerateOptions } from '../generators/types'
import type { TableDefinition } from '../schema/evolve'

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
  /** a generator that wires the others (the composition root): it runs after them in every run, given every adapter generated so far */
  readonly adapters?: 'all-generated'
  /** the domain events the run names (or all of them with --all); absent: the generator takes none (and events are not read) */
  readonly events?: 'named'
}

/** What the pipeline selected for one generator: the ports the run asked for (among those of the roles), their entities. */
export interface Selection {
  readonly ports: readonly Port[]
  readonly entities: readonly Entity[]
  /** with `adapters: 'all-generated'`: the adapters of this run and of earlier runs whose files are still infra's */
  readonly adapters?: readonly GeneratedExport[]
  /** the named events (empty for generators that take none) */
  readonly events: readonly DomainEvent[]
}

/** Where generated files go, and the clock: the same for every generator of a run. */
export type GeneratorContext = GenerateOptions

/** What one generator produced: files to render (path, template, data), classes exported, warnings. */
export interface GeneratorOutput {
  readonly artifacts: readonly Artifact[]
  readonly exports: readonly GeneratedExport[]
  readonly warnings: readonly string[]
  /** the MySQL tables it generates: the pipeline's schema step writes their migrations against the snapshot */
  readonly tables?: readonly TableDefinition[]
  /** the reader's method warnings its own warnings already say: left out of the run's warnings */
  readonly covers?: readonly Diagnostic[]
  /** the ports it could not generate (entity-level problems) while it generated the others */
  readonly blocked?: readonly Diagnostic[]
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
