import ts from 'typescript'
import type { ReaderContext } from './context'

/** The npm package whose `Option<T>` (with `Some(x)` / `None`) single-entity finders may return. */
export const OXIDE_MODULE = 'oxide.ts'

/** per program: the `Option` type symbol exported by oxide.ts as the project resolves it (null: the project cannot see it) */
const exportedOption = new WeakMap<ts.Program, ts.Symbol | null>()

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
  const cached = exportedOption.get(ctx.program)
  if (cached !== undefined) return cached ?? undefined
  const found = findOption(ctx, importer) ?? null
  exportedOption.set(ctx.program, found)
  return found ?? undefined
}

function findOption(ctx: ReaderContext, importer: ts.SourceFile): ts.Symbol | undefined {
  const { checker, program } = ctx
  const ambient = checker.getAmbientModules().find((m) => m.name === `"${OXIDE_MODULE}"`)
  let moduleSymbol = ambient
  if (!moduleSymbol) {
    const resolved = ts.resolveModuleName(OXIDE_MODULE, importer.fileName, program.getCompilerOptions(), ts.sys).resolvedModule
    const sourceFile = resolved ? program.getSourceFile(resolved.resolvedFileName) : undefined
    moduleSymbol = sourceFile ? checker.getSymbolAtLocation(sourceFile) : undefined
  }
  if (!moduleSymbol) return undefined
  const exported = checker.getExportsOfModule(moduleSymbol).find((s) => s.escapedName === 'Option')
  if (!exported) return undefined
  const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
  return target.flags & ts.SymbolFlags.Type ? target : undefined
}
