import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import type { Config } from '../../core/config'
import { loadProgram, readDomainFromProgram, type LoadedProgram, type ReadDomainOptions } from '../domain'
import { createMigrationSuffix } from '../generators/migration-generator'
import type { GeneratedExport } from '../generators/types'
import { migrationsInBuildWarning } from '../migrations-in-build'
import type { DomainModel, Port } from '../model'
import { TemplateRenderer } from '../render'
import { planWrites, Tree, type WritePlan } from '../tree'
import type { Generator, GeneratorContext } from './generator'
import { GENERATORS, type GeneratorName } from './registry'
import { renderToTree } from './render-to-tree'
import { selectFromModel, type SelectionRequest } from './select'
import { verifyGenerated, type RenderedFile } from './verify'

export interface GenerationRequest extends SelectionRequest {
  /** which generators run, by registry name */
  readonly generators: readonly GeneratorName[]
  /** overwrite files edited since infra wrote them */
  readonly force: boolean
  /** the clock of new migration names (tests pin it) */
  readonly now?: Date
  /** an already read model (tests, benchmarks); default: read the project's domain */
  readonly model?: DomainModel
}

export interface GenerationRun {
  readonly model: DomainModel
  /** every port some generator selected, in model order */
  readonly ports: readonly Port[]
  readonly tree: Tree
  readonly plan: WritePlan
  readonly exports: readonly GeneratedExport[]
  readonly warnings: readonly string[]
}

export function readProjectDomain(config: Config): DomainModel {
  return readDomainFromProgram(loadProgram(config.root, config.generate.tsconfig), readOptions(config))
}

function readOptions(config: Config): ReadDomainOptions {
  return {
    root: config.root,
    tsconfig: config.generate.tsconfig,
    sourceRoot: config.generate.sourceRoot,
    domainSources: config.generate.domainSources,
    // search ports are read too (a full name is its own suffix); select.ts gives them the `search` role
    portSuffixes: [...config.generate.portSuffixes, ...config.generate.search.suffixes, ...config.generate.search.ports],
  }
}

/**
 * The one generation pipeline: read the domain, select what each generator takes, generate artifacts, render them into
 * an in-memory tree, verify (type-check the generated files against the user's program, in memory), then plan the
 * write (created, updated, or left alone because the user edited it). Nothing is written: the caller prints the plan
 * (--dry-run), compares it (--check) or commits it.
 */
export function planGeneration(config: Config, request: GenerationRequest): GenerationRun {
  const loaded: LoadedProgram = loadProgram(config.root, config.generate.tsconfig)
  const model = withModuleSystem(request.model ?? readDomainFromProgram(loaded, readOptions(config)), config.generate.moduleSystem)
  const context = generatorContext(config, request.now ?? new Date())
  const generators: Generator[] = request.generators.map((name) => GENERATORS[name])
  const tree = new Tree(config.root)
  const renderer = new TemplateRenderer(path.resolve(config.root, config.generate.templatesDir))
  const selected = new Set<Port>()
  const exports: GeneratedExport[] = []
  const generatorWarnings: string[] = []
  const rendered: RenderedFile[] = []
  for (const generator of generators) {
    const selection = selectFromModel(model, generator.selects, request, config.generate.search)
    for (const port of selection.ports) selected.add(port)
    const output = generator.generate(model, selection, context)
    rendered.push(...renderToTree(tree, renderer, output.artifacts))
    exports.push(...output.exports)
    generatorWarnings.push(...output.warnings)
  }
  verifyGenerated(loaded, tree, rendered)
  const ports = model.ports.filter((p) => selected.has(p))
  const warnings = [
    ...model.diagnostics
      .filter((d) => d.severity === 'warning' && (d.port === undefined || ports.some((p) => p.name === d.port)))
      .map((d) => `${d.location.file}:${d.location.line}: ${d.message} (${d.hint})`),
    ...generatorWarnings,
  ]
  const buildWarning = migrationsInBuildWarning(config.root, config.generate.tsconfig, config.migrate.directory)
  if (buildWarning) warnings.push(buildWarning)
  const plan = planWrites(tree, { force: request.force })
  if (request.all) warnings.push(...orphanWarnings(tree, plan, (file) => generators.some((g) => g.owns(file, context))))
  for (const skipped of plan.files.filter((f) => f.action === 'skipped')) {
    warnings.push(`${skipped.path}: left unchanged because ${skipped.reason}; run with --force to overwrite it`)
  }
  return { model, ports, tree, plan, exports, warnings }
}

function generatorContext(config: Config, now: Date): GeneratorContext {
  const migrationsDir = path.resolve(config.root, config.migrate.directory)
  return {
    infrastructureDir: toPosix(path.relative(config.root, path.resolve(config.root, config.generate.infrastructureDir))),
    migrationsDir: toPosix(path.relative(config.root, migrationsDir)),
    existingMigration: (table) => existingMigrationName(migrationsDir, table),
    now,
    indexDir: toPosix(path.relative(config.root, path.resolve(config.root, config.index.directory))),
    searchRefresh: config.generate.search.refresh,
  }
}

/** `20261124120000-create-users` when such a migration exists, so the regenerated file keeps its name (no drift). */
export function existingMigrationName(directory: string, table: string): string | undefined {
  if (!existsSync(directory)) return undefined
  const pattern = new RegExp(`^(\\d{14}-${createMigrationSuffix(table)})\\.(ts|js|cjs|mjs)$`)
  const match = readdirSync(directory)
    .sort()
    .map((name) => pattern.exec(name))
    .find((m) => m !== null)
  return match?.[1]
}

function toPosix(file: string): string {
  return file.split(path.sep).join('/')
}

/** `generate.moduleSystem` other than `auto` overrides what the reader detected. */
function withModuleSystem(model: DomainModel, setting: 'auto' | 'commonjs' | 'esm'): DomainModel {
  if (setting === 'auto' || setting === model.project.moduleSystem) return model
  return { ...model, project: { ...model.project, moduleSystem: setting, importSuffix: setting === 'esm' ? '.js' : '' } }
}

/**
 * Files infra generated earlier (in the manifest) of a shape the run's generators own, that a full run no longer
 * produces: the port was renamed or removed. They are reported, never deleted (a migration may already have run).
 */
function orphanWarnings(tree: Tree, plan: WritePlan, owned: (file: string) => boolean): string[] {
  const touched = new Set(tree.touched())
  return Object.keys(plan.manifest.files)
    .filter((file) => !touched.has(file) && owned(file))
    .sort()
    .map((file) => `${file}: generated earlier for a port that no longer exists; delete it (and write a migration dropping its table) if the port is gone`)
}
