import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { readDomain } from '../../../../src/codegen/domain'

describe('domain reader: ports found by role as well as by suffix', () => {
  it('reads a port whose methods take and return an entity with an id, whatever its name; not a service that only takes one', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'infra-ports-by-role-'))
    try {
      mkdirSync(path.join(root, 'src', 'domain'), { recursive: true })
      writeFileSync(
        path.join(root, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { strict: true, module: 'CommonJS', target: 'ES2022', types: [] }, include: ['src'] }),
      )
      writeFileSync(
        path.join(root, 'src', 'domain', 'user.ts'),
        `export interface User { id: string; email: string }
export interface UserStore {
  findById(id: string): Promise<User | null>
  findAllByEmail(email: string): Promise<User[]>
  save(user: User): Promise<void>
}
export interface Mailer { welcome(user: User): Promise<void> }
export interface UserFactory { create(email: string): Promise<User> }
export interface AccountRepository { findById(id: string): Promise<User | null> }
`,
      )
      const model = readDomain({ root, tsconfig: 'tsconfig.json', sourceRoot: 'src', portSuffixes: ['Repository'] })
      assert.deepEqual(
        model.ports.map((p) => p.name),
        ['AccountRepository', 'UserStore'],
      )
      const store = model.ports.find((p) => p.name === 'UserStore')!
      assert.equal(store.entity, 'User')
      assert.deepEqual(
        store.methods.map((m) => m.name),
        ['findById', 'findAllByEmail', 'save'],
      )
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})
