import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { commitTree, MANIFEST_PATH, planWrites, readManifest, sha256, Tree, unifiedDiff } from '../../../../src/codegen/tree'
import { InfraError } from '../../../../src/core/errors'

let root: string
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'infra-tree-'))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

const file = (relative: string) => path.join(root, relative)

describe('Tree', () => {
  it('keeps writes in memory, reads them back, and lists typed changes without identical content', () => {
    mkdirSync(file('src'), { recursive: true })
    writeFileSync(file('src/same.ts'), 'same\n')
    writeFileSync(file('src/old.ts'), 'old\n')
    writeFileSync(file('src/gone.ts'), 'gone\n')
    const tree = new Tree(root)
    tree.write('src/new.ts', 'new\n')
    tree.write('src/same.ts', 'same\n')
    tree.write('src/old.ts', 'changed\n')
    tree.delete('src/gone.ts')
    tree.delete('src/never.ts')
    assert.equal(tree.read('src/new.ts'), 'new\n')
    assert.equal(existsSync(file('src/new.ts')), false, 'nothing reaches the disk before commit')
    assert.deepEqual(
      tree.listChanges().map((c) => `${c.type} ${c.path}`),
      ['DELETE src/gone.ts', 'CREATE src/new.ts', 'UPDATE src/old.ts'],
    )
  })

  it('refuses paths outside the root', () => {
    assert.throws(() => new Tree(root).write('../escape.ts', 'x'), InfraError)
  })

  it('commits, records hashes, and then leaves a file the user edited alone unless forced', () => {
    const first = new Tree(root)
    first.write('src/a.ts', 'v1\n')
    first.write('src/b.ts', 'b1\n')
    commitTree(first, planWrites(first))
    assert.equal(readFileSync(file('src/a.ts'), 'utf8'), 'v1\n')
    assert.equal(readManifest(root).files['src/a.ts'], sha256('v1\n'))

    writeFileSync(file('src/a.ts'), 'edited by hand\n')
    const second = new Tree(root)
    second.write('src/a.ts', 'v2\n')
    second.write('src/b.ts', 'b2\n')
    const plan = planWrites(second)
    assert.deepEqual(
      plan.files.map((f) => `${f.action} ${f.path}`),
      ['skipped src/a.ts', 'update src/b.ts'],
    )
    commitTree(second, plan)
    assert.equal(readFileSync(file('src/a.ts'), 'utf8'), 'edited by hand\n')
    assert.equal(readFileSync(file('src/b.ts'), 'utf8'), 'b2\n')
    assert.equal(readManifest(root).files['src/a.ts'], sha256('v1\n'), 'the skipped file keeps its old hash, so it stays "edited"')

    const forced = new Tree(root)
    forced.write('src/a.ts', 'v2\n')
    commitTree(forced, planWrites(forced, { force: true }))
    assert.equal(readFileSync(file('src/a.ts'), 'utf8'), 'v2\n')
    assert.equal(readManifest(root).files['src/a.ts'], sha256('v2\n'))
  })

  it('never overwrites a file infra did not write', () => {
    mkdirSync(file('src'), { recursive: true })
    writeFileSync(file('src/mine.ts'), 'mine\n')
    const tree = new Tree(root)
    tree.write('src/mine.ts', 'generated\n')
    const plan = planWrites(tree)
    assert.equal(plan.files[0]!.action, 'skipped')
    assert.match(plan.files[0]!.reason ?? '', /not written by infra/)
  })

  it('leaves nothing half-written when a write fails', () => {
    // a regular file where a directory is needed makes the second write fail after the first was staged
    writeFileSync(file('zblocked'), 'a file, not a directory')
    const tree = new Tree(root)
    tree.write('src/a.ts', 'a\n')
    tree.write('zblocked/b.ts', 'b\n')
    assert.throws(
      () => commitTree(tree, planWrites(tree)),
      (error: unknown) => error instanceof InfraError && error.code === 'WRITE_FAILED',
    )
    assert.equal(existsSync(file('src/a.ts')), false)
    assert.deepEqual(readdirSync(file('src')), [], 'temporary files are removed')
    assert.equal(existsSync(file(MANIFEST_PATH)), false)
  })
})

describe('unifiedDiff', () => {
  it('prints hunks with context and headers', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].join('\n') + '\n'
    const after = ['a', 'b', 'c', 'D', 'e', 'f', 'g', 'h', 'i'].join('\n') + '\n'
    assert.equal(
      unifiedDiff('x.ts', before, after),
      ['--- a/x.ts', '+++ b/x.ts', '@@ -1,8 +1,9 @@', ' a', ' b', ' c', '-d', '+D', ' e', ' f', ' g', ' h', '+i', ''].join('\n'),
    )
    assert.equal(unifiedDiff('n.ts', null, 'x\n'), ['--- /dev/null', '+++ b/n.ts', '@@ -0,0 +1,1 @@', '+x', ''].join('\n'))
    assert.equal(unifiedDiff('s.ts', 'same\n', 'same\n'), '')
  })

  it('splits distant changes into separate hunks', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`)
    const changed = [...lines]
    changed[2] = 'first'
    changed[25] = 'second'
    const diff = unifiedDiff('x.ts', lines.join('\n'), changed.join('\n'))
    assert.equal(diff.match(/^@@/gm)?.length, 2)
  })
})
