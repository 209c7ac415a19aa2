import assert from 'node:assert/strict'
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { planRepositoryGeneration } from '../../../src/codegen/repository-service'
import { BUILTIN_TEMPLATES_DIR } from '../../../src/codegen/render'
import { loadConfig } from '../../../src/core/config'
import { REPO_ROOT, uniqueName } from '../../support/services'

const MARK = '    // counted by the project partial'

/** The generated repository classes of a run, by path. */
async function repositories(root: string): Promise<Map<string, string>> {
  const config = await loadConfig({ cwd: root, env: {} })
  const run = planRepositoryGeneration(config, { ports: [], all: true, force: false, now: new Date('2026-11-24T12:00:00Z') })
  return new Map(
    run.tree
      .touched()
      .filter((f) => f.includes('/repository/'))
      .map((f) => [f, run.tree.read(f) ?? '']),
  )
}

describe('templates own the method bodies: one partial per operation kind', () => {
  let root: string
  before(() => {
    root = path.join(REPO_ROOT, '.infra-tmp', uniqueName('partials'))
    mkdirSync(path.dirname(root), { recursive: true })
    cpSync(path.join(REPO_ROOT, 'examples', 'shop-cjs'), root, { recursive: true, filter: (file) => !/node_modules|[/\\]dist([/\\]|$)/.test(file) })
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  it('an override of repository/partials/count.hbs changes exactly the count methods', async () => {
    const before = await repositories(root)
    const partial = path.join(root, 'infra', 'templates', 'repository', 'partials', 'count.hbs')
    mkdirSync(path.dirname(partial), { recursive: true })
    // the built-in partial (as `infra templates eject` copies it) with one line added
    writeFileSync(partial, `${MARK}\n${readFileSync(path.join(BUILTIN_TEMPLATES_DIR, 'repository', 'partials', 'count.hbs'), 'utf8')}`)
    const after = await repositories(root)
    assert.deepEqual([...after.keys()], [...before.keys()])
    let counts = 0
    let marks = 0
    for (const [file, text] of after) {
      const original = before.get(file)!
      // taking the marks out gives back the built-in output: nothing else changed
      assert.equal(
        text
          .split('\n')
          .filter((line) => line !== MARK)
          .join('\n'),
        original,
        file,
      )
      // every mark opens a body that counts rows, and every counting body has one
      const lines = text.split('\n')
      lines.forEach((line, index) => {
        if (line !== MARK) return
        marks++
        const body = lines.slice(index + 1, lines.indexOf('  }', index))
        assert.match(body.at(-1)!, /^ {4}return this\.model\.count(<\w+>)?\(/, `${file}:${index + 1}`)
      })
      counts += original.split('\n').filter((line) => /^ {4}return this\.model\.count(<\w+>)?\(/.test(line)).length
    }
    assert.ok(marks >= 3, `the example has count methods (found ${marks})`)
    assert.equal(marks, counts)
  })
})
