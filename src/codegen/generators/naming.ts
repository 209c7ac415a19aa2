import path from 'node:path'
import { pluralOf } from '../plural'

/** `createdAt` -> `created_at`, `HTTPStatus` -> `http_status` */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase()
}

export function kebabCase(name: string): string {
  return snakeCase(name).replace(/_/g, '-')
}

/** A table name from an entity name: `OrderLine` -> `order_lines` (English plural rules good enough for table names). */
export function tableNameOf(entity: string): string {
  return pluralOf(snakeCase(entity))
}

/**
 * The specifier that imports `targetFile` (relative to the root) from `fromFile`: `../../domain/user` (+ `.js` under NodeNext ESM).
 */
export function importSpecifier(fromFile: string, targetFile: string, suffix: '' | '.js'): string {
  const withoutExtension = targetFile.replace(/(\.d)?\.(ts|tsx|mts|cts|js|mjs|cjs)$/, '')
  let relative = path.posix.relative(path.posix.dirname(fromFile), withoutExtension)
  if (!relative.startsWith('.')) relative = `./${relative}`
  return `${relative}${suffix}`
}

/** A valid identifier from arbitrary text (for generated local names). */
export function identifier(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_$]/g, '_')
  return /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned
}
