// Shared by the codegen integration tests: copies a project (an example or a fixture) into .infra-tmp/ (inside the repository, so the generated
// code resolves sequelize from the repository's node_modules), generates it, gives it a MariaDB database, and compiles it with the repository's tsc.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { planRepositoryGeneration } from '../../../src/codegen/repository-service'
import { commitTree } from '../../../src/codegen/tree'
import { loadConfig } from '../../../src/core/config'
import type { Sequelize } from 'sequelize'
import { createTestDatabase, REPO_ROOT, uniqueName, type TestDatabase } from '../../support/services'

export interface GeneratedExample {
  root: string
  warnings: readonly string[]
  files: ReadonlyArray<{ path: string; action: string }>
  remove(): void
}

/**
 * Copies a project (an example or a fixture) into .infra-tmp/<prefix>_<run>_<random> and runs `generate repository --all`
 * on it. Its node_modules are left behind unless `withPackages` (a fixture's own fake packages).
 */
export async function generateCopy(source: string, prefix: string, options: { withPackages?: boolean } = {}): Promise<GeneratedExample> {
  const root = path.join(REPO_ROOT, '.infra-tmp', uniqueName(prefix))
  mkdirSync(path.dirname(root), { recursive: true })
  const skipped = options.withPackages ? /[/\\]dist([/\\]|$)/ : /node_modules|[/\\]dist([/\\]|$)/
  cpSync(source, root, { recursive: true, filter: (file) => !skipped.test(path.relative(source, file)) })
  const config = await loadConfig({ cwd: root, env: {} })
  const run = planRepositoryGeneration(config, { ports: [], all: true, force: false })
  commitTree(run.tree, run.plan)
  return { root, warnings: run.warnings, files: run.plan.files, remove: () => rmSync(root, { recursive: true, force: true }) }
}

/** tsc -p <root>/tsconfig.json with the repository's TypeScript; returns its diagnostics text ('' when clean). */
export function compile(root: string, options: { emit: boolean }): { status: number; output: string } {
  const args = [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.json')]
  if (!options.emit) args.push('--noEmit')
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' })
  return { status: result.status ?? 1, output: `${result.stdout}${result.stderr}` }
}

export function migrationFiles(directory: string): string[] {
  return readdirSync(directory)
    .filter((f) => /\.(js|cjs|mjs)$/.test(f))
    .sort()
    .map((f) => path.join(directory, f))
}

export interface GeneratedOnMariaDb extends GeneratedExample {
  database: TestDatabase
  sequelize: Sequelize
  /** closes the connection, drops the database and removes the copy */
  close(): Promise<void>
}

/** generateCopy plus a fresh MariaDB database and a Sequelize instance on it: the setup of every round-trip test. */
export async function generateOnMariaDb(
  source: string,
  prefix: string,
  options: { timezone?: string; withPackages?: boolean } = {},
): Promise<GeneratedOnMariaDb> {
  const { withPackages, ...sequelizeOptions } = options
  const generated = await generateCopy(source, prefix, { withPackages })
  const database = await createTestDatabase(`codegen_${prefix}`)
  const { Sequelize: SequelizeClass } = require('sequelize') as typeof import('sequelize')
  const sequelize = new SequelizeClass(database.url, { logging: false, ...sequelizeOptions })
  return {
    ...generated,
    database,
    sequelize,
    async close() {
      await sequelize.close()
      await database.drop()
      generated.remove()
    },
  }
}

/**
 * Compiles the generated copy (emitting dist/), asserts tsc is silent, and runs its migrations up on the copy's
 * database; `packages` are run-time stand-ins (name -> index.js source) of packages the fixture only declares types of.
 */
export async function compileAndMigrate(project: GeneratedOnMariaDb, packages: Readonly<Record<string, string>> = {}): Promise<void> {
  const result = compile(project.root, { emit: true })
  assert.equal(result.output, '')
  assert.equal(result.status, 0)
  for (const [name, source] of Object.entries(packages)) {
    const directory = path.join(project.root, 'node_modules', name)
    mkdirSync(directory, { recursive: true })
    writeFileSync(path.join(directory, 'package.json'), JSON.stringify({ name, version: '0.0.0-test-stand-in', main: 'index.js' }))
    writeFileSync(path.join(directory, 'index.js'), source)
  }
  const context = { queryInterface: project.sequelize.getQueryInterface(), sequelize: project.sequelize }
  for (const file of migrationFiles(path.join(project.root, 'dist', 'infra', 'migrations'))) {
    await (require(file) as { up(arg: { context: typeof context }): Promise<void> }).up({ context })
  }
}

/** The compiled modules under dist/src of a generated project, merged into one object: what a test requires of them. */
export function loadCompiled<T>(root: string, files: readonly string[]): T {
  return Object.assign({}, ...files.map((file) => require(path.join(root, 'dist', 'src', file)) as object)) as T
}
