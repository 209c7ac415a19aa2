import type { IndexDefinition, TemplateDefinition } from './definitions'
import {
  SERVER_OWNED_SETTINGS,
  UPDATABLE_FIELD_PARAMS,
  UPDATABLE_MAPPING_ROOT,
  canonical,
  fieldEntries,
  flattenSettings,
  isStaticSetting,
  sameFieldParam,
  sameValue,
  type FlatValue,
} from './normalize'

/** What the cluster holds for one alias (read by live-state.ts). */
export interface LiveIndex {
  alias: string
  /** the index the alias writes to, when the alias exists */
  index?: string
  /** a concrete index (not an alias) already carries the alias's name */
  nameTakenByIndex: boolean
  /** versions N of the existing `<alias>-v<N>` indices */
  versions: number[]
  /** flat settings of `index`, server defaults included */
  settings: Record<string, FlatValue>
  /** `GET <index>/_mapping`: the mapping as the server stores it */
  mappings: Record<string, unknown>
  /** field path -> its parameters with the server's defaults (`GET _mapping/field/*?include_defaults`) */
  fieldDefaults: Record<string, Record<string, unknown>>
  /** aliases on `index` other than the main one */
  aliases: Record<string, Record<string, unknown>>
}

export type IndexAction = 'create' | 'unchanged' | 'update' | 'reindex'

export interface IndexPlan {
  kind: 'index'
  alias: string
  file: string
  action: IndexAction
  /** why it is not unchanged, one line each */
  reasons: string[]
  /** the index the alias points to now */
  from?: string
  /** the index it will point to (create, reindex) */
  to?: string
  /** dynamic settings to PUT (update) */
  settingsUpdate?: Record<string, FlatValue>
  /** whether PUT _mapping is needed (update) */
  mappingsUpdate: boolean
  /** whether the extra aliases must be rewritten (update) */
  aliasesUpdate: boolean
}

export interface LiveTemplate {
  kind: TemplateDefinition['kind']
  name: string
  /** the template's body as the server returns it; undefined when absent */
  body?: Record<string, unknown>
}

export interface TemplatePlan {
  kind: TemplateDefinition['kind']
  name: string
  file: string
  action: 'create' | 'unchanged' | 'update'
  reasons: string[]
}

export interface Plan {
  templates: TemplatePlan[]
  indices: IndexPlan[]
  /** anything would change */
  changes: number
}

export function physicalIndexName(alias: string, version: number): string {
  return `${alias}-v${version}`
}

export function versionOf(alias: string, index: string): number | undefined {
  const match = new RegExp(`^${alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-v(\\d+)$`).exec(index)
  return match ? Number(match[1]) : undefined
}

/** The whole plan: templates first (they shape indices created afterwards), then indices. Pure. */
export function planAll(
  definitions: { indices: IndexDefinition[]; templates: TemplateDefinition[] },
  live: { indices: LiveIndex[]; templates: LiveTemplate[] },
): Plan {
  const templates = definitions.templates.map((def) =>
    planTemplate(
      def,
      live.templates.find((t) => t.kind === def.kind && t.name === def.name),
    ),
  )
  const indices = definitions.indices.map((def) =>
    planIndex(
      def,
      live.indices.find((l) => l.alias === def.alias),
    ),
  )
  const changes = [...templates, ...indices].filter((p) => p.action !== 'unchanged').length
  return { templates, indices, changes }
}

export function planIndex(def: IndexDefinition, live: LiveIndex | undefined): IndexPlan {
  const base = { kind: 'index' as const, alias: def.alias, file: def.file, mappingsUpdate: false, aliasesUpdate: false }
  const next = physicalIndexName(def.alias, Math.max(0, ...(live?.versions ?? [])) + 1)
  if (!live?.index) return { ...base, action: 'create', reasons: ['the alias does not exist'], to: next }

  const reindex: string[] = []
  const update: string[] = []

  const wanted = flattenSettings(def.settings)
  const settingsUpdate: Record<string, FlatValue> = {}
  for (const [key, value] of Object.entries(wanted)) {
    if (SERVER_OWNED_SETTINGS.test(key)) continue
    const current = live.settings[key]
    if (sameValue(value, current ?? null)) continue
    const change = `setting ${key}: ${canonical(current ?? null)} -> ${canonical(value)}`
    if (isStaticSetting(key)) reindex.push(`${change} (static setting)`)
    else {
      update.push(change)
      settingsUpdate[key] = value
    }
  }

  const mappingsUpdate = compareMappings(def, live, reindex, update)
  const aliasesUpdate = !sameValue(normaliseAliases(def.aliases), normaliseAliases(live.aliases))
  if (aliasesUpdate)
    update.push(`extra aliases: ${Object.keys(live.aliases).sort().join(', ') || 'none'} -> ${Object.keys(def.aliases).sort().join(', ') || 'none'}`)

  if (reindex.length > 0) return { ...base, action: 'reindex', reasons: [...reindex, ...update], from: live.index, to: next }
  if (update.length > 0) {
    return {
      ...base,
      action: 'update',
      reasons: update,
      from: live.index,
      settingsUpdate: Object.keys(settingsUpdate).length ? settingsUpdate : undefined,
      mappingsUpdate,
      aliasesUpdate,
    }
  }
  return { ...base, action: 'unchanged', reasons: [], from: live.index }
}

