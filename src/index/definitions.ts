import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { InvalidInputError } from '../core/errors'

/** One index behind an alias: `infra/elastic/<alias>.yaml|json`, the body of a create-index request. */
export interface IndexDefinition {
  kind: 'index'
  alias: string
  /** the definition file, relative to the project root */
  file: string
  settings: Record<string, unknown>
  mappings: Record<string, unknown>
  /** extra aliases (filter, routing...) that move with the main one */
  aliases: Record<string, Record<string, unknown>>
}

/** A component or composable index template: `infra/elastic/{component,index}_templates/<name>.yaml|json`. */
export interface TemplateDefinition {
  kind: 'component_template' | 'index_template'
  name: string
  file: string
  body: Record<string, unknown>
}

export interface Definitions {
  indices: IndexDefinition[]
  templates: TemplateDefinition[]
}

const record = z.record(z.string(), z.unknown())
const IndexFileSchema = z.strictObject({
  alias: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'expected a lowercase alias name (letters, digits, _ . -)')
    .optional(),
  settings: record.optional(),
  mappings: record.optional(),
  aliases: z.record(z.string(), record).optional(),
})
const ComponentTemplateSchema = z.strictObject({
  template: z.strictObject({ settings: record.optional(), mappings: record.optional(), aliases: record.optional() }),
  version: z.number().int().optional(),
  _meta: record.optional(),
})
const IndexTemplateSchema = z.strictObject({
  index_patterns: z.union([z.string(), z.array(z.string()).min(1)]),
  template: z.strictObject({ settings: record.optional(), mappings: record.optional(), aliases: record.optional() }).optional(),
  composed_of: z.array(z.string()).optional(),
  priority: z.number().int().nonnegative().optional(),
  version: z.number().int().optional(),
  _meta: record.optional(),
  data_stream: record.optional(),
  allow_auto_create: z.boolean().optional(),
})

/** Mapping keys that may stand at the top of `mappings`; anything else there is a legacy mapping type or a typo. */
const MAPPING_ROOT_KEYS = new Set([
  'properties',
  'dynamic',
  'dynamic_templates',
  '_source',
  '_routing',
  '_meta',
  'date_detection',
  'dynamic_date_formats',
  'numeric_detection',
  'runtime',
  'enabled',
  'subobjects',
  '_field_names',
  '_data_stream_timestamp',
])

const EXTENSIONS = ['.yaml', '.yml', '.json']

/** Reads every definition under `directory` (relative to `root`); invalid files throw exit 4 naming file and path. */
export function readDefinitions(root: string, directory: string): Definitions {
  const dir = path.resolve(root, directory)
  const definitions: Definitions = { indices: [], templates: [] }
  if (!existsSync(dir)) return definitions
  for (const file of definitionFiles(dir)) definitions.indices.push(parseIndexFile(root, path.join(dir, file)))
  for (const [sub, kind] of [
    ['component_templates', 'component_template'],
    ['index_templates', 'index_template'],
  ] as const) {
    const subDir = path.join(dir, sub)
    if (!existsSync(subDir)) continue
    for (const file of definitionFiles(subDir)) definitions.templates.push(parseTemplateFile(root, path.join(subDir, file), kind))
  }
  const seen = new Map<string, string>()
  for (const index of definitions.indices) {
    const other = seen.get(index.alias)
    if (other) {
      throw new InvalidInputError({
        code: 'INDEX_DEFINITION_DUPLICATE_ALIAS',
        message: `${index.file} and ${other} both define the alias "${index.alias}"`,
        hint: 'Rename one file or change its `alias` key.',
        details: { file: index.file, other },
      })
    }
    seen.set(index.alias, index.file)
  }
  return definitions
}

function definitionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && EXTENSIONS.includes(path.extname(entry.name)))
    .map((entry) => entry.name)
    .sort()
}

function readDocument(root: string, absolute: string): { file: string; value: unknown } {
  const file = path.relative(root, absolute)
  const text = readFileSync(absolute, 'utf8')
  try {
    return { file, value: path.extname(absolute) === '.json' ? JSON.parse(text) : parseYaml(text) }
  } catch (error) {
    throw new InvalidInputError({
      code: 'INDEX_DEFINITION_SYNTAX',
      message: `${file}: not valid ${path.extname(absolute) === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`,
      hint: 'Fix the syntax of the file.',
      details: { file },
      cause: error,
    })
  }
}

function invalid(file: string, issue: { path: PropertyKey[]; message: string }): InvalidInputError {
  const where = issue.path.map(String).join('.') || '(root)'
  return new InvalidInputError({
    code: 'INDEX_DEFINITION_INVALID',
    message: `${file}: ${where}: ${issue.message}`,
    hint: 'An index file holds `settings`, `mappings`, `aliases` and optionally `alias`, as the create-index body does (docs/index.md).',
    details: { file, path: where },
  })
}

export function parseIndexFile(root: string, absolute: string): IndexDefinition {
  const { file, value } = readDocument(root, absolute)
  const parsed = IndexFileSchema.safeParse(value ?? {})
  if (!parsed.success) throw invalid(file, parsed.error.issues[0]!)
  const alias = parsed.data.alias ?? path.basename(absolute, path.extname(absolute))
  if (!/^[a-z0-9][a-z0-9_.-]*$/.test(alias)) {
    throw invalid(file, { path: ['alias'], message: `the file name gives the alias "${alias}", which is not a valid lowercase index name; set \`alias\`` })
  }
  const mappings = parsed.data.mappings ?? {}
  checkMappingRoot(file, mappings)
  return { kind: 'index', alias, file, settings: parsed.data.settings ?? {}, mappings, aliases: parsed.data.aliases ?? {} }
}

/** `{"mappings": {"doc": {"properties": ...}}}` is a pre-7 mapping type: say so instead of "unknown key". */
function checkMappingRoot(file: string, mappings: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(mappings)) {
    if (MAPPING_ROOT_KEYS.has(key)) continue
    const looksLikeType = typeof value === 'object' && value !== null && 'properties' in value
    throw new InvalidInputError({
      code: looksLikeType ? 'INDEX_DEFINITION_MAPPING_TYPE' : 'INDEX_DEFINITION_INVALID',
      message: looksLikeType
        ? `${file}: mappings.${key}: "${key}" is a legacy mapping type; Elasticsearch 7+ has one mapping per index`
        : `${file}: mappings.${key}: unknown mapping key "${key}"`,
      hint: looksLikeType
        ? `Move mappings.${key}.properties up to mappings.properties and drop "${key}".`
        : `Allowed at the top of mappings: ${[...MAPPING_ROOT_KEYS].join(', ')}.`,
      details: { file, path: `mappings.${key}` },
    })
  }
}

function parseTemplateFile(root: string, absolute: string, kind: TemplateDefinition['kind']): TemplateDefinition {
  const { file, value } = readDocument(root, absolute)
  const parsed = (kind === 'component_template' ? ComponentTemplateSchema : IndexTemplateSchema).safeParse(value ?? {})
  if (!parsed.success) throw invalid(file, parsed.error.issues[0]!)
  const body = parsed.data as Record<string, unknown>
  const mappings = (body.template as { mappings?: Record<string, unknown> } | undefined)?.mappings
  if (mappings) checkMappingRoot(file, mappings)
  return { kind, name: path.basename(absolute, path.extname(absolute)), file, body }
}
