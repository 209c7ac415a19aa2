import type { Client } from '@elastic/elasticsearch'
import type { IndexDefinition, TemplateDefinition } from './definitions'
import type { FlatValue } from './normalize'
import { versionOf, type LiveIndex, type LiveTemplate } from './plan'

/** Reads what the cluster holds for each definition: alias -> index, its settings (with defaults), mappings, field defaults. */
export async function readLiveIndex(client: Client, alias: string): Promise<LiveIndex> {
  const live: LiveIndex = { alias, nameTakenByIndex: false, versions: [], settings: {}, mappings: {}, fieldDefaults: {}, aliases: {} }
  const versioned = (await client.indices.get({
    index: `${alias}-v*`,
    expand_wildcards: 'all',
    ignore_unavailable: true,
    allow_no_indices: true,
    features: ['aliases'],
  })) as Record<string, { aliases?: Record<string, unknown> }>
  live.versions = Object.keys(versioned)
    .map((name) => versionOf(alias, name))
    .filter((v): v is number => v !== undefined)
  const holders = await aliasHolders(client, alias)
  if (holders.length === 0) {
    live.nameTakenByIndex = await client.indices.exists({ index: alias })
    return live
  }
  live.index = holders.find((h) => h.isWriteIndex)?.index ?? holders[0]!.index
  const index = live.index
  const [settings, mapping, fields, aliases] = await Promise.all([
    client.indices.getSettings({ index, flat_settings: true, include_defaults: true }),
    client.indices.getMapping({ index }),
    client.indices.getFieldMapping({ index, fields: '*', include_defaults: true }),
    client.indices.getAlias({ index }),
  ])
  const entry = settings[index] as { settings?: Record<string, unknown>; defaults?: Record<string, unknown> } | undefined
  for (const [key, value] of Object.entries({ ...entry?.defaults, ...entry?.settings })) live.settings[key] = flat(value)
  live.mappings = (mapping[index]?.mappings ?? {}) as Record<string, unknown>
  const fieldMappings = (fields[index]?.mappings ?? {}) as Record<string, { full_name: string; mapping: Record<string, Record<string, unknown>> }>
  for (const [fieldPath, field] of Object.entries(fieldMappings)) {
    if (fieldPath.startsWith('_')) continue
    const leaf = Object.values(field.mapping)[0]
    if (leaf) live.fieldDefaults[field.full_name ?? fieldPath] = leaf
  }
  const onIndex = (aliases[index]?.aliases ?? {}) as Record<string, Record<string, unknown>>
  for (const [name, body] of Object.entries(onIndex)) {
    if (name === alias) continue
    const { is_write_index: _ignored, ...rest } = body
    live.aliases[name] = rest
  }
  return live
}

function flat(value: unknown): FlatValue {
  if (value === null || value === undefined) return null
  if (Array.isArray(value)) return value.map(String)
  return String(value)
}

export interface AliasHolder {
  index: string
  isWriteIndex: boolean
}

/** The indices `alias` points to (empty when it does not exist). */
export async function aliasHolders(client: Client, alias: string): Promise<AliasHolder[]> {
  const exists = await client.indices.existsAlias({ name: alias })
  if (!exists) return []
  const response = await client.indices.getAlias({ name: alias })
  return Object.entries(response).map(([index, body]) => {
    const entry = (body.aliases as Record<string, { is_write_index?: boolean }>)[alias]
    return { index, isWriteIndex: entry?.is_write_index === true }
  })
}

export async function readLiveTemplate(client: Client, def: TemplateDefinition): Promise<LiveTemplate> {
  if (def.kind === 'component_template') {
    const response = await client.cluster.getComponentTemplate({ name: def.name }, { ignore: [404] })
    const found = response.component_templates?.find((t) => t.name === def.name)
    return { kind: def.kind, name: def.name, body: found ? stripEmpty(found.component_template as unknown as Record<string, unknown>) : undefined }
  }
  const response = await client.indices.getIndexTemplate({ name: def.name }, { ignore: [404] })
  const found = response.index_templates?.find((t) => t.name === def.name)
  return { kind: def.kind, name: def.name, body: found ? stripEmpty(found.index_template as unknown as Record<string, unknown>) : undefined }
}

/** The server reports `composed_of: []`, empty sections the file never had and its own timestamps. */
function stripEmpty(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(body)) {
    // 9.x stamps templates with when they were created and modified
    if (/^(created|modified)_date(_millis)?$/.test(key)) continue
    if (Array.isArray(value) && value.length === 0) continue
    if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) continue
    out[key] = value && typeof value === 'object' && !Array.isArray(value) && key === 'template' ? stripEmpty(value as Record<string, unknown>) : value
  }
  return out
}

export async function readLiveState(
  client: Client,
  definitions: { indices: IndexDefinition[]; templates: TemplateDefinition[] },
): Promise<{ indices: LiveIndex[]; templates: LiveTemplate[] }> {
  const templates = await Promise.all(definitions.templates.map((def) => readLiveTemplate(client, def)))
  const indices = await Promise.all(definitions.indices.map((def) => readLiveIndex(client, def.alias)))
  return { indices, templates }
}
