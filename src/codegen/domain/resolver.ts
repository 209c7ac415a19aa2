import type ts from 'typescript'
import type { TypeRef, ValueObjectStorage } from '../model'
import type { ReaderContext } from './context'

/** Where a type was met: for diagnostics (`node`, `owner`) and for alias names the checker loses (`typeNode`). */
export interface Site {
  readonly node: ts.Node
  /** what holds the type, for messages: `User.email`, `UserRepository.findById(id)` */
  readonly owner: string
  readonly typeNode?: ts.TypeNode
  readonly port?: string
  /**
   * How bad an unmappable type is here: `error` (default) for entity and value-object state, which no repository
   * can store without it; `warning` for one port method's parameter or result, which only that method needs.
   */
  readonly severity?: 'error' | 'warning'
  /** the state of an identifier value object: `string | number` (UniqueEntityID's Identifier<string | number>) is stored as a string */
  readonly idValue?: boolean
}

/**
 * The one interface between the shape readers (shapes.ts) and the type resolver (types.ts): shapes resolve each
 * property's type through it; types.ts implements it and calls the shape readers, so neither imports the other's internals.
 */
export interface PropertyTypeResolver {
  readonly ctx: ReaderContext
  readonly checker: ts.TypeChecker
  resolve(type: ts.Type, site: Site): TypeRef
  /** how a value object already resolved is stored (undefined when none of that name was read) */
  storageOf(valueObject: string): ValueObjectStorage | undefined
}
