import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { readDomain } from '../../../../src/codegen/domain'
import { generateRepositories } from '../../../../src/codegen/generators/repository-generator'
import type { Artifact } from '../../../../src/codegen/generators/types'
import { TemplateRenderer } from '../../../../src/codegen/render'
import { REPO_ROOT } from '../../../support/services'
import { renderedMethodBodies } from './rendered-methods'

// A project's override of one partial (infra/templates/repository/partials/<kind>.hbs, as `infra templates eject`
// lays it out) changes exactly the methods of that kind: every other method and everything around the methods stay
// byte for byte what the built-in templates write.
const model = readDomain({
  root: path.join(REPO_ROOT, 'examples', 'shop-cjs'),
  tsconfig: 'tsconfig.json',
  sourceRoot: 'src',
  portSuffixes: ['Repository'],
})
const repositories = generateRepositories(model, model.ports, {
  infrastructureDir: 'src/infrastructure',
  migrationsDir: 'infra/migrations',
  existingMigration: () => undefined,
  now: new Date('2026-11-24T12:00:00Z'),
}).artifacts.filter((a): a is Artifact => a.template === 'repository/mysql-repository.ts.hbs')
const kindOf = new Map(repositories.flatMap((a) => (a.data.methods as Array<{ name: string; kind: string }>).map((m) => [`${a.path}#${m.name}`, m.kind])))
const kinds = [...new Set(kindOf.values())].sort()
const builtin = new TemplateRenderer(undefined)
const dirs: string[] = []
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

/** the file without its method bodies: what an override of a partial must leave alone */
function withoutBodies(text: string, artifact: Artifact, bodies: Map<string, string[]>): string {
  let rest = text
  for (const lines of bodies.values()) if (lines.length > 0) rest = rest.replace(lines.map((l) => (l === '' ? '' : `    ${l}`)).join('\n'), '<body>')
  return rest.replace(artifact.path, '')
}

describe('an override of one repository partial', () => {
  it('the example has methods of several kinds to tell apart', () => {
    assert.ok(kinds.length >= 6, kinds.join(', '))
  })
  for (const kind of kinds) {
    it(`repository/partials/${kind}.hbs changes the ${kind} methods and nothing else`, () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'infra-partials-'))
      dirs.push(dir)
      mkdirSync(path.join(dir, 'repository', 'partials'), { recursive: true })
      // the override reads the partial's data: the method's name and its one-line summary
      writeFileSync(path.join(dir, 'repository', 'partials', `${kind}.hbs`), "    throw new Error('{{name}} is overridden: {{summary}}')\n")
      const overridden = new TemplateRenderer(dir)
      for (const artifact of repositories) {
        const before = renderedMethodBodies(artifact)
        const afterOverride = renderedMethodBodies(artifact, dir)
        for (const [name, body] of before) {
          const changed = afterOverride.get(name)
          if (kindOf.get(`${artifact.path}#${name}`) === kind) {
            // (a long statement is broken over lines by the template's layout helper)
            assert.match(changed?.join(' ') ?? '', new RegExp(`^throw new Error\\(\\s*'${name} is overridden: `))
          } else assert.deepEqual(changed, body, `${artifact.path}: ${name} (a ${kindOf.get(`${artifact.path}#${name}`)}) changed`)
        }
        const text = builtin.render(artifact.template, artifact.data)
        const textOverridden = overridden.render(artifact.template, artifact.data)
        assert.equal(withoutBodies(textOverridden, artifact, afterOverride), withoutBodies(text, artifact, before))
      }
    })
  }
})
