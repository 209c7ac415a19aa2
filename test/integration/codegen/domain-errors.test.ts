// What the user must fix stops the run before anything is generated or written (exit 4, file:line): a syntax error,
// a typo'd type name, and same-named entities and ports in two bounded contexts.
import assert from 'node:assert/strict'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { planRepositoryGeneration } from '../../../src/codegen/repository-service'
import { loadConfig } from '../../../src/core/config'
import { ExitCode, InfraError } from '../../../src/core/errors'
import { REPO_ROOT, uniqueName } from '../../support/services'

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'domains')

async function expectStop(fixture: string, edit: (root: string) => void, message: RegExp): Promise<void> {
  const root = path.join(REPO_ROOT, '.infra-tmp', uniqueName('fx_errors'))
  mkdirSync(path.dirname(root), { recursive: true })
  cpSync(path.join(FIXTURES, fixture), root, { recursive: true })
  try {
    edit(root)
    const config = await loadConfig({ cwd: root, env: {} })
    assert.throws(
      () => planRepositoryGeneration(config, { ports: [], all: true, force: false }),
      (error: unknown) => {
        assert.ok(error instanceof InfraError, String(error))
        assert.equal(error.exitCode, ExitCode.InvalidInput)
        assert.match(error.message, message)
        return true
      },
    )
    assert.equal(existsSync(path.join(root, 'src', 'infrastructure')), false, 'nothing was generated')
    assert.equal(existsSync(path.join(root, 'infra')), false, 'no migration was written')
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

function replaceIn(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8')
  assert.ok(text.includes(from), `${from} in ${file}`)
  writeFileSync(file, text.replace(from, to))
}

describe('generate repository: input errors stop the run before anything is written', () => {
  it('a syntax error in an entity file is exit 4 naming file:line:column', async () => {
    await expectStop(
      'primitives-pair',
      (root) => replaceIn(path.join(root, 'src/tasks/task.ts'), 'static rebuild(', 'static rebuild(('),
      /src\/tasks\/task\.ts:\d+:\d+: TS\d+ /,
    )
  })

  it("a typo'd type name is exit 4 naming it, never a JSON column", async () => {
    await expectStop(
      'primitives-pair',
      (root) => replaceIn(path.join(root, 'src/notes/note.ts'), 'readonly title: string', 'readonly title: strnig'),
      /src\/notes\/note\.ts:\d+:\d+: TS2552 Cannot find name 'strnig'/,
    )
  })

  it('same-named entities and ports in two contexts are exit 4 naming both files', async () => {
    await expectStop(
      'bounded-contexts',
      () => undefined,
      /src\/identity\/account\.ts:\d+: Account is declared twice: here and at src\/billing\/account\.ts:\d+:\d+[\s\S]*AccountRepository is declared twice/,
    )
  })
})
