import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { InvalidInputError } from '../../core/errors'

/** Where infra remembers what it last wrote: path (relative to the root) -> sha256 of the content. */
export const MANIFEST_PATH = 'infra/.generated.json'

export interface Manifest {
  version: 1
  files: Record<string, string>
}

export function sha256(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex')
}

export function emptyManifest(): Manifest {
  return { version: 1, files: {} }
}

export function readManifest(root: string): Manifest {
  const file = path.join(root, MANIFEST_PATH)
  if (!existsSync(file)) return emptyManifest()
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Manifest>
    if (parsed.version !== 1 || typeof parsed.files !== 'object' || parsed.files === null) throw new Error('expected {"version":1,"files":{...}}')
    return { version: 1, files: { ...parsed.files } }
  } catch (error) {
    throw new InvalidInputError({
      code: 'MANIFEST_INVALID',
      message: `${file}: cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      hint: `Delete ${MANIFEST_PATH} and run again with --force to regenerate every file (edits in generated files are then overwritten).`,
      details: { file },
    })
  }
}

export function serializeManifest(manifest: Manifest): string {
  const files = Object.fromEntries(Object.entries(manifest.files).sort(([a], [b]) => a.localeCompare(b)))
  return `${JSON.stringify({ version: 1, files }, null, 2)}\n`
}
