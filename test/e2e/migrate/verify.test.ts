// `infra migrate verify` against a real MariaDB database: 0 on a match, 2 naming table and column after a hand edit.
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { createTestDatabase, parseJson, runCli, type TestDatabase } from '../../support/services'

describe('infra migrate verify (e2e)', () => {
  let db: TestDatabase | undefined
  let dir: string | undefined
  after(async () => {
    await db?.drop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('exits 0 when the live tables match the snapshot, 2 naming table and column after a hand edit, 4 without a snapshot', async () => {
    db = await createTestDatabase('mig_verify')
    dir = mkdtempSync(path.join(tmpdir(), 'infra-mig-verify-'))
    const migrations = path.join(dir, 'infra', 'migrations')
    mkdirSync(migrations, { recursive: true })
    const verify = (args: string[] = []) => runCli(['migrate', 'verify', ...args], { cwd: dir, env: { INFRA_MYSQL_URL: db!.url } })

    const missing = await verify(['--json'])
    assert.equal(missing.code, 4, missing.stdout + missing.stderr)
    assert.equal(parseJson<{ error: { code: string } }>(missing).error.code, 'SCHEMA_SNAPSHOT_MISSING')

    writeFileSync(
      path.join(migrations, '001-users.sql'),
      '-- +infra up\nCREATE TABLE users (id CHAR(36) NOT NULL PRIMARY KEY, email VARCHAR(255) NOT NULL, nickname VARCHAR(50) NULL, UNIQUE KEY users_email_unique (email), KEY users_nickname_idx (nickname));\n',
    )
    const up = await runCli(['migrate', 'up'], { cwd: dir, env: { INFRA_MYSQL_URL: db.url } })
    assert.equal(up.code, 0, up.stderr)
    const column = (name: string, type: string, length: number | null, nullable: boolean) => ({ name, type, length, nullable, default: null, collation: null })
    writeFileSync(
      path.join(migrations, 'schema.snapshot.json'),
      JSON.stringify({
        version: 1,
        tables: {
          users: {
            entity: 'User',
            columns: [column('id', 'CHAR', 36, false), column('email', 'VARCHAR', 255, false), column('nickname', 'VARCHAR', 50, true)],
            indexes: [
              { name: 'users_email_unique', columns: ['email'], unique: true },
              { name: 'users_nickname_idx', columns: ['nickname'], unique: false },
            ],
          },
        },
      }),
    )
    const match = await verify(['--json'])
    assert.equal(match.code, 0, match.stdout + match.stderr)
    assert.equal(parseJson<{ matches: boolean }>(match).matches, true)

    const mysql = require('mysql2/promise') as typeof import('mysql2/promise')
    const connection = await mysql.createConnection({ uri: db.url })
    await connection.query('ALTER TABLE users MODIFY nickname VARCHAR(80) NOT NULL')
    await connection.end()

    const drift = await verify(['--json'])
    assert.equal(drift.code, 2, drift.stdout + drift.stderr)
    const result = parseJson<{ differences: { table: string; column?: string; aspect: string; expected: string; actual: string }[] }>(drift)
    assert.deepEqual(
      result.differences.map((d) => [d.table, d.column, d.aspect, d.expected, d.actual]),
      [
        ['users', 'nickname', 'length', '50', '80'],
        ['users', 'nickname', 'nullable', 'NULL', 'NOT NULL'],
      ],
    )
    const human = await verify()
    assert.equal(human.code, 2)
    assert.match(human.stdout, /users\.nickname: length expected 50, actual 80/)
  })
})
