/**
 * Both sides of a comparison in one shape: what the file says and what the server reports (after its own defaults)
 * become flat, string-valued maps, so "1" and 1, `number_of_shards` and `index.number_of_shards` compare equal.
 */
export type FlatValue = string | string[] | null

/** `{number_of_shards: 1, analysis: {...}}` -> `{"index.number_of_shards": "1", "index.analysis....": ...}` */
export function flattenSettings(settings: Record<string, unknown>): Record<string, FlatValue> {
  const flat: Record<string, FlatValue> = {}
  const walk = (value: unknown, key: string): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [child, inner] of Object.entries(value)) walk(inner, key ? `${key}.${child}` : child)
      return
    }
    flat[key.startsWith('index.') ? key : `index.${key}`] = scalar(value)
  }
  walk(settings, '')
  return flat
}

function scalar(value: unknown): FlatValue {
  if (value === null || value === undefined) return null
  if (Array.isArray(value)) return value.map((item) => String(item))
  return String(value)
}

/** A value's canonical text: objects with sorted keys, every scalar as a string (the server echoes 1 as "1" in places). */
export function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return JSON.stringify(String(value))
}

export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b)
}

/** Settings that only a new index can take (changing them means a reindex). */
const STATIC_SETTINGS = [
  /^index\.number_of_shards$/,
  /^index\.number_of_routing_shards$/,
  /^index\.codec$/,
  /^index\.routing_partition_size$/,
  /^index\.sort\./,
  /^index\.analysis\./,
  /^index\.mode$/,
  /^index\.soft_deletes\./,
  /^index\.store\./,
  /^index\.shard\.check_on_startup$/,
  /^index\.mapping\.source\.mode$/,
  /^index\.similarity\./,
]

export function isStaticSetting(key: string): boolean {
  return STATIC_SETTINGS.some((pattern) => pattern.test(key))
}

/** Settings the server writes itself: never part of a comparison. */
export const SERVER_OWNED_SETTINGS =
  /^index\.(uuid|creation_date|provided_name|version\.|routing\.allocation\.include\._tier_preference|resize\.|history\.uuid)/

/** Field parameters an existing field may change in place (PUT _mapping accepts them). */
export const UPDATABLE_FIELD_PARAMS = new Set([
  'ignore_above',
  'search_analyzer',
  'search_quote_analyzer',
  'ignore_malformed',
  'meta',
  'eager_global_ordinals',
  'fielddata',
  'boost',
  'ignore_z_value',
])

/** Top-level mapping parameters PUT _mapping accepts on an existing index. */
export const UPDATABLE_MAPPING_ROOT = new Set([
  'dynamic',
  '_meta',
  'dynamic_templates',
  'date_detection',
  'dynamic_date_formats',
  'numeric_detection',
  'runtime',
  'properties',
])

/** One field of a definition, flattened: `address.city`, `title.raw` (a multi-field). */
export interface FieldEntry {
  path: string
  /** the field's own parameters (without properties and fields) */
  params: Record<string, unknown>
  /** object and nested fields hold properties; leaves do not */
  container: boolean
}

export function fieldEntries(mappings: Record<string, unknown>): FieldEntry[] {
  const entries: FieldEntry[] = []
  const walk = (properties: unknown, prefix: string): void => {
    if (!properties || typeof properties !== 'object') return
    for (const [name, raw] of Object.entries(properties as Record<string, unknown>)) {
      if (!raw || typeof raw !== 'object') continue
      const { properties: children, fields, ...params } = raw as Record<string, unknown>
      const fieldPath = prefix ? `${prefix}.${name}` : name
      const container = children !== undefined || params.type === 'object' || params.type === 'nested'
      entries.push({ path: fieldPath, params: container && params.type === undefined ? { ...params, type: 'object' } : params, container })
      if (children) walk(children, fieldPath)
      if (fields) walk(fields, fieldPath)
    }
  }
  walk(mappings.properties, '')
  return entries
}

/** Equal after the server's spelling of defaults: `analyzer: default` is the standard analyzer unless the index redefines it. */
export function sameFieldParam(param: string, wanted: unknown, live: unknown, hasDefaultAnalyzer: boolean): boolean {
  if (sameValue(wanted, live)) return true
  if (/analyzer$/.test(param) && !hasDefaultAnalyzer) {
    const norm = (value: unknown) => (value === 'default' || value === undefined ? 'standard' : String(value))
    return norm(wanted) === norm(live)
  }
  return false
}
