import ts from 'typescript'
import type { ReaderContext } from './context'

/** per program, per `module#name`: the exported type symbol as the project resolves it (null: the project cannot see it) */
const exported = new WeakMap<ts.Program, Map<string, ts.Symbol | null>>()

/**
 * The type `name` exported by the package `module` as the project resolves it from `importer` (an installed package,
 * re-exports followed, or a `declare module`): generated code recognises a package's type by this declaration, never
 * by a name that happens to match.
 */
export function packageExport(ctx: ReaderContext, module: string, name: string, importer: ts.SourceFile): ts.Symbol | undefined {
  let cache = exported.get(ctx.program)
  if (!cache) exported.set(ctx.program, (cache = new Map()))
  const key = `${module}#${name}`
  const cached = cache.get(key)
  if (cached !== undefined) return cached ?? undefined
  const found = findExport(ctx, module, name, importer) ?? null
  cache.set(key, found)
  return found ?? undefined
}

function findExport(ctx: ReaderContext, module: string, name: string, importer: ts.SourceFile): ts.Symbol | undefined {
  const { checker, program } = ctx
  let moduleSymbol = checker.getAmbientModules().find((m) => m.name === `"${module}"`)
  if (!moduleSymbol) {
    const resolved = ts.resolveModuleName(module, importer.fileName, program.getCompilerOptions(), ts.sys).resolvedModule
    const sourceFile = resolved ? program.getSourceFile(resolved.resolvedFileName) : undefined
    moduleSymbol = sourceFile ? checker.getSymbolAtLocation(sourceFile) : undefined
  }
  if (!moduleSymbol) return undefined
  const symbol = checker.getExportsOfModule(moduleSymbol).find((s) => s.escapedName === name)
  if (!symbol) return undefined
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
  return target.flags & ts.SymbolFlags.Type ? target : undefined
}
