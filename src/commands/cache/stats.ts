import { Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { cacheRedisTarget } from '../../cache/connect'
import { runOnCache } from '../../cache/run-on-cache'
import { collectStats, type CacheStats } from '../../cache/stats'
import type { GroupStats } from '../../cache/stats-model'

export default class CacheStatsCommand extends InfraCommand<typeof CacheStatsCommand> {
  static override summary = 'Show what the cache holds per entity: keys, estimated memory, TTLs, and the server hit ratio and evictions.'
  static override description =
    'SCAN with COUNT on every master (single Redis or Redis Cluster) for the keys under the prefix, grouped by entity: key count, key kinds, schema versions and TTL distribution (none / < 1 min / < 1 h / longer) are exact; memory is an estimate from MEMORY USAGE of a sample of keys per entity. Hit ratio, evictions and memory use come from INFO of each master and cover the whole server, not only the prefix. A master that fails part-way is reported with how far it got and the command exits non-zero.'

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --prefix shop --json',
    '<%= config.bin %> <%= command.id %> --memory-samples 1000',
  ]

  static override flags = {
    prefix: Flags.string({ description: 'key prefix (default: cache.prefix from the config)' }),
    count: Flags.integer({ description: 'SCAN COUNT per call', default: 1000, min: 1 }),
    'memory-samples': Flags.integer({ description: 'MEMORY USAGE calls per entity; the rest is scaled from them', default: 200, min: 0 }),
  }

  async run(): Promise<CacheStats> {
    const config = await this.loadConfig(this.flags.prefix === undefined ? {} : { 'cache.prefix': this.flags.prefix })
    const { result, exitCode } = await runOnCache(cacheRedisTarget(config), this.output.progress('scanning'), (redis, onProgress) =>
      collectStats(redis, { prefix: config.cache.prefix, count: this.flags.count, memorySamples: this.flags['memory-samples'], onProgress }),
    )
    this.render(result)
    if (exitCode !== undefined) this.exitAfterOutput(exitCode)
    return result
  }

  private render(result: CacheStats): void {
    const masters = result.nodes.length
    this.output.line(`cache under {${result.prefix}: (${result.mode}, ${masters} master${masters === 1 ? '' : 's'}), scanned in ${result.durationMs} ms`)
    const header = ['entity', 'keys', 'memory (est.)', 'no ttl', '< 1 min', '< 1 h', 'longer', 'versions']
    const rows = [...result.entities, ...(result.entities.length > 1 ? [result.total] : [])].map(row)
    this.output.line(table([header, ...rows]))
    if (result.entities.length === 0) this.output.line('(no keys under the prefix)')
    this.output.line(`memory is ${result.memoryEstimate.note}`)
    const s = result.server
    const hit = s.hitRatio === null ? 'n/a (no reads yet)' : `${(s.hitRatio * 100).toFixed(1)}% (${s.keyspaceHits} hits, ${s.keyspaceMisses} misses)`
    const limit = s.maxmemoryBytes === 0 ? 'no maxmemory' : `maxmemory ${bytes(s.maxmemoryBytes)} (${result.servers.map((x) => x.maxmemoryPolicy).join(', ')})`
    this.output.line(
      `server (whole server, every key): hit ratio ${hit}; ${s.evictedKeys} evicted, ${s.expiredKeys} expired; ${bytes(s.usedMemoryBytes)} used, ${limit}`,
    )
    for (const node of result.nodes.filter((n) => n.status === 'failed')) {
      this.output.warn(`${node.source}: stopped at cursor ${node.cursor} after ${node.scans} scan(s) and ${node.keys} key(s): ${node.error ?? 'failed'}`)
    }
    if (!result.complete) this.output.warn('the figures are incomplete: they cover only what was scanned before the failure')
  }
}

function row(group: GroupStats): string[] {
  const versions = Object.entries(group.versions)
    .map(([version, n]) => `v${version}:${n}`)
    .join(' ')
  const t = group.ttl
  return [
    group.name,
    String(group.keys),
    bytes(group.memory.estimatedBytes),
    String(t.none),
    String(t.underMinute),
    String(t.underHour),
    String(t.longer),
    versions,
  ]
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((r) => r[column]!.length)))
  return rows
    .map((r) =>
      r
        .map((cell, column) => (column === 0 || column === r.length - 1 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let value = n / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(1)} ${units[unit]!}`
}
