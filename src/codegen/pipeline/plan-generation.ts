import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Config } from '../../core/config'
import { InvalidInputError } from '../../core/errors'
import { checkDomainSources, loadProgram, readDomainFromProgram, type LoadedProgram, type ReadDomainOptions } from '../domain'
import { sharedEntityBlocks } from '../generators/blocked-entities'
import { createMigrationSuffix } from '../generators/migration-generator'
import type { GeneratedExport, MessagingOptions, WriteSettings } from '../generators/types'
import { migrationsInBuildWarning } from '../migrations-in-build'
import { resolveLayout } from '../../outbox/layout'
import type { Diagnostic, DomainModel, Port } from '../model'
import { TemplateRenderer } from '../render'
import { flagRenameResolver, parseDefaultFlags, type RenameResolver } from '../schema/diff'
import { evolveSchema, type SchemaEvolution, type TableDefinition } from '../schema/evolve'
import { emptySnapshot, parseSnapshot, serializeSnapshot, SNAPSHOT_FILE, SNAPSHOT_VERSION, type SchemaSnapshot } from '../schema/snapshot'
import { planWrites, readManifest, Tree, type WritePlan } from '../tree'
import type { Generator, GeneratorContext, GeneratorOutput } from './generator'
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
  /** how the tables' differences with the schema snapshot become a migration (default: decide nothing, refuse loss) */
  readonly schema?: SchemaRequest
}

/** The choices of a schema change: `--rename`, `--no-rename`, `--default`, `--accept-data-loss`. */
export interface SchemaRequest {
  readonly renames?: readonly string[]
  readonly noRename?: boolean
  /** `Entity.column`: answered "not a rename" (drop + add) at the prompt */
  readonly notRenamed?: readonly string[]
  /** `Entity.property=value`: the value rows already there get when a column becomes NOT NULL */
  readonly defaults?: readonly string[]
  readonly acceptDataLoss?: boolean
  /**
   * `--check`: only whether a migration is due matters, so nothing is refused (an undecided rename counts as drop +
   * add, data loss and missing backfills are not errors)
   */
  readonly checkOnly?: boolean
  /** write no migration and leave the snapshot alone: `--baseline` reads only the tables the model wants */
  readonly tablesOnly?: boolean
}

/** What the schema step decided: the snapshot written, the changes, the new migration. */
export interface SchemaOutcome extends SchemaEvolution {
  /** the snapshot file, relative to the root */
  readonly file: string
  /** the tables as the model wants them (the snapshot of this run's tables alone) */
  readonly desired: SchemaSnapshot
}

export interface GenerationRun {
  readonly model: DomainModel
  /** every port some generator selected, in model order */
  readonly ports: readonly Port[]
  readonly tree: Tree
  readonly plan: WritePlan
  readonly exports: readonly GeneratedExport[]
  readonly warnings: readonly string[]
  /** present when a generator planned tables */
  readonly schema?: SchemaOutcome
  /**
   * ports a generator could not generate (what stops storing or rebuilding their entity) while it generated the
   * others: the command writes the others, then exits 4 listing these (see blockedPortsError)
   */
  readonly blocked: readonly Diagnostic[]
}

export function readProjectDomain(config: Config): DomainModel {
  return readDomainFromProgram(loadProgram(config.root, config.generate.tsconfig), readOptions(config))
}

