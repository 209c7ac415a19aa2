import { Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { cacheRedisTarget } from '../../cache/connect'
import { runOnCache } from '../../cache/run-on-cache'
import { invalidate, type InvalidateResult } from '../../cache/invalidate'
import { planInvalidation, type InvalidateTarget } from '../../cache/plan-invalidation'
import { InvalidInputError } from '../../core/errors'

export default class CacheInvalidate extends InfraCommand<typeof CacheInvalidate> {
  static override summary = 'Invalidate cached entities by key, pattern, tag or entity, in batches that never block Redis.'
  static override description =
    'SCAN with COUNT on every master and UNLINK in batches, in short server-side steps (a Lua script of at most ~2 ms per call; no key crosses the network), or from the client with pipelined UNLINK where the server refuses scripts; never KEYS, never one huge DEL. Tag and instance sets are drained with SSCAN. Only keys under the configured prefix (cache.prefix) are ever touched. On Redis Cluster (redis.cluster, redis.nodes) every master is swept; a node that fails part-way is reported with how far it got and the command exits non-zero (5 when a node went away).'

  static override examples = [
    '<%= config.bin %> <%= command.id %> --entity User',
    '<%= config.bin %> <%= command.id %> --entity User --id 42',
    '<%= config.bin %> <%= command.id %> --tag tenant:7 --entity Order',
    "<%= config.bin %> <%= command.id %> --pattern '{cache:User}:v*:by:email:*' --dry-run",
    "<%= config.bin %> <%= command.id %> --pattern '*' --all --rate 20000 --json",
  ]

  static override flags = {
    key: Flags.string({ description: 'a raw key name (repeatable)', multiple: true }),
    pattern: Flags.string({ description: 'a glob matched against raw key names (SCAN MATCH); keys outside the prefix are skipped' }),
    tag: Flags.string({ description: 'every key in the tag set (with --entity: that entity only; without: every entity)' }),
    entity: Flags.string({ description: 'every key of this entity, all schema versions' }),
    id: Flags.string({ description: 'with --entity: only this entity instance (all its keys, all versions)', dependsOn: ['entity'] }),
    all: Flags.boolean({ description: 'allow a pattern that matches the whole prefix' }),
    'dry-run': Flags.boolean({ description: 'count and sample what would be removed; remove nothing' }),
    rate: Flags.integer({ description: 'at most this many keys per second (spares a busy server)', min: 1 }),
    count: Flags.integer({ description: 'SCAN/SSCAN COUNT per call', default: 1000, min: 1 }),
    sample: Flags.integer({ description: 'key names to show as a sample', default: 10, min: 0 }),
    prefix: Flags.string({ description: 'key prefix (default: cache.prefix from the config)' }),
  }

  async run(): Promise<InvalidateResult> {
    const config = await this.loadConfig(this.flags.prefix === undefined ? {} : { 'cache.prefix': this.flags.prefix })
    const plan = planInvalidation(config.cache.prefix, this.target())
    const progress = this.output.progress(this.flags['dry-run'] ? 'counting' : 'invalidating')
    const { result, exitCode } = await runOnCache(cacheRedisTarget(config), progress, (redis, onProgress) =>
      invalidate(redis, plan, { dryRun: this.flags['dry-run'], rate: this.flags.rate, count: this.flags.count, sampleSize: this.flags.sample, onProgress }),
    )
    this.render(result)
    if (exitCode !== undefined) this.exitAfterOutput(exitCode)
    return result
  }

  private target(): InvalidateTarget {
    const { key, pattern, tag, entity, id, all } = this.flags
    const chosen = [
      key && '--key',
      pattern !== undefined && '--pattern',
      tag !== undefined && '--tag',
      entity !== undefined && tag === undefined && '--entity',
    ].filter(Boolean)
    if (chosen.length !== 1) {
      throw new InvalidInputError({
        code: 'CACHE_TARGET_REQUIRED',
        message: chosen.length === 0 ? 'nothing to invalidate' : `${chosen.join(' and ')} cannot be combined`,
        hint: 'Pass exactly one of --key, --pattern, --tag (optionally with --entity) or --entity (optionally with --id).',
      })
    }
    if (id !== undefined && tag !== undefined)
      throw new InvalidInputError({
        code: 'CACHE_TARGET_REQUIRED',
        message: '--id cannot be combined with --tag',
        hint: 'Use --entity <Name> --id <id>, or --tag alone.',
      })
    if (key) return { kind: 'keys', keys: key }
    if (pattern !== undefined) return { kind: 'pattern', pattern, all }
    if (tag !== undefined) return { kind: 'tag', tag, entity }
    return { kind: 'entity', entity: entity!, id }
  }

  private render(result: InvalidateResult): void {
    const verb = result.dryRun ? 'would remove' : 'removed'
    const count = result.dryRun ? result.matched : result.deleted
    this.output.line(
      `${result.description} under {${result.prefix}: (${result.mode}): ${verb} ${count} key(s) in ${result.durationMs} ms (${result.keysPerSecond} keys/s)`,
    )
    if (result.sample.length > 0) this.output.line(`sample: ${result.sample.join(', ')}`)
    for (const part of result.parts.filter((p) => p.status === 'failed')) {
      this.output.warn(
        `${part.source}: stopped at cursor ${part.cursor} after ${part.scans} scan(s), ${part.matched} matched, ${part.deleted} removed: ${part.error ?? 'failed'}`,
      )
    }
    if (!result.complete) this.output.warn('the invalidation is incomplete: run it again once the failed node is back (it is idempotent)')
  }
}
