// test/fixtures/domains/split-ports: one-method ports (hexagonal "out ports"), several per entity. The reader reports
// what stops an entity once, for the first port that met it; every port storing that entity is blocked by it, listed
// with the shared error, while the ports of the other entity share one table and are generated and wired.
import assert from 'node:assert/strict'
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { blockedPortsError } from '../../../src/codegen/generators/repository-generator'
import { planRepositoryGeneration } from '../../../src/codegen/repository-service'
import { commitTree } from '../../../src/codegen/tree'
import { loadConfig } from '../../../src/core/config'
import { REPO_ROOT, uniqueName } from '../../support/services'

describe('generate repository --all: ports sharing an entity that cannot be stored', () => {
  const root = path.join(REPO_ROOT, '.infra-tmp', uniqueName('fx_split_ports'))
  let run: ReturnType<typeof planRepositoryGeneration>
  before(async () => {
    mkdirSync(path.dirname(root), { recursive: true })
    cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'split-ports'), root, { recursive: true })
    run = planRepositoryGeneration(await loadConfig({ cwd: root, env: {} }), { ports: [], all: true, force: false })
    commitTree(run.tree, run.plan)
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  it('blocks every port storing the entity, each naming the shared error, and never stops the run', () => {
    assert.deepEqual([...new Set(run.blocked.map((d) => d.port))].sort(), ['LoadParcelRepository', 'StoreParcelRepository'])
    const error = blockedPortsError(run.blocked, run.ports.length, true)
    assert.equal(error.exitCode, 4)
    assert.match(error.message, /^src\/parcels\/parcel\.ts:\d+: cannot rebuild Parcel/m)
    assert.match(
      error.message,
      /^src\/parcels\/(load|store)-parcel\.repository\.ts:\d+: \w+ParcelRepository stores Parcel, which cannot be stored as src\/parcels\/parcel\.ts:\d+ says/m,
    )
    assert.deepEqual(run.warnings, [])
  })

  it('generates the ports of the other entity over one table, each wired into the composition root', () => {
    const written = run.plan.apply.map((w) => w.path)
    assert.ok(written.includes('src/infrastructure/repository/mysql-find-courier-repository.ts'), written.join('\n'))
    assert.ok(written.includes('src/infrastructure/repository/mysql-save-courier-repository.ts'))
    assert.equal(written.filter((p) => /create-couriers\.ts$/.test(p)).length, 1)
    assert.ok(!written.some((p) => /parcel/.test(p)), 'nothing for Parcel')
    const index = readFileSync(path.join(root, 'src', 'infrastructure', 'index.ts'), 'utf8')
    assert.match(index, /MysqlFindCourierRepository/)
    assert.match(index, /MysqlSaveCourierRepository/)
  })
})
