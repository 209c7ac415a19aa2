import path from 'node:path'
import ts from 'typescript'
import { InvalidInputError } from '../../core/errors'

export interface LoadedProgram {
  readonly program: ts.Program
  readonly checker: ts.TypeChecker
  readonly options: ts.CompilerOptions
  /** absolute path of the tsconfig read */
  readonly tsconfigPath: string
  /** absolute paths of the project's own source files (no declaration files, nothing under node_modules) */
  readonly fileNames: readonly string[]
  /** the project's own strictNullChecks (`strict` implies it), before the reader turned it on */
  readonly strictNulls: boolean
  /** the project's own compiler options, as its tsc sees them (generated code is verified with these) */
  readonly projectOptions: ts.CompilerOptions
}

/**
 * Builds ONE ts.Program from the project's own tsconfig (its `extends`, `paths`, `include`...), so imports across
 * files, path aliases, re-exports and `.js` suffixes of NodeNext sources resolve exactly as the project's compiler sees them.
 */
export function loadProgram(root: string, tsconfig: string): LoadedProgram {
  const tsconfigPath = path.resolve(root, tsconfig)
  const read = ts.readConfigFile(tsconfigPath, ts.sys.readFile)
  if (read.error) {
    throw new InvalidInputError({
      code: 'TSCONFIG_UNREADABLE',
      message: `cannot read ${path.relative(root, tsconfigPath) || tsconfigPath}: ${flatten(read.error)}`,
      hint: "Pass the project tsconfig with the generate command's --tsconfig flag, or fix the file.",
      details: { file: tsconfigPath },
    })
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfigPath), undefined, tsconfigPath)
  // "No inputs were found" (18003) is reported as an empty program below, with a clearer message
  const fatal = parsed.errors.filter((d) => d.category === ts.DiagnosticCategory.Error && d.code !== 18003)
  if (fatal.length > 0) {
    throw new InvalidInputError({
      code: 'TSCONFIG_INVALID',
      message: `${path.relative(root, tsconfigPath)}: ${fatal.map(flatten).join('; ')}`,
      hint: 'Fix the tsconfig (it must compile with `tsc -p` first).',
      details: { file: tsconfigPath },
    })
  }
  // The reader only reads types: strictNullChecks keeps `| null` in them even when the project is not strict,
  // and nothing is emitted.
  const options: ts.CompilerOptions = { ...parsed.options, strictNullChecks: true, noEmit: true, skipLibCheck: true }
  const program = ts.createProgram({ rootNames: parsed.fileNames, options, projectReferences: parsed.projectReferences })
  const fileNames = parsed.fileNames.filter((f) => !f.endsWith('.d.ts') && !f.split(/[\\/]/).includes('node_modules')).map((f) => path.resolve(f))
  const strictNulls = parsed.options.strictNullChecks ?? parsed.options.strict ?? false
  return { program, checker: program.getTypeChecker(), options, tsconfigPath, fileNames, strictNulls, projectOptions: parsed.options }
}

function flatten(diagnostic: ts.Diagnostic): string {
  return ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')
}

/**
 * The module system of a file the project would compile at `file`, from its tsconfig alone (no Program): what
 * `infra init` needs to write the shared modules before any domain is read. An unreadable tsconfig means CommonJS.
 */
export function moduleSystemAt(root: string, tsconfig: string, file: string): { moduleSystem: 'commonjs' | 'esm'; importSuffix: '' | '.js' } {
  const tsconfigPath = path.resolve(root, tsconfig)
  const read = ts.readConfigFile(tsconfigPath, ts.sys.readFile)
  if (read.error) return { moduleSystem: 'commonjs', importSuffix: '' }
  const { options } = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfigPath), undefined, tsconfigPath)
  const format = ts.getImpliedNodeFormatForFile(path.resolve(root, file) as ts.Path, undefined, ts.sys, options)
  return moduleSystemOf(options, format === undefined ? undefined : ({ impliedNodeFormat: format } as ts.SourceFile))
}

/**
 * The module system generated code must follow: `esm` when the domain files are ES modules to Node
 * (Node16/NodeNext with "type": "module", or .mts), then relative imports need `.js`; `esm` without suffix for
 * bundler-style resolution; `commonjs` otherwise.
 */
export function moduleSystemOf(options: ts.CompilerOptions, sample: ts.SourceFile | undefined): { moduleSystem: 'commonjs' | 'esm'; importSuffix: '' | '.js' } {
  const nodeResolution = options.moduleResolution === ts.ModuleResolutionKind.Node16 || options.moduleResolution === ts.ModuleResolutionKind.NodeNext
  const nodeModule = options.module === ts.ModuleKind.Node16 || options.module === ts.ModuleKind.NodeNext || options.module === ts.ModuleKind.Node18
  if (nodeResolution || nodeModule) {
    const format = sample?.impliedNodeFormat
    return format === ts.ModuleKind.ESNext ? { moduleSystem: 'esm', importSuffix: '.js' } : { moduleSystem: 'commonjs', importSuffix: '' }
  }
  const module = options.module ?? ts.ModuleKind.CommonJS
  if (module === ts.ModuleKind.CommonJS || module === ts.ModuleKind.None || module === ts.ModuleKind.UMD || module === ts.ModuleKind.AMD) {
    return { moduleSystem: 'commonjs', importSuffix: '' }
  }
  return { moduleSystem: 'esm', importSuffix: '' }
}
