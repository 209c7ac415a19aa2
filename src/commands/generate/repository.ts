import { Args, Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { DriftError, ExitCode, InvalidInputError } from '../../core/errors'
import type { GeneratedExport } from '../../codegen/generators/types'
import { blockedPortsError } from '../../codegen/generators/repository-generator'
import type { Diagnostic } from '../../codegen/model'
import { planRepositoryGeneration, readProjectDomain } from '../../codegen/repository-service'
import { commitTree, unifiedDiff, type FileAction } from '../../codegen/tree'

export interface GenerateRepositoryResult {
  files: Array<{ path: string; action: FileAction; reason?: string }>
  exports: GeneratedExport[]
  warnings: string[]
  drift?: boolean
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
  }

  async run(): Promise<GenerateRepositoryResult> {
    const config = await this.loadConfig({ 'generate.tsconfig': this.flags.tsconfig })
    let names = this.argvRest.filter((a) => !a.startsWith('-'))
    const all = this.flags.all
    if (!all && names.length === 0) names = await this.pickPorts(config)

    const run = planRepositoryGeneration(config, { ports: names, all, force: this.flags.force })
    const files = run.plan.files.map((f) => ({ path: f.path, action: f.action, ...(f.reason ? { reason: f.reason } : {}) }))
    const result: GenerateRepositoryResult = { files, exports: [...run.exports], warnings: [...run.warnings] }

    if (this.flags.check) {
      const changes = run.tree.listChanges()
      for (const change of changes) this.output.line(`${change.type.padEnd(6)} ${change.path}`)
      if (changes.length === 0) {
        this.output.line('generated code is up to date')
        this.failIfBlocked(run.blocked, run.ports.length)
        return { ...result, drift: false }
      }
      if (this.jsonEnabled()) {
        this.exitAfterOutput(ExitCode.Drift)
        return { ...result, drift: true }
      }
      throw new DriftError(
        `${changes.length} generated file(s) differ from what infra would generate now`,
        'Run `infra generate repository --all` and commit the result (edited files need --force).',
        {
          files: changes.map((c) => c.path),
        },
      )
    }
    for (const warning of result.warnings) this.output.warn(warning)
    if (this.flags['dry-run']) {
      // exactly what a real run would write (edited files it would skip are in the warnings)
      for (const change of run.plan.apply) this.output.line(unifiedDiff(change.path, change.before, change.content).trimEnd())
      if (run.plan.apply.length === 0) this.output.line('no changes')
      this.failIfBlocked(run.blocked, run.ports.length)
      return result
    }
    commitTree(run.tree, run.plan)
    for (const file of files)
      if (file.action !== 'unchanged') this.output.line(`${file.action.padEnd(9)} ${file.path}${file.reason ? `  (${file.reason})` : ''}`)
    const written = files.filter((f) => f.action === 'create' || f.action === 'update').length
    this.output.line(
      `${written} file(s) written, ${files.filter((f) => f.action === 'unchanged').length} unchanged, ${files.filter((f) => f.action === 'skipped').length} skipped, for ${run.ports.length} port(s)`,
    )
    this.failIfBlocked(run.blocked, run.ports.length)
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
