// Domain events (issue 12, messaging): found by name suffix (generate.eventSuffixes, a configured convention), read
// with the same shape reader as value objects: their properties are the payload, `reconstruct` rebuilds one.
import ts from 'typescript'
import type { DomainEvent } from '../model'
import type { ReaderContext } from './context'
import { readShape } from './shapes'
import type { TypeResolver } from './types'

type EventDeclaration = ts.ClassDeclaration | ts.InterfaceDeclaration | ts.TypeAliasDeclaration

export interface ReadEventsOptions {
  readonly suffixes: readonly string[]
  /** event type by declaration name; default the name itself */
  readonly eventTypes: Readonly<Record<string, string>>
}

/**
 * The events declared in `sourceFiles`: exported, non-generic, non-abstract classes, interfaces and object type aliases
 * whose name ends in a suffix, except the ones another candidate extends or implements (a `DomainEvent` base).
 */
export function readEvents(
  ctx: ReaderContext,
  resolver: TypeResolver,
  sourceFiles: readonly ts.SourceFile[],
  options: ReadEventsOptions,
): Record<string, DomainEvent> {
  const candidates: EventDeclaration[] = []
  for (const sourceFile of sourceFiles) {
    for (const statement of sourceFile.statements) {
      if (!ts.isClassDeclaration(statement) && !ts.isInterfaceDeclaration(statement) && !ts.isTypeAliasDeclaration(statement)) continue
      const name = statement.name?.text
      if (!name || !options.suffixes.some((suffix) => name.endsWith(suffix) && name.length > suffix.length)) continue
      if (statement.typeParameters && statement.typeParameters.length > 0) continue
      if (ts.isClassDeclaration(statement) && ts.getCombinedModifierFlags(statement) & ts.ModifierFlags.Abstract) continue
      if (ts.isTypeAliasDeclaration(statement) && !(ctx.checker.getTypeAtLocation(statement).flags & ts.TypeFlags.Object)) continue
      if (!(ts.getCombinedModifierFlags(statement) & ts.ModifierFlags.Export)) continue
      candidates.push(statement)
    }
  }
  const bases = new Set<ts.Node>()
  for (const candidate of candidates) for (const base of heritageOf(ctx.checker, candidate)) bases.add(base)
  const events: Record<string, DomainEvent> = {}
  for (const declaration of candidates) {
    if (bases.has(declaration)) continue
    const name = declaration.name!.text
    const type = ctx.checker.getTypeAtLocation(declaration.name!)
    const shape = readShape(resolver, type, declaration, name, 'value-object')
    events[name] = { name, ...shape, ...resolver.moduleOf(declaration, name), eventType: options.eventTypes[name] ?? name }
  }
  return events
}

/** The declarations a class or interface extends or implements. */
function heritageOf(checker: ts.TypeChecker, declaration: EventDeclaration): ts.Node[] {
  if (ts.isTypeAliasDeclaration(declaration)) return []
  const found: ts.Node[] = []
  for (const clause of declaration.heritageClauses ?? []) {
    for (const expression of clause.types) {
      const symbol = checker.getSymbolAtLocation(expression.expression)
      const target = symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
      for (const base of target?.declarations ?? []) found.push(base)
    }
  }
  return found
}
