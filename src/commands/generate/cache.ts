import { Args, Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { DriftError, ExitCode, InvalidInputError } from '../../core/errors'
import type { GeneratedExport } from '../../codegen/generators/types'
import { planCacheGeneration } from '../../codegen/cache-service'
import { commitTree, unifiedDiff, type FileAction } from '../../codegen/tree'

export interface GenerateCacheResult {
  files: Array<{ path: string; action: FileAction; reason?: string }>
  exports: GeneratedExport[]
  warnings: string[]
  drift?: boolean
}

export default class GenerateCache extends InfraCommand<typeof GenerateCache> {
  static override summary = 'Generate Redis cache-aside decorators (ioredis) for repository ports.'
  static override description =
    "For each port writes a class implementing it over any implementation of it (the generated MySQL repository or your own): reads by id and by unique fields are answered from Redis and filled on a miss (TTL with jitter, single flight, optional negative caching); writes evict after the transaction commits, with tombstones so a read racing the commit never puts the old value back. Values are the entity's row through the generated mapper, so run `infra generate repository` (and `infra init`) first. Keys follow docs/cache.md, the conventions `infra cache` works with. --dry-run prints the diff; --check exits 2 when regenerating would change files."

  static override examples = [
    '<%= config.bin %> <%= command.id %> UserRepository',
    '<%= config.bin %> <%= command.id %> --all',
    '<%= config.bin %> <%= command.id %> --all --dry-run',
    '<%= config.bin %> <%= command.id %> --all --check --json',
  ]

  static override strict = false
  static override args = {
    ports: Args.string({ description: 'port names, e.g. UserRepository' }),
  }

  static override flags = {
    all: Flags.boolean({ description: 'every port in the domain sources', exclusive: ['ports'] }),
    'dry-run': Flags.boolean({ description: 'print the changes as a unified diff; write nothing', exclusive: ['check'] }),
    check: Flags.boolean({ description: 'exit 2 when regenerating would change files (CI drift check); write nothing' }),
    force: Flags.boolean({ description: 'overwrite files edited since infra wrote them' }),
    tsconfig: Flags.string({ description: 'the tsconfig the domain is read with (default: generate.tsconfig, tsconfig.json)' }),
  }

  async run(): Promise<GenerateCacheResult> {
    const config = await this.loadConfig({ 'generate.tsconfig': this.flags.tsconfig })
    const names = this.argvRest.filter((a) => !a.startsWith('-'))
    if (!this.flags.all && names.length === 0) {
      throw new InvalidInputError({
        code: 'MISSING_ARGUMENT',
        message: 'no port named: pass port names or --all',
        hint: 'infra generate cache <Port...> | --all [--dry-run | --check] [--force] [--json]',
      })
    }
    const run = planCacheGeneration(config, { ports: names, all: this.flags.all, force: this.flags.force })
    const files = run.plan.files.map((f) => ({ path: f.path, action: f.action, ...(f.reason ? { reason: f.reason } : {}) }))
    const result: GenerateCacheResult = { files, exports: [...run.exports], warnings: [...run.warnings] }
    if (this.flags.check) {
      const changes = run.tree.listChanges()
      for (const change of changes) this.output.line(`${change.type.padEnd(6)} ${change.path}`)
      if (changes.length === 0) return { ...result, drift: false }
      if (this.jsonEnabled()) {
        this.exitAfterOutput(ExitCode.Drift)
        return { ...result, drift: true }
      }
      throw new DriftError(
        `${changes.length} generated cache file(s) differ from what infra would generate now`,
        'Run `infra generate cache --all` and commit the result.',
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
    for (const file of files.filter((f) => f.action !== 'unchanged'))
      this.output.line(`${file.action.padEnd(9)} ${file.path}${file.reason ? `  (${file.reason})` : ''}`)
    this.output.line(`${files.filter((f) => f.action === 'create' || f.action === 'update').length} file(s) written for ${run.ports.length} port(s)`)
    return result
  }
}
