import { Args, Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { reportGeneration, type GenerateResult } from '../../cli/generation-report'
import { InvalidInputError } from '../../core/errors'
import { planRepositoryGeneration, readProjectDomain } from '../../codegen/repository-service'

export type GenerateRepositoryResult = GenerateResult

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
    return reportGeneration(run, {
      output: this.output,
      json: this.jsonEnabled(),
      exitAfterOutput: (code) => this.exitAfterOutput(code),
      check: this.flags.check,
      dryRun: this.flags['dry-run'],
      regenerate: 'infra generate repository --all',
      portsNoun: 'port(s)',
    })
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
