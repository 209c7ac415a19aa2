import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { InvalidInputError } from '../core/errors'
import { migrationChecksum } from './checksum'

/** A migration file on disk: the desired state. */
export interface MigrationFile {
  /** the file name without its extension: the migration's identity, sorted in application order */
  name: string
  /** path relative to the project root, for messages */
  file: string
  /** absolute path */
  path: string
  extension: MigrationExtension
  checksum: string
  content: string
}

export const MIGRATION_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.cjs', '.mjs', '.sql'] as const
export type MigrationExtension = (typeof MIGRATION_EXTENSIONS)[number]

/** Strips a migration extension from a file name (sequelize-cli records names with theirs). */
export function migrationNameOf(fileName: string): string {
  const extension = MIGRATION_EXTENSIONS.find((e) => fileName.endsWith(e))
  return extension ? fileName.slice(0, -extension.length) : fileName
}

/** Byte-order comparison: the order migrations apply in, independent of locale. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Reads the migrations folder: every .ts/.mts/.cts/.js/.cjs/.mjs/.sql file (not .d.ts, not dotfiles), sorted by name.
 * A missing folder or two files with the same name (001-a.ts and 001-a.sql) is invalid input.
 */
export function readMigrationFiles(root: string, directory: string): MigrationFile[] {
  const folder = path.resolve(root, directory)
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new InvalidInputError({
      code: 'MIGRATIONS_FOLDER_MISSING',
      message: `The migrations folder ${path.relative(root, folder) || folder} does not exist`,
      hint: 'Create it with `infra migrate create <name>`, or set migrate.directory in the config.',
      details: { directory: folder },
    })
  }
  const files: MigrationFile[] = []
  const byName = new Map<string, string[]>()
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (!entry.isFile() || entry.name.startsWith('.') || /\.d\.[cm]?ts$/.test(entry.name)) continue
    const extension = MIGRATION_EXTENSIONS.find((e) => path.extname(entry.name) === e)
    if (!extension) continue
    const absolute = path.join(folder, entry.name)
    const content = readFileSync(absolute, 'utf8')
    const name = entry.name.slice(0, -extension.length)
    const file = path.relative(root, absolute)
    files.push({ name, file, path: absolute, extension, checksum: migrationChecksum(content), content })
    byName.set(name, [...(byName.get(name) ?? []), file])
  }
  const duplicates = [...byName.entries()].filter(([, list]) => list.length > 1)
  if (duplicates.length > 0) {
    throw new InvalidInputError({
      code: 'MIGRATION_DUPLICATE',
      message: `Two files have the same migration name: ${duplicates.map(([name, list]) => `${name} (${list.sort().join(', ')})`).join('; ')}`,
      hint: 'A migration is named by its file name without extension; rename or delete one of them.',
      details: { duplicates: Object.fromEntries(duplicates) },
    })
  }
  return files.sort((a, b) => compareNames(a.name, b.name))
}