function readOptions(config: Config, events = false): ReadDomainOptions {
  return {
    ...(events ? { eventSuffixes: config.messaging.eventSuffixes, eventTypes: config.messaging.eventTypes } : {}),
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
  const requested: Generator[] = request.generators.map((name) => GENERATORS[name])
  const events = requested.some((g) => g.selects.events !== undefined)
  const model = withModuleSystem(request.model ?? readDomainFromProgram(loaded, readOptions(config, events)), config.generate.moduleSystem)
  const tree = new Tree(config.root)
  const context: GeneratorContext = { ...generatorContext(config, request.now ?? new Date()), projectHas: (file) => tree.exists(file) }
  const composers: Generator[] = Object.values(GENERATORS).filter((g: Generator) => g.selects.adapters === 'all-generated')
  const generators: Generator[] = requested.filter((g) => !composers.includes(g))
  const renderer = new TemplateRenderer(path.resolve(config.root, config.generate.templatesDir))
  const selected = new Set<Port>()
  const exported: GeneratedExport[] = []
  const generatorWarnings: string[] = []
  const covered = new Set<Diagnostic>()
  const blocked: Diagnostic[] = []
  const rendered: RenderedFile[] = []
  const tables: TableDefinition[] = []
  for (const generator of generators) {
    const selection = selectFromModel(model, generator.selects, request, config.generate.search)
    for (const port of selection.ports) selected.add(port)
    checkDomainSources(loaded, model, selection.ports)
    const output = generator.generate(model, selection, context)
    rendered.push(...renderToTree(tree, renderer, output.artifacts))
    exported.push(...output.exports)
    generatorWarnings.push(...output.warnings)
    tables.push(...(output.tables ?? []))
    for (const diagnostic of output.covers ?? []) covered.add(diagnostic)
    blocked.push(...(output.blocked ?? []))
  }
  // with --all, a run of the table-owning generator also diffs the tables no port stores any more; other generators own no tables
  // (the repository generator: a cache decorator selects the same ports and writes no table, so it must not diff them)
  const ownsTables = generators.includes(GENERATORS.repository)
  const schema = tables.length > 0 || (request.all && ownsTables) ? planSchema(tree, { request, tables, context }) : undefined
  if (schema && !request.schema?.tablesOnly) {
    rendered.push(...renderToTree(tree, renderer, schema.artifacts))
    tree.write(schema.file, serializeSnapshot(schema.snapshot))
  }
  // the composition root is regenerated by every run, over every adapter generated so far (this run's and earlier ones')
  const adapters = adaptersSoFar({ config, model, context, ran: generators, request, exports: exported, loaded })
  for (const composer of composers) {
    const output = composer.generate(model, { ports: [], entities: [], events: [], adapters: adapters.exports }, context)
    rendered.push(...renderToTree(tree, renderer, output.artifacts))
    generatorWarnings.push(...adapters.warnings, ...output.warnings)
  }
  verifyGenerated(loaded, tree, rendered)
  const ports = model.ports.filter((p) => selected.has(p))
  const warnings = [
    ...model.diagnostics
      .filter((d) => d.severity === 'warning' && !covered.has(d) && (d.port === undefined || ports.some((p) => p.name === d.port)))
      // "no ports found" only matters to generators that implement ports
      .filter((d) => d.code !== 'no-ports' || generators.some((g) => g.selects.ports.roles.length > 0))
      .map((d) => `${d.location.file}:${d.location.line}: ${d.message} (${d.hint})`),
    ...generatorWarnings,
  ]
  if (schema) warnings.push(...schema.warnings)
  const buildWarning = migrationsInBuildWarning(config.root, config.generate.tsconfig, config.migrate.directory)
  if (buildWarning) warnings.push(buildWarning)
  let plan = planWrites(tree, { force: request.force })
  if (schema) plan = settleSchemaWrites(plan, context.migrationsDir, schema.file)
  // the composition root belongs to no port: only the port generators' files can be orphans
  if (request.all) warnings.push(...orphanWarnings(tree, plan, (file) => generators.some((g) => g.owns(file, context))))
  for (const skipped of plan.files.filter((f) => f.action === 'skipped')) {
    warnings.push(`${skipped.path}: left unchanged because ${skipped.reason}; run with --force to overwrite it`)
  }
  return { model, ports, tree, plan, exports: exported, warnings, blocked, ...(schema ? { schema } : {}) }
}

/** The schema step: the planned tables against the snapshot beside the migrations. */
function planSchema(tree: Tree, input: { request: GenerationRequest; tables: TableDefinition[]; context: GeneratorContext }): SchemaOutcome {
  const file = `${input.context.migrationsDir.replace(/\/+$/, '')}/${SNAPSHOT_FILE}`
  const text = tree.read(file)
  const previous = text === null ? emptySnapshot() : parseSnapshot(text, file)
  const choices = input.request.schema ?? {}
  const desired: SchemaSnapshot = { version: SNAPSHOT_VERSION, tables: Object.fromEntries(input.tables.map((t) => [t.table, t.snapshot])) }
  if (choices.tablesOnly) return { file, desired, snapshot: previous, changes: [], artifacts: [], warnings: [] }
  const resolveRename: RenameResolver = flagRenameResolver(
    choices.renames ?? [],
    (choices.noRename ?? false) || choices.checkOnly === true,
    choices.notRenamed ?? [],
  )
  const evolution = evolveSchema({
    previous,
    tables: input.tables,
    all: input.request.all === true,
    resolveRename,
    defaults: parseDefaultFlags(choices.defaults ?? []),
    acceptDataLoss: (choices.acceptDataLoss ?? false) || choices.checkOnly === true,
    requireBackfills: choices.checkOnly !== true,
    migrationsDir: input.context.migrationsDir,
    now: input.context.now,
  })
  return { ...evolution, file, desired }
}

/**
 * A migration infra wrote in an earlier run is never rewritten (it may be applied): a create migration that would
 * change stops the run. It happens for a project generated before the snapshot existed, when the model changed since.
 */
function settleSchemaWrites(plan: WritePlan, migrationsDir: string, snapshotFile: string): WritePlan {
  const prefix = `${migrationsDir.replace(/\/+$/, '')}/`
  const rewritten = plan.files.filter(
    (f) => f.path.startsWith(prefix) && f.path !== snapshotFile && (f.action === 'update' || f.action === 'skipped' || f.action === 'delete'),
  )
  if (rewritten.length === 0) {
    // the snapshot was what this run diffed against: a hand-edited one is still replaced, or its migration would repeat
    const snapshot = plan.skipped.find((c) => c.path === snapshotFile)
    if (!snapshot) return plan
    return {
      ...plan,
      files: plan.files.map((f) => (f.path === snapshotFile ? { path: f.path, action: 'update' } : f)),
      apply: [...plan.apply, snapshot],
      skipped: plan.skipped.filter((c) => c !== snapshot),
    }
  }
  throw new InvalidInputError({
    code: 'MIGRATION_IMMUTABLE',
    message: `infra never rewrites a migration it wrote before, and the model no longer matches ${rewritten.map((f) => f.path).join(', ')} (written before ${snapshotFile} existed)`,
    hint: `Run \`infra generate repository --baseline\` against a database where these migrations are applied: it writes ${snapshotFile} from the live tables, and the next \`infra generate repository\` writes one new migration with the difference.`,
    details: { files: rewritten.map((f) => f.path), snapshot: snapshotFile },
  })
}

function generatorContext(config: Config, now: Date): GeneratorContext {
  const migrationsDir = path.resolve(config.root, config.migrate.directory)
  return {
    infrastructureDir: toPosix(path.relative(config.root, path.resolve(config.root, config.generate.infrastructureDir))),
    migrationsDir: toPosix(path.relative(config.root, migrationsDir)),
    existingMigration: (table) => existingMigrationName(migrationsDir, table),
    now,
    projectDependencies: packageDependencies(config.root),
    cache: config.cache,
    messaging: messagingOptions(config),
    writes: writeSettingsOf(config),
    indexDir: toPosix(path.relative(config.root, path.resolve(config.root, config.index.directory))),
    searchRefresh: config.generate.search.refresh,
  }
}

/** The messaging generators' settings: config `messaging`, its exchange defaulting to the outbox's. */
export function messagingOptions(config: Config): MessagingOptions {
  return {
    exchange: config.messaging.exchange ?? config.outbox.exchange,
    queuePrefix: config.messaging.queuePrefix,
    prefetch: config.messaging.prefetch,
    attempts: config.messaging.attempts,
    retryDelayMs: config.messaging.retryDelay,
    inboxTable: config.messaging.inboxTable,
  }
}

/** The package names the project's package.json depends on (any kind); none without a readable package.json. */
function packageDependencies(root: string): string[] {
  try {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>
    const kinds = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']
    return [...new Set(kinds.flatMap((kind) => Object.keys((manifest[kind] as Record<string, string> | undefined) ?? {})))].sort()
  } catch {
    return []
  }
}

interface AdaptersSoFarOptions {
  readonly config: Config
  readonly model: DomainModel
  readonly context: GeneratorContext
  /** the generators of this run */
  readonly ran: readonly Generator[]
  readonly request: GenerationRequest
  /** the program, to read the events again when this run did not (its generators select none) */
  readonly loaded: LoadedProgram
  /** what they exported */
  readonly exports: readonly GeneratedExport[]
}

/**
 * This run's adapters plus those of earlier runs: every other port of every generator is planned again (in memory,
 * port by port) and its adapter counts when its file is in the manifest and still on disk.
 */
function adaptersSoFar(options: AdaptersSoFarOptions): { exports: GeneratedExport[]; warnings: string[] } {
  const { config, model, context } = options
  const manifest = readManifest(config.root)
  const exported = [...options.exports]
  const warnings: string[] = []
  const known = new Set(exported.map((e) => `${e.path}\u0000${e.name}`))
  const written = Object.keys(manifest.files)
  // an earlier run's adapter counts while its file is infra's and still there
  const adopt = (planned: readonly GeneratedExport[]): void => {
    for (const e of planned) {
      const key = `${e.path}\u0000${e.name}`
      if (known.has(key) || manifest.files[e.path] === undefined || !existsSync(path.join(config.root, e.path))) continue
      known.add(key)
      exported.push(e)
    }
  }
  let eventModel: DomainModel | undefined
  for (const generator of Object.values(GENERATORS) as Generator[]) {
    if (generator.selects.adapters === 'all-generated') continue
    // a generator that ran over all of its ports this run already exported everything
    if (options.request.all && options.ran.includes(generator)) continue
    // only adapters whose files are in the manifest count: a generator with none there has nothing to add (nor to plan again)
    if (!written.some((file) => generator.owns(file, context))) continue
    if (generator.selects.events !== undefined) {
      // adapters of events (publishers, consumers): planned again over every event
      eventModel ??= model.events ? model : readDomainFromProgram(options.loaded, readOptions(config, true))
      const events = Object.values(eventModel.events ?? {})
      if (events.length === 0) continue
      const output = generator.generate(eventModel, { ports: [], entities: [], events }, context)
      adopt(output.exports)
      continue
    }
    const ran = options.ran.includes(generator) ? selectFromModel(model, generator.selects, options.request).ports : []
    const others = selectFromModel(model, generator.selects, { ports: [], all: true }).ports.filter((p) => !ran.includes(p))
    for (const port of others) {
      let output: GeneratorOutput
      try {
        output = generator.generate(model, selectFromModel(model, generator.selects, { ports: [port.name], all: false }), context)
      } catch (error) {
        // a port the domain blocks is reported as blocked by the run itself
        if (model.diagnostics.some((d) => d.severity === 'error' && d.port === port.name) || sharedEntityBlocks(model, [port]).length > 0) continue
        // a port that cannot be generated now is not wired; say so rather than drop it silently
        warnings.push(`${port.name}: not wired into the composition root (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`)
        continue
      }
      adopt(output.exports)
    }
  }
  return { exports: exported, warnings }
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

/** The repository and outbox writer settings of the config; the outbox table as `infra outbox replay` resolves it. */
function writeSettingsOf(config: Config): WriteSettings {
  const layout = resolveLayout(config.outbox)
  const { createdAt: _createdAt, ...columns } = layout.columns
  return {
    entities: config.generate.entities,
    columns: config.generate.columns,
    events: config.generate.events,
    outbox: { kind: layout.kind, table: layout.table, columns },
  }
}
