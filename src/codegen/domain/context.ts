import path from 'node:path'
import ts from 'typescript'
import type { Diagnostic, DiagnosticCode, ModuleRef, SourceLocation } from '../model'

/** What every part of the reader shares: the checker, the project root, and the diagnostics collected so far. */
export class ReaderContext {
  readonly diagnostics: Diagnostic[] = []
  private readonly reported = new Set<string>()

  constructor(
    readonly program: ts.Program,
    readonly checker: ts.TypeChecker,
    /** absolute project root */
    readonly root: string,
    /** the project compiles with strictNullChecks: declared types tell null/undefined apart (the reader itself always checks with them) */
    readonly strictNulls = true,
  ) {}

  /** relativeFile's answers: every location of a declaration asks again for its file */
  private readonly relativeFiles = new Map<string, string>()

  /** `src/domain/user.ts`: relative to the root, posix separators */
  relativeFile(fileName: string): string {
    let relative = this.relativeFiles.get(fileName)
    if (relative === undefined) {
      relative = path.relative(this.root, fileName).split(path.sep).join('/')
      this.relativeFiles.set(fileName, relative)
    }
    return relative
  }

  location(node: ts.Node): SourceLocation {
    const sourceFile = node.getSourceFile()
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile))
    return { file: this.relativeFile(sourceFile.fileName), line: line + 1, column: character + 1 }
  }

  /** `src/domain/user.ts:12:3`, for messages */
  where(node: ts.Node): string {
    const { file, line, column } = this.location(node)
    return `${file}:${line}:${column}`
  }

  /** Records a diagnostic once per (code, place, message): the same type met through several ports is reported once. */
  report(severity: Diagnostic['severity'], code: DiagnosticCode, node: ts.Node, message: string, hint: string, port?: string): void {
    const location = this.location(node)
    const key = `${code}|${location.file}:${location.line}:${location.column}|${message}`
    if (this.reported.has(key)) return
    this.reported.add(key)
    this.diagnostics.push({ severity, code, message, location, hint, ...(port === undefined ? {} : { port }) })
  }

  /**
   * Runs `read` (reading one port method) and marks the warnings it reported for that port with the method's name,
   * so that a generator stubbing the method says it once, with the reason, instead of a second warning.
   */
  forMethod<T>(port: string, method: string, read: () => T): T {
    const from = this.diagnostics.length
    const result = read()
    for (let i = from; i < this.diagnostics.length; i++) {
      const d = this.diagnostics[i]!
      if (d.severity === 'warning' && d.port === port) this.diagnostics[i] = { ...d, method }
    }
    return result
  }

  /**
   * Runs `read` (reading one method's parameters) with the errors it reports for `port` turned into warnings: a
   * parameter's type is only written into a query, never stored or rebuilt, so a query class that cannot be rebuilt
   * (`get(query: UserQuery)`) stops that method (a stub, with the reason), not the port.
   */
  asWarnings<T>(port: string, read: () => T): T {
    const from = this.diagnostics.length
    const result = read()
    for (let i = from; i < this.diagnostics.length; i++) {
      const d = this.diagnostics[i]!
      if (d.severity === 'error' && d.port === port) this.diagnostics[i] = { ...d, severity: 'warning' }
    }
    return result
  }

  /** True for declarations of the project (not lib.d.ts, not node_modules). */
  isProjectDeclaration(node: ts.Node): boolean {
    const sourceFile = node.getSourceFile()
    return (
      !this.program.isSourceFileDefaultLibrary(sourceFile) &&
      !this.program.isSourceFileFromExternalLibrary(sourceFile) &&
      !sourceFile.fileName.split('/').includes('node_modules')
    )
  }

  /**
   * True for declarations a package brings (`.d.ts` under node_modules, not `@types/*` nor the TypeScript library), and
   * for files outside the root reached through tsconfig paths (a workspace's shared kernel): the reader reads their
   * value objects like the project's own and imports them by package specifier (see moduleRef).
   */
  isPackageDeclaration(node: ts.Node): boolean {
    const sourceFile = node.getSourceFile()
    if (this.program.isSourceFileDefaultLibrary(sourceFile)) return false
    const segments = sourceFile.fileName.split('/')
    const at = segments.lastIndexOf('node_modules')
    if (at >= 0) return sourceFile.isDeclarationFile && segments[at + 1] !== '@types' && segments[at + 1] !== 'typescript'
    return this.relativeFile(sourceFile.fileName).startsWith('../')
  }

  /**
   * How generated code imports `declaration`: the file that declares it and the name it exports it under.
   * Undefined when the declaration is not exported from its file (the caller reports `not-exported`).
   */
  moduleRef(declaration: ts.Declaration & { name?: ts.Node }): ModuleRef | undefined {
    const sourceFile = declaration.getSourceFile()
    const typeOnly = ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration)
    const file = this.relativeFile(sourceFile.fileName)
    const moduleSymbol = this.checker.getSymbolAtLocation(sourceFile)
    const symbol = declaration.name ? this.checker.getSymbolAtLocation(declaration.name) : undefined
    if (!moduleSymbol || !symbol) return undefined
    for (const exported of this.checker.getExportsOfModule(moduleSymbol)) {
      const target = exported.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(exported) : exported
      if (target === symbol || exported === symbol) {
        const exportName = exported.escapedName.toString()
        if (!this.isPackageDeclaration(declaration)) return { file, exportName, typeOnly }
        const specifier = this.userSpecifier(symbol, exportName) ?? packageSpecifier(sourceFile.fileName)
        return { file, exportName, typeOnly, ...(specifier ? { specifier } : {}) }
      }
    }
    return undefined
  }

  private bareImports: Map<string, ts.Symbol> | undefined

  /**
   * The package specifier the project's own files import `symbol` through (`@acme/kernel`, `@acme/kernel/money`), exported
   * under `exportName`: generated code then imports it the way the user does, whatever file declares it.
   */
  private userSpecifier(symbol: ts.Symbol, exportName: string): string | undefined {
    if (!this.bareImports) {
      this.bareImports = new Map()
      for (const sourceFile of this.program.getSourceFiles()) {
        if (!this.isProjectDeclaration(sourceFile) || sourceFile.isDeclarationFile) continue
        for (const statement of sourceFile.statements) {
          const specifier = (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier
          if (!specifier || !ts.isStringLiteral(specifier) || specifier.text.startsWith('.') || this.bareImports.has(specifier.text)) continue
          const moduleSymbol = this.checker.getSymbolAtLocation(specifier)
          if (moduleSymbol) this.bareImports.set(specifier.text, moduleSymbol)
        }
      }
    }
    const candidates = [...this.bareImports].filter(([, moduleSymbol]) => {
      const exported = this.checker.getExportsOfModule(moduleSymbol).find((e) => e.escapedName.toString() === exportName)
      if (!exported) return false
      return (exported.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(exported) : exported) === symbol
    })
    // the shortest one: the package's entry before a deep subpath
    return candidates.map(([specifier]) => specifier).sort((a, b) => a.length - b.length || a.localeCompare(b))[0]
  }
}

