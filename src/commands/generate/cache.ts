import { Args, Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { reportGeneration, type GenerateResult } from '../../cli/generation-report'
import { InvalidInputError } from '../../core/errors'
import { planCacheGeneration } from '../../codegen/cache-service'

export type GenerateCacheResult = GenerateResult

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
    return reportGeneration(run, {
      ...this.reportChannel(),
      check: this.flags.check,
      dryRun: this.flags['dry-run'],
      regenerate: 'infra generate cache --all',
      portsNoun: 'port(s)',
    })
  }
}
