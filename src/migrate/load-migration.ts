import { InvalidInputError, describeCause } from '../core/errors'
import { defaultExport, loadUserModule } from '../core/module-loader'
import type { MigrationContext } from './context'
import type { MigrationFile } from './migration-files'
import { parseSqlMigration, type SqlStatement } from './sql-file'

export type MigrationKind = 'umzug' | 'sequelize-cli' | 'sql'
export type MigrationStep = (context: MigrationContext) => Promise<void>
/** a user's exported up/down, whatever its convention */
type UserFunction = (...args: unknown[]) => unknown

/** A migration ready to run: loaded, syntax-checked, its calling convention detected. */
export interface LoadedMigration {
  name: string
  file: string
  path: string
  kind: MigrationKind
  up: MigrationStep
  /** null when the file has no down step */
  down: MigrationStep | null
}

/** Loads a migration; a syntax error, or a module without `up`, is invalid input (exit 4) naming the file. */
export async function loadMigration(file: MigrationFile): Promise<LoadedMigration> {
  if (file.extension === '.sql') {
    const parsed = parseSqlMigration(file.content, file.file)
    return { name: file.name, file: file.file, path: file.path, kind: 'sql', up: sqlStep(parsed.up), down: parsed.down ? sqlStep(parsed.down) : null }
  }
  if (file.extension === '.ts' || file.extension === '.mts' || file.extension === '.cts') checkTypeScriptSyntax(file)
  let loaded: Record<string, unknown>
  try {
    loaded = await loadModule(file)
  } catch (error) {
    throw invalid(file, `cannot be loaded: ${describeCause(error)}`)
  }
  const exported = pickExports(loaded)
  if (typeof exported.up !== 'function') throw invalid(file, 'exports no `up` function (export async function up(...) / module.exports = { up, down })')
  const up = exported.up as UserFunction
  const down = typeof exported.down === 'function' ? (exported.down as UserFunction) : null
  const kind: MigrationKind = isSequelizeCliStyle(up) ? 'sequelize-cli' : 'umzug'
  return { name: file.name, file: file.file, path: file.path, kind, up: codeStep(file, up), down: down ? codeStep(file, down) : null }
}

/** CommonJS files are required directly (sequelize-cli projects); ESM and TypeScript go through the user-module loader. */
async function loadModule(file: MigrationFile): Promise<Record<string, unknown>> {
  if (file.extension === '.js' || file.extension === '.cjs') {
    try {
      return require(file.path) as Record<string, unknown>
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ERR_REQUIRE_ESM') throw error
    }
  }
  return loadUserModule(file.path)
}

function pickExports(loaded: Record<string, unknown>): Record<string, unknown> {
  if (typeof loaded.up === 'function') return loaded
  const fallback = defaultExport(loaded)
  return fallback && typeof fallback === 'object' ? (fallback as Record<string, unknown>) : loaded
}

/** sequelize-cli calls up(queryInterface, Sequelize); umzug calls up({ name, path, context }). */
function isSequelizeCliStyle(fn: UserFunction): boolean {
  return fn.length >= 2
}

/** Destructuring its first parameter (`up({ context })`) marks an umzug-style migration. */
function destructuresParams(fn: UserFunction): boolean {
  return /^[^(]*\(\s*\{/.test(Function.prototype.toString.call(fn))
}

function codeStep(file: MigrationFile, fn: UserFunction): MigrationStep {
  return async (context) => {
    const params = { name: file.name, path: file.path, context }
    if (fn.length >= 2) {
      await fn(context.queryInterface, context.Sequelize)
    } else if (fn.length === 0 || destructuresParams(fn)) {
      await fn(params)
    } else {
      // One plain parameter: either `up(params)` (umzug) or `up(queryInterface)` (sequelize-cli). Hand it the
      // QueryInterface extended with name/path/context, which serves both.
      const both = Object.create(context.queryInterface, { name: { value: file.name }, path: { value: file.path }, context: { value: context } }) as object
      await fn(both, context.Sequelize)
    }
  }
}

function sqlStep(statements: readonly SqlStatement[]): MigrationStep {
  return async ({ sequelize }) => {
    for (const statement of statements) await sequelize.query(statement.sql)
  }
}

/** transpileModule accepts broken code silently; ask for its syntax diagnostics so a typo stops the run before anything runs. */
function checkTypeScriptSyntax(file: MigrationFile): void {
  const ts = require('typescript') as typeof import('typescript')
  const result = ts.transpileModule(file.content, {
    fileName: file.path,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  })
  const diagnostic = result.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error)
  if (!diagnostic) return
  const where = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : undefined
  const position = where ? `line ${where.line + 1}, column ${where.character + 1}: ` : ''
  throw invalid(file, `syntax error at ${position}${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`)
}

function invalid(file: MigrationFile, reason: string): InvalidInputError {
  return new InvalidInputError({
    code: 'MIGRATION_INVALID',
    message: `${file.file}: ${reason}`,
    hint: 'Fix the migration file; nothing has been run.',
    details: { file: file.file, reason },
  })
}
