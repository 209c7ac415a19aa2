import type { Cluster, Redis } from 'ioredis'
import { instanceSetKey, tagSetKey, valueKeyByField, valueKeyById } from '../../../src/cache/keys'
import { groupBySlot, slotOf } from '../../../src/cache/slot'

export const OLD = 'aaaaaaaa'
export const NEW = 'bbbbbbbb'

export interface CacheFixtureCounts {
  /** User value keys by id per version (OLD and NEW), each with an email key and an instance set */
  users: number
  /** Order value keys (NEW), every third one tagged tenant:1 */
  orders: number
}

/**
 * Writes a keyspace that follows the conventions under `prefix`: User in two schema versions (id + email keys,
 * instance sets), Order tagged by tenant, some with TTLs. Returns the counts a test compares against.
 */
export async function populateCache(client: Redis | Cluster, prefix: string, counts: CacheFixtureCounts): Promise<{ total: number; tagged: string[] }> {
  const user = { prefix, entity: 'User' }
  const order = { prefix, entity: 'Order' }
  const commands: Array<[string, ...Array<string | number>]> = []
  for (let i = 0; i < counts.users; i++) {
    for (const version of [OLD, NEW]) {
      const byId = valueKeyById(user, version, String(i))
      const byEmail = valueKeyByField(user, version, 'email', `u${i}@x`)
      commands.push(['set', byId, `{"id":"${i}"}`, ...(i % 2 === 0 ? ['PX', 3_600_000] : [])])
      commands.push(['set', byEmail, `{"id":"${i}"}`])
      commands.push(['sadd', instanceSetKey(user, String(i)), byId, byEmail])
    }
  }
  const tagged: string[] = []
  for (let i = 0; i < counts.orders; i++) {
    const key = valueKeyById(order, NEW, String(i))
    commands.push(['set', key, 'x'.repeat(i % 100), ...(i % 5 === 0 ? ['PX', 30_000] : [])])
    if (i % 3 === 0) tagged.push(key)
  }
  for (let i = 0; i < tagged.length; i += 500) commands.push(['sadd', tagSetKey(order, 'tenant:1'), ...tagged.slice(i, i + 500)])
  await send(client, commands)
  // values: 2 per user per version; instance sets: 1 per user; orders; 1 tag set
  return { total: counts.users * 5 + counts.orders + 1, tagged }
}

/** Every key on every master matching `pattern` (SCAN, test side). */
export async function keysMatching(masters: readonly Redis[], pattern: string): Promise<string[]> {
  const keys: string[] = []
  for (const node of masters) {
    let cursor = '0'
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000)
      keys.push(...batch)
      cursor = next
    } while (cursor !== '0')
  }
  return keys
}

/** Removes every key of the prefix (test cleanup). */
export async function dropPrefix(client: Redis | Cluster, masters: readonly Redis[], prefix: string): Promise<void> {
  const keys = await keysMatching(masters, `{${prefix}:*`)
  for (const group of groupBySlot(keys)) for (let i = 0; i < group.length; i += 1000) await client.unlink(...group.slice(i, i + 1000))
}

type Command = [string, ...Array<string | number>]

/** Sends commands in pipelines of one slot each (a cluster pipeline must stay in one slot; a single server does not mind). */
export async function send(client: Redis | Cluster, commands: readonly Command[]): Promise<void> {
  const bySlot = new Map<number, Command[]>()
  for (const command of commands) {
    const slot = slotOf(String(command[1]))
    const group = bySlot.get(slot)
    if (group) group.push(command)
    else bySlot.set(slot, [command])
  }
  for (const group of bySlot.values()) {
    for (let i = 0; i < group.length; i += 5000) {
      const pipeline = client.pipeline()
      for (const [name, ...args] of group.slice(i, i + 5000)) pipeline.call(name, ...args)
      const results = (await pipeline.exec()) ?? []
      const failed = results.find(([error]) => error)
      if (failed) throw failed[0]
    }
  }
}

/** TTLs the spread fixture gives its keys, one per bucket of `infra cache stats` (none, < 1 min, < 1 h, longer). */
export const SPREAD_TTLS = [undefined, 30_000, 1_800_000, 7_200_000] as const

/**
 * Entity names (Ent0, Ent1...) whose hash tags land on every master of a cluster, at least `perMaster` each, read
 * from the cluster's own slot table: a test that must touch every master cannot rely on luck.
 */
export async function entitiesOnEveryMaster(client: Cluster, prefix: string, perMaster: number): Promise<string[]> {
  // each range: [from, to, master, ...replicas], a node being [host, port, id, ...]
  const ranges = (await client.cluster('SLOTS')).map(([from, to, master]) => ({ from, to, master: master ? `${master[0]}:${master[1]}` : '?' }))
  const ownerOf = (slot: number): string => ranges.find((range) => slot >= range.from && slot <= range.to)?.master ?? '?'
  const masters = new Set(ranges.map((range) => range.master))
  const chosen = new Map<string, string[]>([...masters].map((m) => [m, []]))
  for (let i = 0; [...chosen.values()].some((names) => names.length < perMaster); i++) {
    const entity = `Ent${i}`
    const names = chosen.get(ownerOf(slotOf(valueKeyById({ prefix, entity }, OLD, '0'))))
    if (names && names.length < perMaster) names.push(entity)
  }
  return [...chosen.values()].flat()
}

export interface SpreadCounts {
  /** value keys per entity and version (OLD and NEW), each with one of SPREAD_TTLS in turn */
  perVersion: number
}

/** Value keys of each entity in two versions, TTLs cycling through SPREAD_TTLS. Returns each entity's key count. */
export async function populateSpread(client: Redis | Cluster, prefix: string, entities: readonly string[], counts: SpreadCounts): Promise<Map<string, number>> {
  const commands: Command[] = []
  for (const entity of entities) {
    for (const version of [OLD, NEW]) {
      for (let i = 0; i < counts.perVersion; i++) {
        const ttl = SPREAD_TTLS[i % SPREAD_TTLS.length]
        commands.push(['set', valueKeyById({ prefix, entity }, version, String(i)), `{"id":"${i}","v":"${version}"}`, ...(ttl ? ['PX', ttl] : [])])
      }
    }
  }
  await send(client, commands)
  return new Map(entities.map((entity) => [entity, counts.perVersion * 2]))
}
