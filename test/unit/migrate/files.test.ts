import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { ExitCode, InfraError } from '../../../src/core/errors'
import { migrationChecksum } from '../../../src/migrate/checksum'
import { createMigration, migrationFileName } from '../../../src/migrate/create-migration'
import { migrationLockName } from '../../../src/migrate/lock'
import { readMigrationFiles } from '../../../src/migrate/migration-files'

const root = mkdtempSync(path.join(tmpdir(), 'infra-migrate-files-'))
after(() => rmSync(root, { recursive: true, force: true }))

describe('migration files', () => {
  it('reads migration files sorted by name, skipping declarations, dotfiles and other extensions', () => {
    const dir = path.join(root, 'a', 'infra', 'migrations')
    mkdirSync(dir, { recursive: true })
    for (const name of ['002-b.sql', '001-a.ts', '003-c.mjs', '004-d.cjs', 'types.d.ts', '.hidden.ts', 'README.md'])
      writeFileSync(path.join(dir, name), `-- ${name}\n`)
    const files = readMigrationFiles(path.join(root, 'a'), 'infra/migrations')
    assert.deepEqual(
      files.map((f) => [f.name, f.extension, f.file]),
      [
        ['001-a', '.ts', path.join('infra', 'migrations', '001-a.ts')],
        ['002-b', '.sql', path.join('infra', 'migrations', '002-b.sql')],
        ['003-c', '.mjs', path.join('infra', 'migrations', '003-c.mjs')],
        ['004-d', '.cjs', path.join('infra', 'migrations', '004-d.cjs')],
      ],
    )
  })

  it('rejects a missing folder and duplicate names with exit 4', () => {
    assert.throws(
      () => readMigrationFiles(root, 'nope'),
      (e: unknown) => e instanceof InfraError && e.exitCode === ExitCode.InvalidInput && e.code === 'MIGRATIONS_FOLDER_MISSING',
    )
    const dir = path.join(root, 'dup')
    mkdirSync(dir)
    writeFileSync(path.join(dir, '001-a.ts'), '')
    writeFileSync(path.join(dir, '001-a.sql'), '')
    assert.throws(
      () => readMigrationFiles(root, 'dup'),
      (e: unknown) => e instanceof InfraError && e.exitCode === ExitCode.InvalidInput && /001-a \(dup\/001-a\.sql, dup\/001-a\.ts\)/.test(e.message),
    )
  })

  it('checksums content with line endings normalised', () => {
    assert.equal(migrationChecksum('a\r\nb\r\n'), migrationChecksum('a\nb\n'))
    assert.notEqual(migrationChecksum('a\nb\n'), migrationChecksum('a\nc\n'))
    assert.match(migrationChecksum(''), /^[0-9a-f]{64}$/)
  })

  it('names new migrations <UTC timestamp>-<kebab name> and writes them', () => {
    const now = new Date('2026-11-24T12:00:00Z')
    assert.equal(migrationFileName('CreateUsers table', now), '20261124120000-create-users-table')
    const created = createMigration(root, 'new/migrations', 'add-index', { sql: true, now })
    assert.equal(created.file, path.join('new', 'migrations', '20261124120000-add-index.sql'))
    // a second one in the same second (or with the clock behind) still sorts after it
    const next = createMigration(root, 'new/migrations', 'add-index', { now })
    assert.equal(next.name, '20261124120001-add-index')
    const behind = createMigration(root, 'new/migrations', 'seed', { now: new Date('2026-11-24T11:00:00Z') })
    assert.equal(behind.name, '20261124120002-seed')
    const later = createMigration(root, 'new/migrations', 'later', { now: new Date('2026-11-25T00:00:00Z') })
    assert.equal(later.name, '20261125000000-later')
  })

  it('scopes the lock name to database and table, hashing names over 64 characters', () => {
    assert.equal(migrationLockName('app', 'infra_migrations'), 'infra_migrate:app.infra_migrations')
    const long = migrationLockName('a'.repeat(40), 'b'.repeat(40))
    assert.ok(long.length <= 64)
    assert.notEqual(long, migrationLockName('a'.repeat(40), 'c'.repeat(40)))
  })
})
