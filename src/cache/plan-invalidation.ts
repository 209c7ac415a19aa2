import { InvalidInputError } from '../core/errors'
import { ENTITY_PATTERN, entityPattern, instanceSetKey, isWithinPrefix, matchesWholePrefix, tagSetKey, tagSetPattern } from './keys'

/** What the operator asked to invalidate (one of --key, --pattern, --tag, --entity). */
export type InvalidateTarget =
  | { kind: 'keys'; keys: string[] }
  | { kind: 'pattern'; pattern: string; all: boolean }
  | { kind: 'tag'; tag: string; entity?: string }
  | { kind: 'entity'; entity: string; id?: string }

/** One step of an invalidation: plain data, decided without Redis. */
export type InvalidationStep =
  /** UNLINK these keys (routed by key) */
  | { kind: 'unlink-keys'; keys: string[] }
  /** SCAN every master with MATCH and UNLINK what matches */
  | { kind: 'sweep'; pattern: string }
  /** invalidate the keys these sets name (SSCAN + UNLINK + SREM in batches) */
  | { kind: 'drain-sets'; sets: string[] }
  /** find the sets matching `pattern` on every master, then drain each */
  | { kind: 'drain-found-sets'; pattern: string }

export interface InvalidationPlan {
  prefix: string
  /** the target in words, for the report */
  description: string
  steps: InvalidationStep[]
}

/** Turns a target into steps; refuses what leaves the prefix or a pattern that matches it whole without --all (exit 4). */
export function planInvalidation(prefix: string, target: InvalidateTarget): InvalidationPlan {
  switch (target.kind) {
    case 'keys': {
      const outside = target.keys.filter((key) => !isWithinPrefix(prefix, key))
      if (outside.length > 0) {
        throw new InvalidInputError({
          code: 'CACHE_KEY_OUTSIDE_PREFIX',
          message: `--key ${outside[0]!}: the key is outside the cache prefix "{${prefix}:" (cache.prefix)`,
          hint: `infra cache only touches keys that start with "{${prefix}:"; pass --prefix to work under another prefix.`,
          details: { prefix, keys: outside },
        })
      }
      return { prefix, description: `${target.keys.length} key(s)`, steps: [{ kind: 'unlink-keys', keys: target.keys }] }
    }
    case 'pattern': {
      if (target.pattern.length === 0)
        throw new InvalidInputError({
          code: 'CACHE_PATTERN_EMPTY',
          message: '--pattern: the pattern is empty',
          hint: 'Pass a glob pattern such as "{app:User}:*".',
        })
      if (matchesWholePrefix(prefix, target.pattern) && !target.all) {
        throw new InvalidInputError({
          code: 'CACHE_PATTERN_MATCHES_ALL',
          message: `--pattern ${target.pattern}: the pattern matches every key under the prefix "{${prefix}:"`,
          hint: 'Pass --all as well to invalidate the whole cache prefix, or narrow the pattern (e.g. --entity <Name>).',
          details: { prefix, pattern: target.pattern },
        })
      }
      return { prefix, description: `keys matching ${target.pattern}`, steps: [{ kind: 'sweep', pattern: target.pattern }] }
    }
    case 'tag': {
      if (target.tag.length === 0)
        throw new InvalidInputError({
          code: 'CACHE_TAG_EMPTY',
          message: '--tag: the tag is empty',
          hint: 'Pass the tag the decorator writes, e.g. --tag tenant:42.',
        })
      if (target.entity === undefined)
        return {
          prefix,
          description: `keys tagged ${target.tag} (every entity)`,
          steps: [{ kind: 'drain-found-sets', pattern: tagSetPattern(prefix, target.tag) }],
        }
      const space = { prefix, entity: entityName(target.entity) }
      return { prefix, description: `${target.entity} keys tagged ${target.tag}`, steps: [{ kind: 'drain-sets', sets: [tagSetKey(space, target.tag)] }] }
    }
    case 'entity': {
      const space = { prefix, entity: entityName(target.entity) }
      if (target.id === undefined)
        return { prefix, description: `every key of ${target.entity} (all schema versions)`, steps: [{ kind: 'sweep', pattern: entityPattern(space) }] }
      return {
        prefix,
        description: `${target.entity} ${target.id} (all schema versions)`,
        steps: [{ kind: 'drain-sets', sets: [instanceSetKey(space, target.id)] }],
      }
    }
  }
}

function entityName(name: string): string {
  if (!ENTITY_PATTERN.test(name)) {
    throw new InvalidInputError({
      code: 'CACHE_ENTITY_INVALID',
      message: `--entity ${name}: not an entity name`,
      hint: 'Pass the entity class or type name as the domain spells it, e.g. --entity User.',
    })
  }
  return name
}
