// Shared by the tests of the generated cache decorator: copies the cache-catalog fixture into .infra-tmp/ (inside the
// repository, so the generated code resolves sequelize and ioredis from its node_modules), runs init, generate
// repository and generate cache on it, and compiles it with tsc.
import assert from 'node:assert/strict'
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { planCacheGeneration } from '../../../src/codegen/cache-service'
import { planInit } from '../../../src/codegen/init-service'
import { planRepositoryGeneration } from '../../../src/codegen/repository-service'
import { commitTree } from '../../../src/codegen/tree'
import { loadConfig } from '../../../src/core/config'
import { REPO_ROOT, uniqueName } from '../../support/services'
import { compile } from '../codegen/generate-example'

export const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'cache-catalog')

export interface GeneratedCacheProject {
  root: string
  /** a module of the compiled project, by its path under src/infrastructure without extension */
  load<T>(file: string): T
  /** the text of a generated file, relative to the root */
  read(file: string): string
  warnings: readonly string[]
  remove(): void
}

/**
 * Generates and compiles a copy of the fixture; `edit` may change the copy's sources first (a changed entity shape).
 * `cacheConfig` becomes the copy's infra.config.json `cache` section.
 */
export async function generateCacheProject(
  prefix: string,
  options: { edit?: (root: string) => void; cache?: Record<string, unknown> } = {},
): Promise<GeneratedCacheProject> {
  const root = path.join(REPO_ROOT, '.infra-tmp', uniqueName(prefix))
  mkdirSync(path.dirname(root), { recursive: true })
  cpSync(FIXTURE, root, { recursive: true })
  if (options.cache) writeFileSync(path.join(root, 'infra.config.json'), JSON.stringify({ cache: options.cache }))
  options.edit?.(root)
  const config = await loadConfig({ cwd: root, env: {} })
  const init = planInit(config, { force: false })
  commitTree(init.tree, init.plan)
  const repositories = planRepositoryGeneration(config, { ports: [], all: true, force: false })
  commitTree(repositories.tree, repositories.plan)
  const caches = planCacheGeneration(config, { ports: [], all: true, force: false })
  commitTree(caches.tree, caches.plan)
  const compiled = compile(root, { emit: true })
  assert.equal(compiled.status, 0, compiled.output)
  const dist = path.join(root, 'dist', 'src', 'infrastructure')
  return {
    root,
    load: <T>(file: string) => require(path.join(dist, `${file}.js`)) as T,
    read: (file) => readFileSync(path.join(root, file), 'utf8'),
    warnings: caches.warnings,
    remove: () => rmSync(root, { recursive: true, force: true }),
  }
}
