import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { z } from 'zod'
import { InvalidInputError } from '../errors'
import { registerSecretsOf } from '../mask'
import { defaultExport, loadUserModule } from '../module-loader'
import { ConfigSchema, type ConfigValues } from './schema'
import { ENVIRONMENT_KEYS } from './environment'

export const CONFIG_FILE_NAMES = [
  'infra.config.ts',
  'infra.config.mts',
  'infra.config.cts',
  'infra.config.js',
  'infra.config.mjs',
  'infra.config.cjs',
  'infra.config.json',
  'infra.config.yaml',
  'infra.config.yml',
] as const

export { ENVIRONMENT_KEYS } from './environment'

export type ConfigSource = 'flag' | 'env' | 'file' | 'default'

export interface Config extends ConfigValues {
  /** the project root: relative paths in the configuration resolve from here */
  readonly root: string
  /** the config file that was read, if any */
  readonly file?: string
  /** where each service URL came from (dotted key -> source) */
  readonly sources: Readonly<Record<string, ConfigSource>>
}

export interface LoadConfigOptions {
  /** the directory to run in (default: process.cwd()) */
  cwd?: string
  /** an explicit config file (--config); it must exist */
  configFile?: string
  /** flag values by dotted key, e.g. {"mysql.url": "..."}; undefined values are ignored */
  overrides?: Readonly<Record<string, unknown>>
  env?: NodeJS.ProcessEnv
}

/** flags > environment > config file > defaults, validated against the schema. */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<Config> {
  const cwd = path.resolve(options.cwd ?? process.cwd())
  const file = options.configFile ? path.resolve(cwd, options.configFile) : findConfigFile(cwd)
  if (options.configFile && !existsSync(file!)) {
    throw new InvalidInputError({
      code: 'CONFIG_NOT_FOUND',
      message: `config file ${file} does not exist`,
      hint: 'Check the --config path, or run `infra init` to create one.',
    })
  }
  const raw = file ? await readConfigFile(file) : {}
  const sources: Record<string, ConfigSource> = {}
  for (const keyPath of Object.values(ENVIRONMENT_KEYS)) {
    const dotted = keyPath.join('.')
    sources[dotted] = getPath(raw, keyPath) === undefined ? 'default' : 'file'
  }
  const env = options.env ?? process.env
  for (const [name, keyPath] of Object.entries(ENVIRONMENT_KEYS)) {
    const value = env[name]
    if (value !== undefined && value !== '') {
      setPath(raw, keyPath, value === 'false' && name === 'INFRA_RABBITMQ_MANAGEMENT_URL' ? false : value)
      sources[keyPath.join('.')] = 'env'
    }
  }
  for (const [dotted, value] of Object.entries(options.overrides ?? {})) {
    if (value === undefined) continue
    setPath(raw, dotted.split('.'), value)
    if (dotted in sources) sources[dotted] = 'flag'
  }

  const parsed = ConfigSchema.safeParse(raw)
  if (!parsed.success) throw configError(parsed.error, file, sources)
  const values = parsed.data
  for (const url of [values.mysql.url, values.elasticsearch.url, values.redis.url, values.rabbitmq.url, values.rabbitmq.managementUrl, ...values.redis.nodes]) {
    if (typeof url === 'string') registerSecretsOf(url)
  }
  return { ...values, root: file ? path.dirname(file) : cwd, file, sources }
}

export function findConfigFile(cwd: string): string | undefined {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = path.join(cwd, name)
    if (existsSync(candidate)) return candidate
  }
  return undefined
}

async function readConfigFile(file: string): Promise<Record<string, unknown>> {
  const extension = path.extname(file)
  let value: unknown
  try {
    if (extension === '.json') value = JSON.parse(readFileSync(file, 'utf8'))
    else if (extension === '.yaml' || extension === '.yml') value = await parseYaml(file)
    else {
      const loaded = defaultExport(await loadUserModule(file))
      value = typeof loaded === 'function' ? await (loaded as () => unknown)() : await loaded
    }
  } catch (error) {
    if (error instanceof InvalidInputError) throw error
    throw new InvalidInputError({
      code: 'CONFIG_UNREADABLE',
      message: `${file}: cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      hint: 'Fix the syntax of the config file (see docs/configuration.md).',
      cause: error,
      details: { file },
    })
  }
  if (value === null || value === undefined) return {}
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidInputError({
      code: 'CONFIG_INVALID',
      message: `${file}: expected an object at the top level, got ${Array.isArray(value) ? 'an array' : typeof value}`,
      hint: 'A config file holds one object, e.g. { mysql: { url: "mysql://..." } }.',
      details: { file },
    })
  }
  return structuredClone(value as Record<string, unknown>)
}

async function parseYaml(file: string): Promise<unknown> {
  const { parseDocument } = require('yaml') as typeof import('yaml')
  const document = parseDocument(readFileSync(file, 'utf8'))
  const [first] = document.errors
  if (first) {
    const position = first.linePos?.[0]
    throw new InvalidInputError({
      code: 'CONFIG_UNREADABLE',
      message: `${file}${position ? `:${position.line}:${position.col}` : ''}: ${first.message.split('\n')[0]}`,
      hint: 'Fix the YAML syntax at that position.',
      details: { file, line: position?.line, column: position?.col },
    })
  }
  return document.toJS()
}

function configError(error: z.ZodError, file: string | undefined, sources: Record<string, ConfigSource>): InvalidInputError {
  const issues = error.issues.map((issue) => {
    const key = issue.path.join('.') || '(top level)'
    const message =
      issue.code === 'unrecognized_keys' ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message
    const origin = sources[key] === 'env' ? `environment (${envNameOf(key)})` : sources[key] === 'flag' ? 'command-line flag' : (file ?? 'defaults')
    return { key, message, origin }
  })
  const first = issues[0]!
  const summary = issues.map((i) => `  ${i.key}: ${i.message} (from ${i.origin})`).join('\n')
  return new InvalidInputError({
    code: 'CONFIG_INVALID',
    message: `invalid configuration${file ? ` in ${file}` : ''}: ${first.key}: ${first.message}${issues.length > 1 ? `\n${summary}` : ''}`,
    hint: `Fix "${first.key}" in ${first.origin}; docs/configuration.md lists every key.`,
    details: { file, issues },
  })
}

function envNameOf(key: string): string | undefined {
  return Object.entries(ENVIRONMENT_KEYS).find(([, keyPath]) => keyPath.join('.') === key)?.[0]
}

function getPath(target: Record<string, unknown>, keyPath: readonly string[]): unknown {
  let node: unknown = target
  for (const key of keyPath) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}

function setPath(target: Record<string, unknown>, keyPath: readonly string[], value: unknown): void {
  let node = target
  for (const key of keyPath.slice(0, -1)) {
    const next = node[key]
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[key] = {}
    node = node[key] as Record<string, unknown>
  }
  node[keyPath[keyPath.length - 1]!] = value
}
