import { Args, Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { DriftError, ExitCode, InvalidInputError } from '../../core/errors'
import type { GeneratedExport } from '../../codegen/generators/types'
import { planSearchGeneration } from '../../codegen/generators/search/service'
import { commitTree, unifiedDiff, type FileAction } from '../../codegen/tree'

export interface GenerateSearchResult {
  files: Array<{ path: string; action: FileAction; reason?: string }>
  exports: GeneratedExport[]
  warnings: string[]
  drift?: boolean
}

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
    const files = run.plan.files.map((f) => ({ path: f.path, action: f.action, ...(f.reason ? { reason: f.reason } : {}) }))
    const result: GenerateSearchResult = { files, exports: [...run.exports], warnings: [...run.warnings] }

    if (this.flags.check) {
      const changes = run.tree.listChanges()
      for (const change of changes) this.output.line(`${change.type.padEnd(6)} ${change.path}`)
      if (changes.length === 0) {
        this.output.line('generated code is up to date')
        return { ...result, drift: false }
      }
      if (this.jsonEnabled()) {
        this.exitAfterOutput(ExitCode.Drift)
        return { ...result, drift: true }
      }
      throw new DriftError(
        `${changes.length} generated file(s) differ from what infra would generate now`,
        'Run `infra generate search --all` and commit the result (edited files need --force).',
        {
          files: changes.map((c) => c.path),
        },
      )
    }
    for (const warning of result.warnings) this.output.warn(warning)
    if (this.flags['dry-run']) {
      for (const change of run.plan.apply) this.output.line(unifiedDiff(change.path, change.before, change.content).trimEnd())
      if (run.plan.apply.length === 0) this.output.line('no changes')
      return result
    }
    commitTree(run.tree, run.plan)
    for (const file of files)
      if (file.action !== 'unchanged') this.output.line(`${file.action.padEnd(9)} ${file.path}${file.reason ? `  (${file.reason})` : ''}`)
    const written = files.filter((f) => f.action === 'create' || f.action === 'update').length
    this.output.line(`${written} file(s) written, ${files.filter((f) => f.action === 'unchanged').length} unchanged, for ${run.ports.length} search port(s)`)
    return result
  }
}
