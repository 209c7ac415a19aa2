import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { REPO_ROOT, runCli } from '../support/services'

interface Manifest {
  commands: Record<string, { summary?: string; description?: string; examples?: unknown[]; flags: Record<string, unknown> }>
}

describe('every command', () => {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'oclif.manifest.json'), 'utf8')) as Manifest
  const ids = Object.keys(manifest.commands).sort()

  it('is in the built manifest', () => {
    assert.ok(ids.includes('doctor') && ids.includes('config:show'), ids.join(', '))
  })

  for (const id of ids) {
    it(`${id}: has a summary, examples, --json, and --help that shows them`, async () => {
      const command = manifest.commands[id]!
      assert.ok(command.summary, 'summary')
      assert.ok((command.examples ?? []).length > 0, 'examples')
      assert.ok('json' in command.flags, '--json flag')
      const help = await runCli([...id.split(':'), '--help'])
      assert.equal(help.code, 0, help.stderr)
      assert.match(help.stdout, /EXAMPLES/)
    })
  }

  it('exits 4 with a JSON error for an unknown flag', async () => {
    const result = await runCli(['doctor', '--no-such-flag', '--json'])
    assert.equal(result.code, 4)
    assert.equal((JSON.parse(result.stdout) as { error: { code: string } }).error.code, 'USAGE')
  })
})
