import type { Cluster, Redis } from 'ioredis'
import { instanceSetKey, tagSetKey, valueKeyByField, valueKeyById } from '../../../src/cache/keys'
import { groupBySlot } from '../../../src/cache/slot'

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
  for (let i = 0; i < commands.length; i += 5000) {
    const pipeline = client.pipeline()
    for (const [name, ...args] of commands.slice(i, i + 5000)) pipeline.call(name, ...args)
    const results = (await pipeline.exec()) ?? []
    const failed = results.find(([error]) => error)
    if (failed) throw failed[0]
  }
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
