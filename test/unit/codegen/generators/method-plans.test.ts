import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { readDomain } from '../../../../src/codegen/domain'
import { generateRepositories } from '../../../../src/codegen/generators/repository-generator'
import { REPO_ROOT } from '../../../support/services'

// The examples' method plans as data (what each method does, the columns its index covers), golden: a change in
// query derivation or in the choice of operation shows here as a data diff, before any template is rendered.
const GOLDEN = JSON.parse(readFileSync(path.join(__dirname, 'example-method-plans.json'), 'utf8')) as Record<string, Record<string, unknown[]>>

describe('method plans of the examples (golden data)', () => {
  for (const example of ['shop-cjs', 'shop-esm']) {
    it(`${example}: kind, summary, index columns and stub reason of every port method`, () => {
      const model = readDomain({
        root: path.join(REPO_ROOT, 'examples', example),
        tsconfig: 'tsconfig.json',
        sourceRoot: 'src',
        portSuffixes: ['Repository', 'RepositoryPort', 'Repo', 'RepoPort'],
      })
      const result = generateRepositories(model, model.ports, {
        infrastructureDir: 'src/infrastructure',
        migrationsDir: 'infra/migrations',
        existingMigration: () => undefined,
        now: new Date('2026-11-24T12:00:00Z'),
      })
      const plans: Record<string, unknown[]> = {}
      for (const artifact of result.artifacts.filter((a) => a.template === 'repository/mysql-repository.ts.hbs')) {
        const methods = artifact.data.methods as Array<{ name: string; kind: string; summary: string; indexColumns?: string[]; notImplemented?: string }>
        plans[artifact.data.port as string] = methods.map((m) => ({
          name: m.name,
          kind: m.kind,
          summary: m.summary,
          ...(m.indexColumns ? { indexColumns: m.indexColumns } : {}),
          ...(m.notImplemented ? { notImplemented: m.notImplemented } : {}),
        }))
      }
      assert.deepEqual(plans, GOLDEN[example])
    })
  }
})
