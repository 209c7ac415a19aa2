import { createHash } from 'node:crypto'

/**
 * The one definition of cache key and tag names, shared by `infra cache` and the generated cache decorator
 * (docs/cache.md). Generated code must not import infra at run time, so everything here is small enough to be
 * re-stated by a template: the layout below is the contract, this module its reference implementation.
 *
 *   {<prefix>:<Entity>}:v<version>:id:<id>             value of one entity, by id
 *   {<prefix>:<Entity>}:v<version>:by:<field>:<value>  value of one entity, by a unique field
 *   {<prefix>:<Entity>}:keys:<id>                       set: every value key of one entity instance (all versions)
 *   {<prefix>:<Entity>}:tag:<tag>                       set: every value key carrying a tag (all versions)
 *   {<prefix>:<Entity>}:tomb:<id>                       tombstone written after a commit (short TTL): blocks stale write-backs
 *
 * The hash tag `{<prefix>:<Entity>}` puts every key of one entity type in one Redis Cluster slot, so a write-back
 * (value + sets, checked against the tombstone) and an eviction are each one script on one node.
 * Sets and tombstones carry no version: during a rolling deploy a writer on the new shape also evicts the old shape's keys.
 */

/** An entity name as the domain spells it (a class or type name). */
export const ENTITY_PATTERN = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** What a negative-cache entry ("not found") holds at a value key; a real value is never this string. */
export const NOT_FOUND_VALUE = '\u0000nf'

export interface EntityKeyspace {
  prefix: string
  entity: string
}

/** One field of an entity's persisted shape, as the schema version sees it. */
export interface ShapeField {
  name: string
  /** the field's type as the mapping writes it, e.g. `string`, `Date`, `bigint`, `Role`, `Money{amount:bigint,currency:string}` */
  type: string
  nullable: boolean
}

/**
 * The schema version of an entity: first 8 hex digits of SHA-256 over the canonical text
 * `<Entity>(<name>:<type>[?],...)` with fields sorted by name (`?` marks a nullable field).
 * The generator computes it once and writes it into the decorator as a constant.
 */
export function schemaVersionOf(entity: string, fields: readonly ShapeField[]): string {
  return createHash('sha256').update(canonicalShape(entity, fields)).digest('hex').slice(0, 8)
}

export function canonicalShape(entity: string, fields: readonly ShapeField[]): string {
  const sorted = [...fields].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return `${entity}(${sorted.map((f) => `${f.name}:${f.type}${f.nullable ? '?' : ''}`).join(',')})`
}

/** `{<prefix>:<Entity>}`: the hash tag every key of the entity starts with. */
export function hashTagOf(space: EntityKeyspace): string {
  return `{${space.prefix}:${space.entity}}`
}

export function valueKeyById(space: EntityKeyspace, version: string, id: string): string {
  return `${hashTagOf(space)}:v${version}:id:${id}`
}

export function valueKeyByField(space: EntityKeyspace, version: string, field: string, value: string): string {
  return `${hashTagOf(space)}:v${version}:by:${field}:${value}`
}

export function instanceSetKey(space: EntityKeyspace, id: string): string {
  return `${hashTagOf(space)}:keys:${id}`
}

export function tagSetKey(space: EntityKeyspace, tag: string): string {
  return `${hashTagOf(space)}:tag:${tag}`
}

export function tombstoneKey(space: EntityKeyspace, id: string): string {
  return `${hashTagOf(space)}:tomb:${id}`
}

/** A TTL with jitter: `ttlMs` plus or minus up to `jitter` (a fraction, 0.1 = 10%), so keys filled together do not expire together. */
export function jitteredTtlMs(ttlMs: number, jitter: number, random: () => number = Math.random): number {
  return Math.max(1, Math.round(ttlMs * (1 + jitter * (2 * random() - 1))))
}

export type ParsedKey =
  | { kind: 'value'; prefix: string; entity: string; version: string; by: 'id'; id: string }
  | { kind: 'value'; prefix: string; entity: string; version: string; by: 'field'; field: string; value: string }
  | { kind: 'instance-set'; prefix: string; entity: string; id: string }
  | { kind: 'tag-set'; prefix: string; entity: string; tag: string }
  | { kind: 'tombstone'; prefix: string; entity: string; id: string }

