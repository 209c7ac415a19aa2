import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { InvalidInputError } from '../../core/errors'

export type ChangeType = 'CREATE' | 'UPDATE' | 'DELETE'

export interface FileChange {
  /** relative to the tree's root, with forward slashes */
  readonly path: string
  readonly type: ChangeType
  /** the new content (null for DELETE) */
  readonly content: string | null
  /** what is on disk now (null for CREATE) */
  readonly before: string | null
}

/**
 * Every write of a generator lands here first (Nx devkit style). Reads see pending writes;
 * `listChanges()` compares with disk and drops writes whose content is identical, so a re-run shows no change.
 */
export class Tree {
  readonly root: string
  private readonly pending = new Map<string, string | null>()

  constructor(root: string) {
    this.root = path.resolve(root)
  }

  /** The content at `file`: a pending write, or what is on disk, or null. */
  read(file: string): string | null {
    const key = this.key(file)
    if (this.pending.has(key)) return this.pending.get(key) ?? null
    return this.readDisk(key)
  }

  exists(file: string): boolean {
    return this.read(file) !== null
  }

  write(file: string, content: string): void {
    this.pending.set(this.key(file), content)
  }

  delete(file: string): void {
    this.pending.set(this.key(file), null)
  }

  /** Paths written (or deleted) in this tree, in write order, whether or not they change anything. */
  touched(): string[] {
    return [...this.pending.keys()]
  }

  listChanges(): FileChange[] {
    const changes: FileChange[] = []
    for (const [file, content] of this.pending) {
      const before = this.readDisk(file)
      if (content === null) {
        if (before !== null) changes.push({ path: file, type: 'DELETE', content: null, before })
      } else if (before === null) changes.push({ path: file, type: 'CREATE', content, before })
      else if (before !== content) changes.push({ path: file, type: 'UPDATE', content, before })
    }
    return changes.sort((a, b) => a.path.localeCompare(b.path))
  }

  absolute(file: string): string {
    return path.join(this.root, this.key(file))
  }

  private readDisk(key: string): string | null {
    const full = path.join(this.root, key)
    return existsSync(full) ? readFileSync(full, 'utf8') : null
  }

  private key(file: string): string {
    const relative = path.isAbsolute(file) ? path.relative(this.root, file) : path.normalize(file)
    const posix = relative.split(path.sep).join('/')
    if (posix.startsWith('../') || posix === '..' || posix === '') {
      throw new InvalidInputError({
        code: 'TREE_PATH_OUTSIDE_ROOT',
        message: `cannot write ${file}: it is outside the project root ${this.root}`,
        hint: 'Keep generate.infrastructureDir and migrate.directory inside the project.',
      })
    }
    return posix
  }
}
