import { Args, Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { reportGeneration, type GenerateResult } from '../../cli/generation-report'
import { InvalidInputError } from '../../core/errors'
import { planRepositoryGeneration, readProjectDomain, type RepositoryRun } from '../../codegen/repository-service'
import type { SchemaRequest } from '../../codegen/pipeline'
import { describeChange } from '../../codegen/schema/evolve'
import { emptySnapshot, serializeSnapshot } from '../../codegen/schema/snapshot'
import { commitTree, planWrites, Tree, unifiedDiff } from '../../codegen/tree'
import { blockedPortsError } from '../../codegen/generators/repository-generator'
import type { Diagnostic } from '../../codegen/model'
import type { Config } from '../../core/config'
import type { SchemaDifference } from '../../migrate/verify/compare'

export interface GenerateRepositoryResult extends GenerateResult {
  /** the schema step: the migration written for the model's changes (none when the tables match the snapshot) */
  schema?: { snapshot: string; migration: string | null; changes: string[] }
  /** --baseline: how the live tables differ from the models (the next run's migration) */
  baseline?: { database: string; tables: string[]; missing: string[]; differences: SchemaDifference[] }
}

export default class GenerateRepository extends InfraCommand<typeof GenerateRepository> {
  static override summary = 'Generate MySQL repositories (Sequelize model, mapper, repository class, migration) for domain ports.'
  static override description =
    'Reads the domain layer with the TypeScript compiler, and for each port writes a Sequelize model, a mapper, a repository class implementing the port (CRUD plus queries derived from method names) and a migration creating its table. Files you edited since infra wrote them are left alone and reported (--force overwrites). --dry-run prints the diff; --check exits 2 when regenerating would change files.'

  static override examples = [
    '<%= config.bin %> <%= command.id %> UserRepository',
    '<%= config.bin %> <%= command.id %> --all',
    '<%= config.bin %> <%= command.id %> --all --dry-run',
    '<%= config.bin %> <%= command.id %> --all --check',
    '<%= config.bin %> <%= command.id %> --all --json',
    '<%= config.bin %> <%= command.id %> --all --tsconfig tsconfig.build.json',
    '<%= config.bin %> <%= command.id %> --all --rename User.fullName=displayName',
    '<%= config.bin %> <%= command.id %> --all --default User.nickname=anonymous',
    '<%= config.bin %> <%= command.id %> --all --accept-data-loss',
    '<%= config.bin %> <%= command.id %> --all --baseline',
  ]

  static override strict = false
  static override args = {
    ports: Args.string({ description: 'port names (interfaces, abstract classes or type aliases), e.g. UserRepository' }),
  }

  static override flags = {
    all: Flags.boolean({ description: 'every port in the domain sources', exclusive: ['ports'] }),
    'dry-run': Flags.boolean({ description: 'print the changes as a unified diff; write nothing', exclusive: ['check'] }),
    check: Flags.boolean({ description: 'exit 2 when regenerating would change files (CI drift check); write nothing' }),
    force: Flags.boolean({ description: 'overwrite files edited since infra wrote them' }),
    tsconfig: Flags.string({ description: 'the tsconfig the domain is read with (default: generate.tsconfig, tsconfig.json)' }),
    rename: Flags.string({
      description: 'a property renamed since the last run, Entity.old=new (property or column names; repeatable): the migration renames the column',
      multiple: true,
    }),
    'no-rename': Flags.boolean({ description: 'a property that disappeared while another appeared is a drop and an add, not a rename' }),
    default: Flags.string({
      description: 'Entity.property=value: the value rows already there get when the column becomes NOT NULL (repeatable)',
      multiple: true,
    }),
    'accept-data-loss': Flags.boolean({ description: 'write the migration even when it drops or narrows columns or tables' }),
    baseline: Flags.boolean({
      description: 'write the schema snapshot from the database (tables that already exist) and report how they differ from the models; writes nothing else',
      exclusive: ['check', 'rename', 'no-rename', 'default', 'accept-data-loss'],
    }),
  }

  async run(): Promise<GenerateRepositoryResult> {
    const config = await this.loadConfig({ 'generate.tsconfig': this.flags.tsconfig })
    let names = this.argvRest.filter((a) => !a.startsWith('-'))
    const all = this.flags.all
    if (!all && names.length === 0) names = await this.pickPorts(config)

    if (this.flags.baseline) return this.baseline(config, names, all)
    const run = await this.plan(config, names, all)
    let schema: GenerateRepositoryResult['schema']
    if (run.schema) {
      const changes = run.schema.changes.filter((c) => c.kind !== 'create-table').map(describeChange)
      schema = { snapshot: run.schema.file, migration: run.schema.migration ?? null, changes }
      if (run.schema.migration) this.output.line(`migration ${run.schema.migration}:\n${changes.map((c) => `  ${c}`).join('\n')}`)
    }
    const result = reportGeneration(run, {
      ...this.reportChannel(),
      check: this.flags.check,
      dryRun: this.flags['dry-run'],
      regenerate: 'infra generate repository --all',
      portsNoun: 'port(s)',
    })
    // a --json drift report ends with exit 2; otherwise blocked ports make the run exit 4 after the others are written
    if (result.drift !== true) this.failIfBlocked(run.blocked, run.ports.length)
    return { ...result, ...(schema ? { schema } : {}) }
  }

  /**
   * The generation plan with the schema choices of the flags. On a terminal, a rename the flags do not decide is
   * asked (as drizzle-kit does) and the plan made again with the answer; without one it is exit 4 naming the flags.
   */
  private async plan(config: Config, ports: string[], all: boolean): Promise<RepositoryRun> {
    const renames = [...(this.flags.rename ?? [])]
    const noRenames: string[] = []
    for (;;) {
      const schema: SchemaRequest = {
        renames,
        noRename: this.flags['no-rename'],
        defaults: [...(this.flags.default ?? [])],
        acceptDataLoss: this.flags['accept-data-loss'],
        notRenamed: noRenames,
        checkOnly: this.flags.check,
      }
      try {
        return planRepositoryGeneration(config, { ports, all, force: this.flags.force, schema })
      } catch (error) {
        const question = renameQuestionOf(error)
        if (!question || !this.canPrompt()) throw error
        const answer = await this.askRename(question)
        if (answer === null) noRenames.push(`${question.entity}.${question.from}`)
        else renames.push(`${question.entity}.${question.from}=${answer}`)
      }
    }
  }

  private async askRename(question: RenameQuestionDetails): Promise<string | null> {
    const inquirer = (require('inquirer') as typeof import('inquirer')).default
    const { answer } = await inquirer.prompt<{ answer: string }>([
      {
        type: 'list',
        name: 'answer',
        message: `${question.table}.${question.from} disappeared: is it renamed?`,
        choices: [
          ...question.candidates.map((c) => ({ name: `renamed to ${c}`, value: c })),
          { name: `dropped (its values are lost); ${question.candidates.join(', ')} added`, value: '' },
        ],
      },
    ])
    return answer === '' ? null : answer
  }

  /** --baseline: the snapshot from the live tables the models generate; the plan of the other files is not written. */
  private async baseline(config: Config, ports: string[], all: boolean): Promise<GenerateRepositoryResult> {
    const run = planRepositoryGeneration(config, { ports, all, force: false, schema: { tablesOnly: true } })
    const desired = run.schema?.desired ?? emptySnapshot()
    const file = run.schema?.file ?? `${config.migrate.directory}/schema.snapshot.json`
    const { baselineSchema } = require('../../migrate/verify/baseline') as typeof import('../../migrate/verify/baseline')
    const live = await baselineSchema(config, desired)
    const tree = new Tree(config.root)
    tree.write(file, serializeSnapshot(live.snapshot))
    const plan = planWrites(tree, { force: true })
    const tables = Object.keys(live.snapshot.tables).sort()
    const result: GenerateRepositoryResult = {
      files: plan.files.map((f) => ({ path: f.path, action: f.action })),
      exports: [],
      warnings: [...run.warnings],
      baseline: { database: live.database, tables, missing: live.missing, differences: live.differences },
    }
    if (this.flags['dry-run']) {
      for (const change of plan.apply) this.output.line(unifiedDiff(change.path, change.before, change.content).trimEnd())
    } else commitTree(tree, plan)
    this.output.line(
      `${this.flags['dry-run'] ? 'would write' : 'wrote'} ${file} from ${tables.length} table(s) of ${live.database}: ${tables.join(', ') || 'none'}`,
    )
    for (const table of live.missing) this.output.line(`  ${table}: not in the database; the next \`infra generate repository\` writes its create migration`)
    for (const d of live.differences)
      this.output.line(
        `  ${d.table}${d.column ? `.${d.column}` : d.index ? ` index ${d.index}` : ''}: ${d.aspect} in the models ${d.expected}, in the database ${d.actual}`,
      )
    this.output.line(
      live.differences.length === 0 && live.missing.length === 0
        ? 'the database matches the models'
        : `${live.differences.length + live.missing.length} difference(s): the next \`infra generate repository\` writes one migration with them`,
    )
    return result
  }

  /** The other ports are generated (and written); the blocked ones still make the run exit 4, each with file:line and a fix. */
  private failIfBlocked(blocked: readonly Diagnostic[], generated: number): void {
    if (blocked.length > 0) throw blockedPortsError(blocked, generated, true)
  }

  /** With a terminal: a checkbox of the ports. Without one (or with --yes/--json): an error naming the flags. */
  private async pickPorts(config: Awaited<ReturnType<InfraCommand<typeof GenerateRepository>['loadConfig']>>): Promise<string[]> {
    if (!this.canPrompt()) {
      throw new InvalidInputError({
        code: 'MISSING_ARGUMENT',
        message: 'no port named: pass port names or --all',
        hint: 'infra generate repository <Port...> | --all [--dry-run | --check] [--force] [--json]',
      })
    }
    const model = readProjectDomain(config)
    if (model.ports.length === 0)
      throw new InvalidInputError({
        code: 'PORT_NOT_FOUND',
        message: 'no ports found in the domain sources',
        hint: 'Check generate.domainSources and generate.portSuffixes in the configuration.',
      })
    const inquirer = (require('inquirer') as typeof import('inquirer')).default
    const answers = await inquirer.prompt<{ ports: string[] }>([
      {
        type: 'checkbox',
        name: 'ports',
        message: 'Ports to generate repositories for',
        choices: model.ports.map((p) => ({ name: `${p.name}  (${p.location.file})`, value: p.name, checked: true })),
      },
    ])
    const chosen = answers.ports
    if (chosen.length === 0)
      throw new InvalidInputError({ code: 'MISSING_ARGUMENT', message: 'no port chosen', hint: 'Pick at least one port, or pass names or --all.' })
    return chosen
  }
}

interface RenameQuestionDetails {
  table: string
  entity: string
  from: string
  candidates: string[]
}

/** The question of an undecided rename (SCHEMA_RENAME_AMBIGUOUS carries it), or null for any other error. */
function renameQuestionOf(error: unknown): RenameQuestionDetails | null {
  if (!(error instanceof InvalidInputError) || error.code !== 'SCHEMA_RENAME_AMBIGUOUS') return null
  return (error.details as unknown as RenameQuestionDetails | undefined) ?? null
}