/** Reads a key name back (undefined for a key that does not follow these conventions under `prefix`). */
export function parseKey(prefix: string, key: string): ParsedKey | undefined {
  const head = `{${prefix}:`
  if (!key.startsWith(head)) return undefined
  const close = key.indexOf('}', head.length)
  if (close < 0 || key[close + 1] !== ':') return undefined
  const entity = key.slice(head.length, close)
  if (!ENTITY_PATTERN.test(entity)) return undefined
  const rest = key.slice(close + 2)
  const base = { prefix, entity }
  const simple = /^(keys|tag|tomb):([\s\S]*)$/.exec(rest)
  if (simple) {
    const [, kind, name] = simple as unknown as [string, string, string]
    if (kind === 'keys') return { kind: 'instance-set', ...base, id: name }
    if (kind === 'tag') return { kind: 'tag-set', ...base, tag: name }
    return { kind: 'tombstone', ...base, id: name }
  }
  const value = /^v([0-9a-f]{8}):(?:id:([\s\S]*)|by:([A-Za-z_$][A-Za-z0-9_$]*):([\s\S]*))$/.exec(rest)
  if (!value) return undefined
  const version = value[1]!
  if (value[2] !== undefined) return { kind: 'value', ...base, version, by: 'id', id: value[2] }
  return { kind: 'value', ...base, version, by: 'field', field: value[3]!, value: value[4]! }
}

/** Escapes text for a literal match inside a Redis glob pattern (SCAN MATCH). */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&')
}

/** Every key of the configured prefix. */
export function prefixPattern(prefix: string): string {
  return `{${escapeGlob(prefix)}:*`
}

/** Every key of one entity type: values of all versions, instance sets, tag sets, tombstones. */
export function entityPattern(space: EntityKeyspace): string {
  return `${escapeGlob(hashTagOf(space))}:*`
}

/** The value keys by id of one entity instance, in every version. */
export function entityIdPattern(space: EntityKeyspace, id: string): string {
  return `${escapeGlob(hashTagOf(space))}:v*:id:${escapeGlob(id)}`
}

/** The tag sets named `tag` of every entity under the prefix. */
export function tagSetPattern(prefix: string, tag: string): string {
  return `{${escapeGlob(prefix)}:*}:tag:${escapeGlob(tag)}`
}

/** True when `key` lies within the prefix (every command of `infra cache` stays inside it). */
export function isWithinPrefix(prefix: string, key: string): boolean {
  return key.startsWith(`{${prefix}:`)
}

/**
 * True when a glob pattern matches every key of the prefix (`*`, `?*`, `{app:*`, `*:*`...): such a pattern needs `--all`.
 * Decided by matching probe keys of unrelated entities and every key kind: a pattern that matches them all is taken
 * to match everything.
 */
export function matchesWholePrefix(prefix: string, pattern: string): boolean {
  const glob = globToRegExp(pattern)
  const probes = [
    valueKeyById({ prefix, entity: 'Qx' }, '0a1b2c3d', '1'),
    valueKeyByField({ prefix, entity: 'Zy_9' }, 'ffffffff', 'email', 'a@b'),
    instanceSetKey({ prefix, entity: 'A' }, '-'),
    tagSetKey({ prefix, entity: 'Mw' }, 't'),
    tombstoneKey({ prefix, entity: 'B' }, '0'),
  ]
  return probes.every((probe) => glob.test(probe))
}

/** Redis glob semantics (`*`, `?`, `[abc]`, `[^a]`, `[a-z]`, `\\x`) as an anchored regular expression. */
export function globToRegExp(pattern: string): RegExp {
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!
    if (c === '*') out += '[\\s\\S]*'
    else if (c === '?') out += '[\\s\\S]'
    else if (c === '\\' && i + 1 < pattern.length) out += escapeRegExp(pattern[++i]!)
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2)
      if (close < 0) {
        out += '\\['
        continue
      }
      let body = pattern.slice(i + 1, close)
      const negate = body.startsWith('^')
      if (negate) body = body.slice(1)
      out += `[${negate ? '^' : ''}${body.replace(/[\]\\]/g, '\\$&')}]`
      i = close
    } else out += escapeRegExp(c)
  }
  return new RegExp(`^${out}$`)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
}

/** What Redis Cluster hashes for a key's slot: the part between the first `{` and the next `}` (Redis Cluster's rule), or the whole key. */
export function hashSlotSource(key: string): string {
  const open = key.indexOf('{')
  if (open < 0) return key
  const close = key.indexOf('}', open + 1)
  if (close < 0 || close === open + 1) return key
  return key.slice(open + 1, close)
}
