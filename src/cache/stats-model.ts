import { parseKey, type ParsedKey } from './keys'

// Pure side of `infra cache stats`: which group a key counts in, TTL buckets, memory estimates, server figures from INFO.

export type TtlBucket = 'none' | 'underMinute' | 'underHour' | 'longer'
export type KeyKind = ParsedKey['kind'] | 'other'

/** The group of keys that follow no convention under the prefix (written by something else). */
export const OTHER_GROUP = '(other)'

export interface GroupStats {
  /** the entity, or OTHER_GROUP */
  name: string
  keys: number
  kinds: Record<KeyKind, number>
  /** value keys per schema version */
  versions: Record<string, number>
  ttl: Record<TtlBucket, number>
  memory: MemoryEstimate
}

export interface MemoryEstimate {
  /** keys whose MEMORY USAGE was read */
  sampledKeys: number
  sampledBytes: number
  /** sampledBytes scaled to every key of the group: an estimate, exact only when every key was sampled */
  estimatedBytes: number
}

/** A PTTL reply in a bucket: -1 (no expiry) is none; -2 (the key went away) is undefined and not counted. */
export function ttlBucketOf(pttlMs: number): TtlBucket | undefined {
  if (pttlMs === -2) return undefined
  if (pttlMs < 0) return 'none'
  if (pttlMs < 60_000) return 'underMinute'
  if (pttlMs < 3_600_000) return 'underHour'
  return 'longer'
}

function emptyGroup(name: string): GroupStats {
  return {
    name,
    keys: 0,
    kinds: { value: 0, 'instance-set': 0, 'tag-set': 0, tombstone: 0, other: 0 },
    versions: {},
    ttl: { none: 0, underMinute: 0, underHour: 0, longer: 0 },
    memory: { sampledKeys: 0, sampledBytes: 0, estimatedBytes: 0 },
  }
}

/** Counts keys per entity of one prefix; asks for MEMORY USAGE of the first `memorySamples` keys of each group. */
export class StatsAccumulator {
  private readonly groups = new Map<string, GroupStats>()
  /** MEMORY USAGE calls asked for per group */
  private readonly asked = new Map<string, number>()

  constructor(
    private readonly prefix: string,
    private readonly memorySamples: number,
  ) {}

  groupOf(key: string): string {
    return parseKey(this.prefix, key)?.entity ?? OTHER_GROUP
  }

  /**
   * Whether to read this key's MEMORY USAGE. SCAN returns keys in hash-table order, unrelated to when or how they were
   * written, so the first keys seen of a group are a fair sample of it.
   */
  wantsMemory(key: string): boolean {
    const name = this.groupOf(key)
    const asked = this.asked.get(name) ?? 0
    if (asked >= this.memorySamples) return false
    this.asked.set(name, asked + 1)
    return true
  }

  /** One key as the server reported it; `memoryBytes` when it was sampled (null: the key went away meanwhile). */
  add(key: string, pttlMs: number, memoryBytes?: number | null): void {
    const parsed = parseKey(this.prefix, key)
    const name = parsed?.entity ?? OTHER_GROUP
    const bucket = ttlBucketOf(pttlMs)
    if (bucket === undefined) return
    let group = this.groups.get(name)
    if (!group) this.groups.set(name, (group = emptyGroup(name)))
    group.keys++
    group.ttl[bucket]++
    group.kinds[parsed?.kind ?? 'other']++
    if (parsed?.kind === 'value') group.versions[parsed.version] = (group.versions[parsed.version] ?? 0) + 1
    if (typeof memoryBytes === 'number') {
      group.memory.sampledKeys++
      group.memory.sampledBytes += memoryBytes
    }
  }

  /** Groups sorted by name (OTHER_GROUP last), with memory scaled from the sample, and their total. */
  result(): { groups: GroupStats[]; total: GroupStats } {
    const groups = [...this.groups.values()].sort((a, b) =>
      a.name === OTHER_GROUP ? 1 : b.name === OTHER_GROUP ? -1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    )
    const total = emptyGroup('total')
    for (const group of groups) {
      group.memory.estimatedBytes = estimate(group)
      total.keys += group.keys
      for (const kind of Object.keys(group.kinds) as KeyKind[]) total.kinds[kind] += group.kinds[kind]
      for (const bucket of Object.keys(group.ttl) as TtlBucket[]) total.ttl[bucket] += group.ttl[bucket]
      for (const [version, n] of Object.entries(group.versions)) total.versions[version] = (total.versions[version] ?? 0) + n
      total.memory.sampledKeys += group.memory.sampledKeys
      total.memory.sampledBytes += group.memory.sampledBytes
      total.memory.estimatedBytes += group.memory.estimatedBytes
    }
    return { groups, total }
  }
}

function estimate(group: GroupStats): number {
  if (group.memory.sampledKeys === 0) return 0
  return Math.round((group.memory.sampledBytes / group.memory.sampledKeys) * group.keys)
}

/** One master's figures from INFO (server-wide: they cover every key on the server, not only the prefix). */
export interface ServerStats {
  address: string
  keyspaceHits: number
  keyspaceMisses: number
  /** hits / (hits + misses); null before the first read */
  hitRatio: number | null
  evictedKeys: number
  expiredKeys: number
  usedMemoryBytes: number
  /** 0: no limit */
  maxmemoryBytes: number
  maxmemoryPolicy: string
}

/** Reads the fields `infra cache stats` reports from the text of `INFO stats` + `INFO memory`. */
export function serverStatsOf(address: string, info: string): ServerStats {
  const fields = new Map<string, string>()
  for (const line of info.split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon > 0 && !line.startsWith('#')) fields.set(line.slice(0, colon), line.slice(colon + 1).trim())
  }
  const number = (name: string): number => Number(fields.get(name) ?? 0) || 0
  const keyspaceHits = number('keyspace_hits')
  const keyspaceMisses = number('keyspace_misses')
  return {
    address,
    keyspaceHits,
    keyspaceMisses,
    hitRatio: ratio(keyspaceHits, keyspaceMisses),
    evictedKeys: number('evicted_keys'),
    expiredKeys: number('expired_keys'),
    usedMemoryBytes: number('used_memory'),
    maxmemoryBytes: number('maxmemory'),
    maxmemoryPolicy: fields.get('maxmemory_policy') ?? 'unknown',
  }
}

/** Every master's figures added up (the hit ratio over the sums, not an average of ratios). */
export function sumServerStats(servers: readonly ServerStats[]): Omit<ServerStats, 'address' | 'maxmemoryPolicy'> {
  const sum = (pick: (s: ServerStats) => number): number => servers.reduce((total, s) => total + pick(s), 0)
  const keyspaceHits = sum((s) => s.keyspaceHits)
  const keyspaceMisses = sum((s) => s.keyspaceMisses)
  return {
    keyspaceHits,
    keyspaceMisses,
    hitRatio: ratio(keyspaceHits, keyspaceMisses),
    evictedKeys: sum((s) => s.evictedKeys),
    expiredKeys: sum((s) => s.expiredKeys),
    usedMemoryBytes: sum((s) => s.usedMemoryBytes),
    maxmemoryBytes: sum((s) => s.maxmemoryBytes),
  }
}

function ratio(hits: number, misses: number): number | null {
  return hits + misses === 0 ? null : hits / (hits + misses)
}
