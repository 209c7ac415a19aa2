import Module from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

/**
 * Loads a user's JavaScript or TypeScript module (config files, migrations) without a build step.
 * TypeScript is transpiled in memory to CommonJS (type-only, no type check), the way ts-node's
 * transpile-only mode does, so a project needs no loader of its own.
 */
export async function loadUserModule(file: string): Promise<Record<string, unknown>> {
  const extension = path.extname(file)
  if (TYPESCRIPT_EXTENSIONS.has(extension)) {
    registerTypeScriptHook()
    return require(file) as Record<string, unknown>
  }
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>
}

/** The default export of a module, or its namespace (CommonJS `module.exports`). */
export function defaultExport(loaded: Record<string, unknown>): unknown {
  return 'default' in loaded && loaded.default !== undefined ? loaded.default : loaded
}

const TYPESCRIPT_EXTENSIONS = new Set(['.ts', '.cts', '.mts'])
let hookRegistered = false

function registerTypeScriptHook(): void {
  if (hookRegistered) return
  hookRegistered = true
  const ts = require('typescript') as typeof import('typescript')
  const extensions = (Module as unknown as { _extensions: Record<string, (module: Module, filename: string) => void> })._extensions
  const compile = (module: Module, filename: string): void => {
    const source = ts.sys.readFile(filename) ?? ''
    const output = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: {
        // Node16 emits CommonJS for .ts/.cts yet keeps `import()` native; .mts must be forced to CommonJS here
        module: filename.endsWith('.mts') ? ts.ModuleKind.CommonJS : ts.ModuleKind.Node16,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        inlineSourceMap: true,
        experimentalDecorators: true,
      },
    })
    ;(module as unknown as { _compile(code: string, filename: string): void })._compile(output.outputText, filename)
  }
  for (const extension of TYPESCRIPT_EXTENSIONS) extensions[extension] = compile

  // ESM-style TypeScript imports "./user.js" meaning "./user.ts": fall back to the .ts file.
  const resolver = Module as unknown as { _resolveFilename(request: string, parent: unknown, ...rest: unknown[]): string }
  const resolve = resolver._resolveFilename.bind(resolver)
  resolver._resolveFilename = (request, parent, ...rest) => {
    try {
      return resolve(request, parent, ...rest)
    } catch (error) {
      const match = /^(\.{1,2}\/.*)\.(c|m)?js$/.exec(request)
      if (!match) throw error
      return resolve(`${match[1]}.${match[2] ?? ''}ts`, parent, ...rest)
    }
  }
}
