import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { sequelizeModuleFor } from '../../../src/migrate/sequelize-module'

describe('sequelizeModuleFor', () => {
  const roots: string[] = []
  after(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true })
  })
  /** a project whose node_modules/sequelize is a stand-in of `version` that marks itself */
  const project = (version?: string): string => {
    const root = mkdtempSync(path.join(tmpdir(), 'infra-seqmod-'))
    roots.push(root)
    writeFileSync(path.join(root, 'package.json'), '{"name":"p"}')
    if (version) {
      const dir = path.join(root, 'node_modules', 'sequelize')
      mkdirSync(dir, { recursive: true })
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'sequelize', version, main: 'index.js' }))
      writeFileSync(path.join(dir, 'index.js'), `module.exports = { projectCopy: ${JSON.stringify(root)} }`)
    }
    return root
  }
  const ours = require('sequelize') as object

  it("uses the project's own sequelize 6 instead of loading infra's copy", () => {
    const root = project('6.37.0')
    assert.deepEqual(sequelizeModuleFor(root), { projectCopy: root })
  })

  it("falls back to infra's sequelize when the project has none, or another major version", () => {
    assert.equal(sequelizeModuleFor(project('7.0.0-alpha.1')), ours)
    assert.equal(sequelizeModuleFor(undefined), ours)
    // a temp folder resolves no sequelize (nor does any parent of it)
    const bare = project()
    const resolved = sequelizeModuleFor(bare)
    assert.equal(resolved, ours)
  })
})
