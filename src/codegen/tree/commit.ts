import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { OperationFailedError } from '../../core/errors'
import { MANIFEST_PATH, readManifest, serializeManifest, sha256, type Manifest } from './manifest'
import type { FileChange, Tree } from './tree'

export type FileAction = 'create' | 'update' | 'delete' | 'unchanged' | 'skipped'

export interface PlannedFile {
  readonly path: string
  readonly action: FileAction
  /** why a file is skipped */
  readonly reason?: string
}

export interface WritePlan {
  /** every file the generators touched, with what will happen to it */
  readonly files: PlannedFile[]
  /** the changes to write */
  readonly apply: FileChange[]
  /** changes left alone because the user edited the file (or infra never wrote it) */
  readonly skipped: FileChange[]
  readonly manifest: Manifest
}

/**
 * Decides which of the tree's changes may be written: a file on disk is replaced only when infra wrote it
 * and nobody changed it since (its hash is still the one in the manifest), or with `force`.
 */
export function planWrites(tree: Tree, options: { force?: boolean } = {}): WritePlan {
  const manifest = readManifest(tree.root)
  const changes = new Map(tree.listChanges().map((c) => [c.path, c]))
  const files: PlannedFile[] = []
  const apply: FileChange[] = []
  const skipped: FileChange[] = []
  for (const file of [...tree.touched()].sort((a, b) => a.localeCompare(b))) {
    const change = changes.get(file)
    if (!change) {
      files.push({ path: file, action: 'unchanged' })
      continue
    }
    const recorded = manifest.files[file]
    const owned = change.before === null || (recorded !== undefined && sha256(change.before) === recorded)
    if (owned || options.force) {
      apply.push(change)
      files.push({ path: file, action: change.type === 'CREATE' ? 'create' : change.type === 'UPDATE' ? 'update' : 'delete' })
    } else {
      skipped.push(change)
      files.push({
        path: file,
        action: 'skipped',
        reason: recorded === undefined ? 'the file exists and was not written by infra' : 'the file was edited since infra wrote it',
      })
    }
  }
  return { files, apply, skipped, manifest }
}

/** The manifest after `plan` is applied: written files get their new hash; untouched owned files keep theirs. */
export function nextManifest(tree: Tree, plan: WritePlan): Manifest {
  const files = { ...plan.manifest.files }
  const skipped = new Set(plan.skipped.map((c) => c.path))
  for (const file of tree.touched()) {
    if (skipped.has(file)) continue
    const content = tree.read(file)
    if (content === null) delete files[file]
    else files[file] = sha256(content)
  }
  return { version: 1, files }
}

/**
 * Writes the plan atomically enough that an error leaves nothing half-written: every file goes to a temporary
 * sibling first; only when all are written are they renamed into place (then deletions, then the manifest).
 */
export function commitTree(tree: Tree, plan: WritePlan): void {
  const manifest = nextManifest(tree, plan)
  const writes: Array<{ target: string; content: string }> = plan.apply
    .filter((c) => c.content !== null)
    .map((c) => ({ target: tree.absolute(c.path), content: c.content as string }))
  const manifestContent = serializeManifest(manifest)
  if (plan.apply.length > 0 || tree.read(MANIFEST_PATH) !== manifestContent) {
    writes.push({ target: tree.absolute(MANIFEST_PATH), content: manifestContent })
  }
  const staged: Array<{ temporary: string; target: string }> = []
  try {
    for (const { target, content } of writes) {
      mkdirSync(path.dirname(target), { recursive: true })
      const temporary = path.join(path.dirname(target), `.${path.basename(target)}.infra-${process.pid}-${staged.length}.tmp`)
      writeFileSync(temporary, content)
      staged.push({ temporary, target })
    }
  } catch (error) {
    for (const { temporary } of staged) rmSync(temporary, { force: true })
    throw new OperationFailedError({
      code: 'WRITE_FAILED',
      message: `could not write generated files (nothing was changed): ${error instanceof Error ? error.message : String(error)}`,
      hint: 'Check that the project directory is writable and the disk is not full.',
      cause: error,
    })
  }
  for (const { temporary, target } of staged) renameSync(temporary, target)
  for (const change of plan.apply) if (change.content === null) rmSync(tree.absolute(change.path), { force: true })
}
