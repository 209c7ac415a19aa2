import { Args, Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { reportGeneration, type GenerateResult } from '../../cli/generation-report'
import { InvalidInputError } from '../../core/errors'
import { planSearchGeneration } from '../../codegen/generators/search/service'

export type GenerateSearchResult = GenerateResult

export default class GenerateSearch extends InfraCommand<typeof GenerateSearch> {
  static override summary = 'Generate Elasticsearch search adapters (search class, indexer, document mapper, index definition) for search ports.'
  static override description =
    "Reads the domain layer and, for each search port (a name ending in generate.search.suffixes, default *Search, *SearchPort, *ReadModel, or listed in generate.search.ports), writes a class implementing it over an Elasticsearch alias with queries derived from method names (the repositories' grammar) and the full-text convention search(text, page?), an indexer (index, indexMany, remove), the document mapper, the client factory and infra/elastic/<alias>.yaml for `infra index setup`. Methods that cannot be mapped throw and are reported. --dry-run prints the diff; --check exits 2 when regenerating would change files."

  static override examples = [
    '<%= config.bin %> <%= command.id %> ProductSearch',
    '<%= config.bin %> <%= command.id %> --all',
    '<%= config.bin %> <%= command.id %> --all --dry-run',
    '<%= config.bin %> <%= command.id %> --all --check',
    '<%= config.bin %> <%= command.id %> ProductSearch --json',
  ]

  static override strict = false
  static override args = {
    ports: Args.string({ description: 'search port names, e.g. ProductSearch' }),
  }

  static override flags = {
    all: Flags.boolean({ description: 'every search port in the domain sources', exclusive: ['ports'] }),
    'dry-run': Flags.boolean({ description: 'print the changes as a unified diff; write nothing', exclusive: ['check'] }),
    check: Flags.boolean({ description: 'exit 2 when regenerating would change files (CI drift check); write nothing' }),
    force: Flags.boolean({ description: 'overwrite files edited since infra wrote them' }),
    tsconfig: Flags.string({ description: 'the tsconfig the domain is read with (default: generate.tsconfig, tsconfig.json)' }),
  }

  async run(): Promise<GenerateSearchResult> {
    const config = await this.loadConfig({ 'generate.tsconfig': this.flags.tsconfig })
    const names = this.argvRest.filter((a) => !a.startsWith('-'))
    const all = this.flags.all
    if (!all && names.length === 0)
      throw new InvalidInputError({
        code: 'MISSING_ARGUMENT',
        message: 'no port named: pass search port names or --all',
        hint: 'infra generate search <Port...> | --all [--dry-run | --check] [--force] [--json]',
      })

    const run = planSearchGeneration(config, { ports: names, all, force: this.flags.force })
    return reportGeneration(run, {
      ...this.reportChannel(),
      check: this.flags.check,
      dryRun: this.flags['dry-run'],
      regenerate: 'infra generate search --all',
      portsNoun: 'search port(s)',
    })
  }
}
