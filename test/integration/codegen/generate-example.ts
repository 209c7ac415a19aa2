// Shared by the codegen integration tests: copies an example into .infra-tmp/ (inside the repository, so the generated
// code resolves sequelize from the repository's node_modules), generates it, and compiles it with the repository's tsc.
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { planRepositoryGeneration } from '../../../src/codegen/repository-service'
import { commitTree } from '../../../src/codegen/tree'
import { loadConfig } from '../../../src/core/config'
import { REPO_ROOT, uniqueName } from '../../support/services'

export interface GeneratedExample {
  root: string
  warnings: readonly string[]
  files: ReadonlyArray<{ path: string; action: string }>
  remove(): void
}

export async function generateExample(example: string): Promise<GeneratedExample> {
  return generateCopy(path.join(REPO_ROOT, 'examples', example), example.replace(/-/g, '_'))
}

/** Copies a project (an example or a fixture) into .infra-tmp/<prefix>_<run>_<random> and runs `generate repository --all` on it. */
export async function generateCopy(source: string, prefix: string): Promise<GeneratedExample> {
  const root = path.join(REPO_ROOT, '.infra-tmp', uniqueName(prefix))
  mkdirSync(path.dirname(root), { recursive: true })
  cpSync(source, root, { recursive: true, filter: (file) => !/node_modules|[/\\]dist([/\\]|$)/.test(file) })
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
