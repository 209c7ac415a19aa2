import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import type { Config } from '../core/config'
import { InvalidInputError } from '../core/errors'
import { readDomain } from './domain'
import { migrationsInBuildWarning } from './migrations-in-build'
import { createMigrationSuffix } from './generators/migration-generator'
import { generateRepositories, isPortArtifactPath } from './generators/repository-generator'
import type { GeneratedExport } from './generators/types'
import type { DomainModel, Port } from './model'
import { TemplateRenderer } from './render'
import { renderArtifacts } from './render-artifacts'
import { planWrites, Tree, type WritePlan } from './tree'

export interface RepositoryRun {
  readonly model: DomainModel
  readonly ports: readonly Port[]
  readonly tree: Tree
  readonly plan: WritePlan
  readonly exports: readonly GeneratedExport[]
  readonly warnings: readonly string[]
}

export function readProjectDomain(config: Config): DomainModel {
  return readDomain({
    root: config.root,
    tsconfig: config.generate.tsconfig,
    sourceRoot: config.generate.sourceRoot,
    domainSources: config.generate.domainSources,
    portSuffixes: config.generate.portSuffixes,
  })
}

/** The ports named on the command line (or all of them); an unknown name is invalid input listing the known ones. */
export function selectPorts(model: DomainModel, names: readonly string[], all: boolean): Port[] {
  if (all) return [...model.ports]
  const unknown = names.filter((name) => !model.ports.some((p) => p.name === name))
  if (unknown.length > 0) {
    const known = model.ports.map((p) => p.name).join(', ') || '(none found)'
    throw new InvalidInputError({
      code: 'PORT_NOT_FOUND',
      message: `no port named ${unknown.map((n) => `"${n}"`).join(', ')} in the domain sources of ${model.project.root}`,
      hint: `Known ports: ${known}. Ports are interfaces, abstract classes or type aliases whose name ends in the configured generate.portSuffixes.`,
      details: { unknown, known: model.ports.map((p) => p.name) },
    })
  }
  return model.ports.filter((p) => names.includes(p.name))
}

/**
 * Reads the domain, generates every selected port's files into an in-memory tree and plans the write
 * (which files are created, updated, or left alone because the user edited them).
 */
export function planRepositoryGeneration(
  config: Config,
  options: { ports: readonly string[]; all: boolean; force: boolean; now?: Date; model?: DomainModel },
): RepositoryRun {
  const model = withModuleSystem(options.model ?? readProjectDomain(config), config.generate.moduleSystem)
  const ports = selectPorts(model, options.ports, options.all)
  const migrationsDir = path.resolve(config.root, config.migrate.directory)
  const result = generateRepositories(model, ports, {
    infrastructureDir: toPosix(path.relative(config.root, path.resolve(config.root, config.generate.infrastructureDir))),
    migrationsDir: toPosix(path.relative(config.root, migrationsDir)),
    existingMigration: (table) => existingMigrationName(migrationsDir, table),
    now: options.now ?? new Date(),
  })
  const tree = new Tree(config.root)
  renderArtifacts(tree, new TemplateRenderer(path.resolve(config.root, config.generate.templatesDir)), result.artifacts)
  const warnings = [
    ...model.diagnostics.filter((d) => d.severity === 'warning' && (d.port === undefined || ports.some((p) => p.name === d.port))).map((d) => `${d.location.file}:${d.location.line}: ${d.message} (${d.hint})`),
    ...result.warnings,
  ]
  const buildWarning = migrationsInBuildWarning(config.root, config.generate.tsconfig, config.migrate.directory)
  if (buildWarning) warnings.push(buildWarning)
  const plan = planWrites(tree, { force: options.force })
  if (options.all) warnings.push(...orphanWarnings(tree, plan, toPosix(path.relative(config.root, path.resolve(config.root, config.generate.infrastructureDir)))))
  for (const skipped of plan.files.filter((f) => f.action === 'skipped')) {
    warnings.push(`${skipped.path}: left unchanged because ${skipped.reason}; run with --force to overwrite it`)
  }
  return { model, ports, tree, plan, exports: result.exports, warnings }
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
 * Files infra generated for repositories earlier (in the manifest) that a full run no longer produces: the port was
 * renamed or removed. They are reported, never deleted (a migration may already have run).
 */
function orphanWarnings(tree: Tree, plan: WritePlan, infrastructureDir: string): string[] {
  const touched = new Set(tree.touched())
  return Object.keys(plan.manifest.files)
    .filter((file) => !touched.has(file) && isPortArtifactPath(file, infrastructureDir))
    .sort()
    .map((file) => `${file}: generated earlier for a port that no longer exists; delete it (and write a migration dropping its table) if the port is gone`)
}
