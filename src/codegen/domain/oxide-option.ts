import ts from 'typescript'
import type { ReaderContext } from './context'
import { packageExport } from './package-export'

/** The npm package whose `Option<T>` (with `Some(x)` / `None`) single-entity finders may return. */
export const OXIDE_MODULE = 'oxide.ts'

/**
 * The `T` of `Option<T>` when the type is the `Option` exported by the `oxide.ts` module (an installed package or a
 * `declare module 'oxide.ts'`), compared by declaration through the checker: another library's or a local `Option`
 * is not it, whatever its name.
 */
export function oxideOptionInner(ctx: ReaderContext, type: ts.Type, from: ts.Node): ts.Type | undefined {
  const option = optionSymbol(ctx, from.getSourceFile())
  if (!option) return undefined
  const { checker } = ctx
  if (type.aliasSymbol && sameSymbol(checker, type.aliasSymbol, option)) return type.aliasTypeArguments?.length === 1 ? type.aliasTypeArguments[0] : undefined
  // `type Option<T> = OptionType<T>`: an alias of a class reference loses its alias; compare the referenced class instead
  const declared = checker.getDeclaredTypeOfSymbol(option)
  const isReference = (t: ts.Type): t is ts.TypeReference =>
    (t.flags & ts.TypeFlags.Object) !== 0 && ((t as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) !== 0
  if (!isReference(type) || !isReference(declared) || type.target !== declared.target) return undefined
  const args = checker.getTypeArguments(type)
  return args.length === 1 ? args[0] : undefined
}

function sameSymbol(checker: ts.TypeChecker, a: ts.Symbol, b: ts.Symbol): boolean {
  const target = (s: ts.Symbol) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s)
  return target(a) === target(b)
}

function optionSymbol(ctx: ReaderContext, importer: ts.SourceFile): ts.Symbol | undefined {
  return packageExport(ctx, OXIDE_MODULE, 'Option', importer)
}
