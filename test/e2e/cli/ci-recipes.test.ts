// docs/ci.md stays true: every `npx infra ...` line in its code blocks names a command of the built oclif manifest and
// only flags that command has.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { REPO_ROOT } from '../../support/services'

interface Manifest {
  commands: Record<string, { flags: Record<string, { char?: string }> }>
}

/** Every `npx infra ...` invocation inside the page's fenced code blocks, as its words. */
export function recipeInvocations(markdown: string): string[][] {
  const blocks = markdown.match(/```[\s\S]*?```/g) ?? []
  return blocks.flatMap((block) => [...block.matchAll(/npx infra ([^\n#]+)/g)].map((match) => match[1]!.trim().split(/\s+/)))
}

describe('docs/ci.md', () => {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'oclif.manifest.json'), 'utf8')) as Manifest
  const invocations = recipeInvocations(readFileSync(path.join(REPO_ROOT, 'docs', 'ci.md'), 'utf8'))

  it('has recipes to check', () => {
    assert.ok(invocations.length >= 6, `found ${invocations.length} npx infra lines`)
  })

  for (const words of invocations) {
    it(`npx infra ${words.join(' ')}: the command and its flags exist`, () => {
      const positional = words.filter((w) => !w.startsWith('-'))
      // the longest run of leading words that is a command id (topics are joined by ':' in the manifest)
      let id: string | undefined
      for (let n = positional.length; n > 0 && !id; n--) {
        const candidate = positional.slice(0, n).join(':')
        if (words.slice(0, n).every((w) => !w.startsWith('-')) && manifest.commands[candidate]) id = candidate
      }
      assert.ok(id, `no command "${positional.join(' ')}" in the manifest`)
      const flags = manifest.commands[id]!.flags
      for (const word of words.filter((w) => w.startsWith('-'))) {
        const name = word.replace(/=.*$/, '')
        const known = name.startsWith('--') ? name.slice(2) in flags : Object.values(flags).some((f) => f.char === name.slice(1))
        assert.ok(known, `${id.replace(/:/g, ' ')} has no flag ${name}`)
      }
    })
  }
})
