import { builtinModules } from 'node:module'
import path from 'node:path'
import ts from 'typescript'
import { InvalidInputError, OperationFailedError } from '../../core/errors'
import type { LoadedProgram } from '../domain'
import type { Tree } from '../tree'

/** A generated file and whether a template of the project's infra/templates/ rendered it. */
export interface RenderedFile {
  readonly path: string
  readonly fromOverride: boolean
}

/** How many diagnostics an error message lists before "and N more". */
const SHOWN = 8

/**
 * The verify step: type-checks the generated TypeScript files in memory against the user's program, with the project's
 * own compiler options, before anything is written. The reader's program is reused: its source files are handed to the
 * new program unchanged, only the generated files are new, and only those are checked.
 * Errors in a file rendered from a project override are invalid input (exit 4); in a built-in one, a bug of infra (exit 1).
 */
export function verifyGenerated(loaded: LoadedProgram, tree: Tree, files: readonly RenderedFile[]): void {
  const checked = files.filter((f) => /\.(ts|mts|cts)$/.test(f.path) && !f.path.endsWith('.d.ts'))
  if (checked.length === 0) return
  const generated = new Map<string, string>()
  for (const file of checked) generated.set(path.resolve(tree.absolute(file.path)), tree.read(file.path) ?? '')
  const options: ts.CompilerOptions = { ...loaded.projectOptions, noEmit: true, skipLibCheck: true, incremental: false, composite: false, declaration: false }
  const host = reusingHost(loaded.program, options, generated)
  const rootNames = [...new Set([...loaded.program.getRootFileNames(), ...generated.keys()])]
  const program = ts.createProgram({ rootNames, options, host, oldProgram: loaded.program })
  const problems: Array<{ file: RenderedFile; diagnostic: ts.Diagnostic }> = []
  for (const file of checked) {
    const source = program.getSourceFile(path.resolve(tree.absolute(file.path)))
    if (!source) continue
    for (const diagnostic of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
      if (diagnostic.category === ts.DiagnosticCategory.Error) problems.push({ file, diagnostic })
    }
  }
  if (problems.length === 0) return
  const missing = missingPackages(problems.map((p) => p.diagnostic))
  if (missing.length > 0) {
    throw new InvalidInputError({
      code: 'GENERATED_CODE_MISSING_DEPENDENCY',
      message: `the generated code imports ${missing.map((m) => `"${m}"`).join(', ')}, which the project at ${tree.root} cannot resolve (nothing was written)`,
      hint: `Install ${missing.length > 1 ? 'them' : 'it'} in the project (npm install ${installable(missing).join(' ')}), then run again.`,
      details: { packages: missing },
    })
  }
  const lines = problems.slice(0, SHOWN).map(({ file, diagnostic }) => {
    const position = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : undefined
    const where = position ? `${file.path}:${position.line + 1}:${position.character + 1}` : file.path
    return `${where}: TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`
  })
  if (problems.length > SHOWN) lines.push(`... and ${problems.length - SHOWN} more`)
  const overrides = [...new Set(problems.filter((p) => p.file.fromOverride).map((p) => p.file.path))]
  const details = { files: [...new Set(problems.map((p) => p.file.path))], diagnostics: problems.length }
  if (overrides.length > 0) {
    throw new InvalidInputError({
      code: 'GENERATED_CODE_DOES_NOT_COMPILE',
      message: `the generated code does not compile (nothing was written):\n${lines.join('\n')}`,
      hint: `${overrides.join(', ')} ${overrides.length > 1 ? 'were' : 'was'} rendered from your templates in generate.templatesDir: fix the override, or delete it to use the built-in template.`,
      details,
    })
  }
  throw new OperationFailedError({
    code: 'GENERATED_CODE_BUG',
    message: `the generated code does not compile (nothing was written): a bug of infra:\n${lines.join('\n')}`,
    hint: 'Please report it with the port and entity declarations; meanwhile generate the other ports by name.',
    details,
  })
}

/** Packages (not relative paths) that an import of the generated code could not find (TS2307). */
function missingPackages(diagnostics: readonly ts.Diagnostic[]): string[] {
  const found = new Set<string>()
  for (const diagnostic of diagnostics) {
    if (diagnostic.code !== 2307) continue
    const specifier = /'([^']+)'/.exec(ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '))?.[1]
    if (specifier && !specifier.startsWith('.')) found.add(specifier)
  }
  return [...found].sort()
}

/**
 * What to install for the missing specifiers: a package's name (`@scope/name` of `@scope/name/sub`), and for Node's
 * built-in modules (`node:crypto`, which npm cannot install) their typings, `@types/node`.
 */
export function installable(specifiers: readonly string[]): string[] {
  const packages = specifiers.map((specifier) => {
    if (specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0]!)) return '@types/node'
    const parts = specifier.split('/')
    return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
  })
  return [...new Set(packages)].sort()
}

const BUILTINS = new Set(builtinModules)

/** A compiler host that serves the generated files from memory and every unchanged file from the old program. */
function reusingHost(old: ts.Program, options: ts.CompilerOptions, generated: ReadonlyMap<string, string>): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true)
  const readFile = host.readFile.bind(host)
  const fileExists = host.fileExists.bind(host)
  const getSourceFile = host.getSourceFile.bind(host)
  // module resolution asks whether a folder exists before looking in it: generated folders may not be on disk yet
  const folders = new Set<string>()
  for (const file of generated.keys())
    for (let dir = path.dirname(file); !folders.has(dir) && dir !== path.dirname(dir); dir = path.dirname(dir)) folders.add(dir)
  const directoryExists = host.directoryExists?.bind(host)
  host.directoryExists = (dir) => folders.has(path.resolve(dir)) || (directoryExists ? directoryExists(dir) : ts.sys.directoryExists(dir))
  host.fileExists = (file) => generated.has(path.resolve(file)) || fileExists(file)
  host.readFile = (file) => generated.get(path.resolve(file)) ?? readFile(file)
  host.getSourceFile = (file, languageVersion, onError, shouldCreate) => {
    const text = generated.get(path.resolve(file))
    if (text !== undefined) return ts.createSourceFile(file, text, languageVersion, true)
    return old.getSourceFile(file) ?? getSourceFile(file, languageVersion, onError, shouldCreate)
  }
  return host
}
