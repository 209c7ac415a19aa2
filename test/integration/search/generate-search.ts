// A fixture copied under .infra-tmp/, `generate search --all` planned and committed, and the result compiled to dist/:
// the setup both search tests share.
import assert from 'node:assert/strict'
import { cpSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { planSearchGeneration } from '../../../src/codegen/generators/search/service'
import { commitTree } from '../../../src/codegen/tree'
import { loadConfig } from '../../../src/core/config'
import { compile } from '../codegen/generate-example'

/** Generates every search port of the fixture copied to `root` and compiles it with emit; returns the warnings. */
export async function generateSearchInto(fixture: string, root: string): Promise<readonly string[]> {
  mkdirSync(path.dirname(root), { recursive: true })
  cpSync(fixture, root, { recursive: true })
  const config = await loadConfig({ cwd: root, env: {} })
  const run = planSearchGeneration(config, { ports: [], all: true, force: false })
  commitTree(run.tree, run.plan)
  const compiled = compile(root, { emit: true })
  assert.equal(compiled.status, 0, compiled.output)
  return run.warnings
}
