import { maskUrl } from '../mask'
import type { Config } from './load'

/** The resolved configuration as plain data with every secret masked (what `infra config show` prints). */
export function maskedConfig(config: Config): Record<string, unknown> {
  const { root, file, sources, ...values } = config
  return {
    root,
    file: file ?? null,
    sources,
    ...(JSON.parse(JSON.stringify(values, (key, value: unknown) => (typeof value === 'string' && /url$/i.test(key) ? maskUrl(value) : value))) as Record<
      string,
      unknown
    >),
  }
}

/** A value as YAML would read it back: `{{event_type}}` is quoted (a bare `{` starts a mapping), objects in flow style. */
export function yamlValue(value: unknown): string {
  const { stringify } = require('yaml') as typeof import('yaml')
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : stringify(value).trimEnd()
}
