import { Args, Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { InvalidInputError } from '../../core/errors'
import { readIds, warmCache, type WarmResult } from '../../cache/warm'

export default class CacheWarm extends InfraCommand<typeof CacheWarm> {
  static override summary = 'Fill the cache for a port: load entities through the generated persistence code and write them in the decorator format.'
  static override description =
    "Loads entities in batches with the generated Sequelize model and mapper (your project's TypeScript sources, transpiled in memory like migrations) and writes them through the generated cache decorator's warm() (infra generate cache), pipelined, so a cold cache after a deploy does not send every first read to the database. Values are written under the same keys, format, TTL and tombstone rules as the decorator's own reads. --ids-from reads ids (as the id column holds them) one per line from a file or stdin (-); --all walks the whole table by primary key."

  static override examples = [
    '<%= config.bin %> <%= command.id %> UserRepository --all --batch-size 500',
    '<%= config.bin %> <%= command.id %> UserRepository --ids-from hot-users.txt',
    'cat ids.txt | <%= config.bin %> <%= command.id %> UserRepository --ids-from - --json',
  ]

  static override args = {
    port: Args.string({ description: 'the port whose decorator to warm, e.g. UserRepository', required: true }),
  }

  static override flags = {
    'ids-from': Flags.string({ description: 'a file of ids, one per line, or - for stdin', exclusive: ['all'] }),
    all: Flags.boolean({ description: "every row of the entity's table" }),
    'batch-size': Flags.integer({ description: 'entities loaded and written per batch', default: 1000, min: 1 }),
    prefix: Flags.string({ description: 'key prefix (default: cache.prefix from the config)' }),
  }

  async run(): Promise<WarmResult> {
    const config = await this.loadConfig(this.flags.prefix === undefined ? {} : { 'cache.prefix': this.flags.prefix })
    const source = this.flags['ids-from']
    if (source === undefined && !this.flags.all) {
      throw new InvalidInputError({
        code: 'MISSING_ARGUMENT',
        message: 'nothing to warm: pass --ids-from <file|-> or --all',
        hint: 'infra cache warm <Port> --ids-from ids.txt | --all [--batch-size N] [--json]',
      })
    }
    const ids = source === undefined ? undefined : readIds(source)
    const progress = this.output.progress('warming', ids?.length)
    let shown = 0
    try {
      const result = await warmCache(config, {
        port: this.args.port,
        all: this.flags.all,
        batchSize: this.flags['batch-size'],
        ...(ids ? { ids } : {}),
        onProgress: (loaded) => {
          progress.tick(loaded - shown)
          shown = loaded
        },
      })
      progress.stop()
      this.output.line(
        `${result.entity} (${result.port}, ${result.mode}): loaded ${result.loaded} in ${result.batches} batch(es), wrote ${result.written} value(s) in ${result.durationMs} ms${result.notFound > 0 ? `; ${result.notFound} id(s) have no row` : ''}`,
      )
      return result
    } finally {
      progress.stop()
    }
  }
}