/**
 * The specifier of a declaration file under node_modules, from its path: `@acme/kernel` for the package's index,
 * `@acme/kernel/money` for another file. Undefined outside node_modules.
 */
export function packageSpecifier(fileName: string): string | undefined {
  const segments = fileName.split('/')
  const at = segments.lastIndexOf('node_modules')
  if (at < 0) return undefined
  const nameLength = segments[at + 1]?.startsWith('@') ? 2 : 1
  const name = segments.slice(at + 1, at + 1 + nameLength).join('/')
  const rest = segments
    .slice(at + 1 + nameLength)
    .join('/')
    .replace(/\.d\.(ts|mts|cts)$/, '')
  return rest === '' || rest === 'index' ? name : `${name}/${rest.replace(/\/index$/, '')}`
}

/** The name of a named declaration, or undefined. */
export function declarationName(node: ts.Declaration): string | undefined {
  const name = (node as { name?: ts.Node }).name
  return name && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) ? name.text : undefined
}

/** public (no private/protected modifier, not a #private name) */
export function isPublic(node: ts.Declaration): boolean {
  const name = (node as { name?: ts.Node }).name
  if (name && ts.isPrivateIdentifier(name)) return false
  const flags = ts.getCombinedModifierFlags(node)
  return (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) === 0
}

export function isStatic(node: ts.Declaration): boolean {
  return (ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Static) !== 0
}