/** Appends the mapping differences to `reindex` or `update`; true when PUT _mapping would apply the in-place ones. */
function compareMappings(def: IndexDefinition, live: LiveIndex, reindex: string[], update: string[]): boolean {
  let mappingsUpdate = false
  const hasDefaultAnalyzer = Object.entries(live.settings).some(
    ([key, value]) => key.startsWith('index.analysis.analyzer.default.') && value !== null && value !== undefined,
  )
  for (const [key, value] of Object.entries(def.mappings)) {
    if (key === 'properties') continue
    const current = live.mappings[key]
    if (sameRootParam(key, value, current)) continue
    const change = `mapping ${key}: ${canonical(current ?? null)} -> ${canonical(value)}`
    if (UPDATABLE_MAPPING_ROOT.has(key)) {
      update.push(change)
      mappingsUpdate = true
    } else reindex.push(change)
  }

  const liveFields = new Map(fieldEntries(live.mappings).map((entry) => [entry.path, entry]))
  const wantedFields = fieldEntries(def.mappings)
  for (const field of wantedFields) {
    const current = liveFields.get(field.path)
    if (!current) {
      update.push(`new field ${field.path} (${String(field.params.type ?? 'object')})`)
      mappingsUpdate = true
      continue
    }
    const withDefaults = field.container ? current.params : (live.fieldDefaults[field.path] ?? current.params)
    for (const [param, value] of Object.entries(field.params)) {
      const liveValue = param === 'type' && current.container ? (current.params.type ?? 'object') : withDefaults[param]
      if (sameFieldParam(param, value, liveValue, hasDefaultAnalyzer)) continue
      const change = `field ${field.path}: ${param} ${canonical(liveValue ?? null)} -> ${canonical(value)}`
      if (UPDATABLE_FIELD_PARAMS.has(param)) {
        update.push(change)
        mappingsUpdate = true
      } else reindex.push(change)
    }
  }
  // A field the file no longer has can only disappear with a new index; with dynamic mappings, extra fields are the data's.
  const dynamic = String(def.mappings.dynamic ?? 'true')
  if (dynamic === 'strict' || dynamic === 'false') {
    const wantedPaths = new Set(wantedFields.map((f) => f.path))
    for (const path of liveFields.keys()) if (!wantedPaths.has(path)) reindex.push(`field ${path} is no longer in the definition`)
  }
  return mappingsUpdate
}

function sameRootParam(key: string, wanted: unknown, live: unknown): boolean {
  if (key === 'dynamic') return String(wanted) === String(live ?? 'true')
  if (key === '_source' && live === undefined) return sameValue(wanted, { enabled: true })
  return sameValue(wanted, live ?? null)
}

function normaliseAliases(aliases: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {}
  for (const [name, body] of Object.entries(aliases)) {
    const { routing, ...rest } = body
    // the server reports `routing: x` as index_routing + search_routing
    out[name] = routing === undefined ? rest : { ...rest, index_routing: routing, search_routing: routing }
  }
  return out
}

export function planTemplate(def: TemplateDefinition, live: LiveTemplate | undefined): TemplatePlan {
  const base = { kind: def.kind, name: def.name, file: def.file }
  if (!live?.body) return { ...base, action: 'create', reasons: [`the ${def.kind.replace('_', ' ')} does not exist`] }
  const reasons: string[] = []
  const wanted = normaliseTemplate(def.body)
  const current = normaliseTemplate(live.body)
  for (const key of new Set([...Object.keys(wanted), ...Object.keys(current)])) {
    if (!sameValue(wanted[key], current[key])) reasons.push(`${key}: ${canonical(current[key] ?? null)} -> ${canonical(wanted[key] ?? null)}`)
  }
  return { ...base, action: reasons.length ? 'update' : 'unchanged', reasons }
}

/** Templates compare as flat settings + mappings + the other keys (the server nests settings under `index`). */
function normaliseTemplate(body: Record<string, unknown>): Record<string, unknown> {
  const { template, index_patterns, ...rest } = body as { template?: Record<string, unknown>; index_patterns?: unknown }
  const out: Record<string, unknown> = { ...rest }
  if (index_patterns !== undefined) out.index_patterns = Array.isArray(index_patterns) ? index_patterns : [index_patterns]
  if (template?.settings) out['template.settings'] = flattenSettings(template.settings as Record<string, unknown>)
  if (template?.mappings) out['template.mappings'] = template.mappings
  if (template?.aliases && Object.keys(template.aliases).length) out['template.aliases'] = template.aliases
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key]
  return out
}
