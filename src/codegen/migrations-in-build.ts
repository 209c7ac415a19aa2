import path from 'node:path'

/**
 * Warns when the project's own build would pick up the generated migrations (`infra/migrations/*.ts`) and that
 * changes the build: a `rootDir` that does not contain them (tsc fails with TS6059), or an `outDir` without `rootDir`
 * whose output layout would move (dist/main.js becoming dist/src/main.js). Migrations are loaded by `infra migrate`
 * itself and need not be compiled by the project.
 */
export function migrationsInBuildWarning(root: string, tsconfig: string, migrationsDir: string): string | undefined {
  const ts = require('typescript') as typeof import('typescript')
  const file = path.resolve(root, tsconfig)
  const parsed = ts.getParsedCommandLineOfConfigFile(file, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })
  if (!parsed) return undefined
  const raw = (parsed.raw ?? {}) as { include?: unknown; files?: unknown }
  const base = path.dirname(file)
  const migrations = path.resolve(root, migrationsDir)
  const relative = path.relative(base, migrations).split(path.sep).join('/')
  if (relative.startsWith('..')) return undefined
  const includes = Array.isArray(raw.include) ? raw.include.filter((i): i is string => typeof i === 'string') : undefined
  const picksUp =
    includes === undefined
      ? raw.files === undefined
      : includes.some((pattern) => {
          const fixed = pattern.replace(/^\.\//, '').split(/[*?]/)[0]!.replace(/\/$/, '')
          return fixed === '' || fixed === '.' || relative === fixed || relative.startsWith(`${fixed}/`)
        })
  if (!picksUp) return undefined
  const { rootDir, outDir } = parsed.options
  const outside = rootDir !== undefined && path.relative(rootDir, migrations).startsWith('..')
  const sources = parsed.fileNames.filter((f) => !f.endsWith('.d.ts') && path.relative(migrations, f).startsWith('..'))
  const commonTop = new Set(sources.map((f) => path.relative(base, f).split(path.sep)[0]))
  const layoutMoves = rootDir === undefined && outDir !== undefined && commonTop.size === 1 && !commonTop.has(relative.split('/')[0])
  if (!outside && !layoutMoves) return undefined
  return `${tsconfig} also compiles ${relative}/*.ts, which ${outside ? `lies outside its rootDir (tsc fails with TS6059)` : `moves its output (${path.relative(base, outDir!)}/ would gain a ${[...commonTop][0]}/ level)`}: add "include": ["${[...commonTop][0] ?? 'src'}"] or "exclude": ["${relative.split('/')[0]}"] to it (infra migrate loads migrations itself).`
}
