import path from 'node:path'
import type { Config } from '../core/config'
import { moduleSystemAt } from './domain/program'
import { initArtifacts } from './generators/init-generator'
import { TemplateRenderer } from './render'
import { renderToTree } from './pipeline/render-to-tree'
import { planWrites, Tree, type WritePlan } from './tree'

/** `infra init` planned into a tree: what would be created, and what is left alone because the user changed it. */
export function planInit(config: Config, options: { force: boolean }): { tree: Tree; plan: WritePlan } {
  const relative = (dir: string) => path.relative(config.root, path.resolve(config.root, dir)).split(path.sep).join('/')
  const infrastructureDir = relative(config.generate.infrastructureDir)
  const artifacts = initArtifacts({
    sourceRoot: relative(config.generate.sourceRoot),
    infrastructureDir,
    importSuffix: importSuffixOf(config, `${infrastructureDir}/persistence/mysql/connection.ts`),
    migrationsDir: relative(config.migrate.directory),
    writeConfig: config.file === undefined,
    database: databaseOf(config.mysql.url),
  })
  const tree = new Tree(config.root)
  renderToTree(tree, new TemplateRenderer(path.resolve(config.root, config.generate.templatesDir)), artifacts)
  return { tree, plan: planWrites(tree, { force: options.force }) }
}

/** `.js` when the shared modules are ES modules to Node (the same rule as generated adapters; `generate.moduleSystem` wins) */
function importSuffixOf(config: Config, file: string): '' | '.js' {
  const setting = config.generate.moduleSystem
  if (setting === 'commonjs') return ''
  const detected = moduleSystemAt(config.root, config.generate.tsconfig, file)
  if (setting === 'esm') return detected.moduleSystem === 'esm' ? detected.importSuffix : '.js'
  return detected.importSuffix
}

function databaseOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''))
  return /^[A-Za-z0-9_$-]+$/.test(name) ? name : 'app'
}
