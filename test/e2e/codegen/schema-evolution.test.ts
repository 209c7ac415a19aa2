// The built CLI on examples/shop-esm when the domain changes: --check / --dry-run / --json of the new migration, the
// rename question (exit 4 without a terminal, a prompt on one), data loss, --baseline from MariaDB, and a project
// generated before the snapshot existed.
import assert from 'node:assert/strict'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, parseJson, REPO_ROOT, runCli, uniqueName, type TestDatabase } from '../../support/services'
import { hasPseudoTerminal, runOnTerminal } from '../../support/terminal'

interface GenerateJson {
  files: Array<{ path: string; action: string }>
  schema?: { snapshot: string; migration: string | null; changes: string[] }
  baseline?: {
    database: string
    tables: string[]
    missing: string[]
    differences: Array<{ table: string; column?: string; aspect: string; expected: string; actual: string }>
  }
}
interface ErrorJson {
  error: { code: string; message: string; hint?: string }
}

function copyExample(example: string, prefix: string): string {
  const root = path.join(REPO_ROOT, '.infra-tmp', uniqueName(prefix))
  mkdirSync(path.dirname(root), { recursive: true })
  cpSync(path.join(REPO_ROOT, 'examples', example), root, { recursive: true, filter: (file) => !/node_modules|[/\\]dist([/\\]|$)/.test(file) })
  return root
}

function edit(root: string, file: string, from: string, to: string): void {
  const absolute = path.join(root, file)
  const text = readFileSync(absolute, 'utf8')
  assert.ok(text.includes(from), `${file} contains ${from}`)
  writeFileSync(absolute, text.replace(from, to))
}

const USER = 'src/domain/user/user.ts'
const PORT = 'src/domain/user/user-repository.ts'
const migrationNames = (root: string) => readdirSync(path.join(root, 'infra', 'migrations')).sort()

describe('infra generate repository when the domain changed (built CLI, MariaDB)', () => {
  let root: string
  let db: TestDatabase
  let env: NodeJS.ProcessEnv
  const cli = (...args: string[]) => runCli(args, { cwd: root, env })
  before(async () => {
    root = copyExample('shop-esm', 'e2e_schema_esm')
    db = await createTestDatabase('e2e_schema')
    env = { INFRA_MYSQL_URL: db.url }
  })
  after(async () => {
    await db?.drop()
    rmSync(root, { recursive: true, force: true })
  })

  it('a nullable property and a finder: --check exits 2, --dry-run shows the migration, a run writes it; up and verify', async () => {
    assert.equal((await cli('generate', 'repository', '--all')).code, 0)
    assert.equal((await cli('migrate', 'up')).code, 0)
    edit(root, USER, '  nickname?: string\n', '  nickname?: string\n  phone: string | null\n')
    edit(
      root,
      PORT,
      '  existsByEmail(email: string): Promise<boolean>\n',
      '  existsByEmail(email: string): Promise<boolean>\n  findByPhone(phone: string): Promise<User[]>\n',
    )
    const before = migrationNames(root)

    const check = await cli('generate', 'repository', '--all', '--check')
    assert.equal(check.code, 2, check.stdout + check.stderr)
    assert.match(check.stdout, /CREATE\s+infra\/migrations\/\d{14}-alter-users\.ts/)
    const dry = await cli('generate', 'repository', '--all', '--dry-run')
    assert.equal(dry.code, 0, dry.stderr)
    assert.match(
      dry.stdout,
      /\+\+\+ b\/infra\/migrations\/\d{14}-alter-users\.ts[\s\S]*ADD COLUMN `phone` VARCHAR\(255\) NULL[\s\S]*CREATE INDEX `users_phone_idx`/,
    )
    assert.deepEqual(migrationNames(root), before)

    const run = await cli('generate', 'repository', '--all', '--json')
    assert.equal(run.code, 0, run.stderr)
    const json = parseJson<GenerateJson>(run)
    assert.match(json.schema?.migration ?? '', /^infra\/migrations\/\d{14}-alter-users\.ts$/)
    assert.deepEqual(json.schema?.changes, ['add column users.phone', 'add index users.users_phone_idx'])
    assert.deepEqual(
      migrationNames(root).filter((n) => !before.includes(n)),
      [path.basename(json.schema!.migration!)],
    )
    assert.equal((await cli('migrate', 'up')).code, 0)
    const verify = await cli('migrate', 'verify', '--json')
    assert.equal(verify.code, 0, verify.stdout + verify.stderr)
    assert.equal((await cli('generate', 'repository', '--all', '--check')).code, 0)
  })

  it('a rename without a terminal: exit 4 naming both columns and the flags; --no-rename is drop + add (data loss)', async () => {
    edit(root, USER, '  phone: string | null\n', '  mobile: string | null\n')
    edit(root, PORT, 'findByPhone(phone: string)', 'findByMobile(mobile: string)')
    const ambiguous = await cli('generate', 'repository', '--all', '--json')
    assert.equal(ambiguous.code, 4)
    const error = parseJson<ErrorJson>(ambiguous).error
    assert.equal(error.code, 'SCHEMA_RENAME_AMBIGUOUS')
    assert.match(error.message, /users\.phone[\s\S]*users\.mobile/)
    assert.match(error.hint ?? '', /--rename User\.phone=mobile[\s\S]*--no-rename/)
    const dropped = await cli('generate', 'repository', '--all', '--no-rename', '--json')
    assert.equal(dropped.code, 4)
    assert.equal(parseJson<ErrorJson>(dropped).error.code, 'SCHEMA_DATA_LOSS')
  })

  it(
    'a rename on a terminal: the prompt asks, the answer renames the column',
    { skip: hasPseudoTerminal ? false : 'util-linux `script` is not installed' },
    async () => {
      const { code, output, answered } = await runOnTerminal({
        args: `generate repository --all --cwd ${JSON.stringify(root)}`,
        cwd: root,
        prompt: 'is it renamed?',
        keys: ['\r'],
      })
      assert.ok(answered, output)
      assert.equal(code, 0, output)
      assert.match(output, /rename column users\.phone to mobile/)
      const latest = migrationNames(root)
        .filter((n) => n.endsWith('.ts'))
        .pop()!
      assert.match(readFileSync(path.join(root, 'infra', 'migrations', latest), 'utf8'), /RENAME COLUMN `phone` TO `mobile`/)
      assert.equal((await runCli(['migrate', 'up'], { cwd: root, env })).code, 0)
      assert.equal((await runCli(['migrate', 'verify'], { cwd: root, env })).code, 0)
    },
  )

  it('a drop is refused listing it, then --accept-data-loss writes it', async () => {
    // after the terminal test the column is `mobile`; without a terminal it is still `phone`
    edit(root, USER, '  mobile: string | null\n', '')
    edit(root, PORT, '  findByMobile(mobile: string): Promise<User[]>\n', '')
    const refused = await cli('generate', 'repository', '--all')
    assert.equal(refused.code, 4)
    assert.match(refused.stderr, /drops column users\.(mobile|phone)[\s\S]*--accept-data-loss/)
    const accepted = await cli('generate', 'repository', '--all', '--accept-data-loss')
    assert.equal(accepted.code, 0, accepted.stderr)
    assert.match(accepted.stdout, /drop column users\.(mobile|phone)/)
    assert.equal((await cli('migrate', 'up')).code, 0)
    assert.equal((await cli('migrate', 'verify')).code, 0)
  })

  it('--baseline writes the snapshot from the live tables and reports what differs; the next run writes that migration', async () => {
    const snapshot = path.join(root, 'infra', 'migrations', 'schema.snapshot.json')
    const generated = readFileSync(snapshot, 'utf8')
    rmSync(snapshot)
    const mysql = require('mysql2/promise') as typeof import('mysql2/promise')
    const connection = await mysql.createConnection({ uri: db.url })
    // a unique key: MODIFY without its collation would also reset that (verify names both then)
    await connection.query('ALTER TABLE users MODIFY email VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL')
    await connection.end()
    const baseline = await cli('generate', 'repository', '--all', '--baseline', '--json')
    assert.equal(baseline.code, 0, baseline.stdout + baseline.stderr)
    const json = parseJson<GenerateJson>(baseline)
    assert.deepEqual(json.baseline?.tables, Object.keys((JSON.parse(generated) as { tables: object }).tables).sort())
    assert.deepEqual(json.baseline?.missing, [])
    assert.deepEqual(
      json.baseline?.differences.map((d) => [d.table, d.column, d.aspect, d.expected, d.actual]),
      [['users', 'email', 'length', '255', '200']],
    )
    // the live schema is the generated one but for that column
    assert.equal(readFileSync(snapshot, 'utf8'), generated.replace(/("name": "email",\s*"type": "VARCHAR",\s*"length": )255/, '$1200'))
    const next = await cli('generate', 'repository', '--all', '--json')
    assert.equal(next.code, 0, next.stderr)
    assert.deepEqual(parseJson<GenerateJson>(next).schema?.changes, ['modify column users.email'])
    assert.equal((await cli('migrate', 'up')).code, 0)
    assert.equal((await cli('migrate', 'verify')).code, 0)
  })
})

describe('a project generated before the snapshot existed (built CLI)', () => {
  let root: string
  before(() => {
    root = copyExample('shop-cjs', 'e2e_schema_legacy')
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  it('is adopted when the model still matches its create migrations; a changed model is exit 4 pointing to --baseline', async () => {
    assert.equal((await runCli(['generate', 'repository', '--all'], { cwd: root })).code, 0)
    const snapshot = path.join(root, 'infra', 'migrations', 'schema.snapshot.json')
    const written = readFileSync(snapshot, 'utf8')
    rmSync(snapshot)
    const migrations = migrationNames(root)
    const adopted = await runCli(['generate', 'repository', '--all', '--json'], { cwd: root })
    assert.equal(adopted.code, 0, adopted.stderr)
    assert.deepEqual(
      parseJson<GenerateJson>(adopted).files.filter((f) => f.action !== 'unchanged'),
      [{ path: 'infra/migrations/schema.snapshot.json', action: 'create' }],
    )
    assert.equal(readFileSync(snapshot, 'utf8'), written)

    rmSync(snapshot)
    edit(root, USER, '  nickname?: string\n', '  nickname?: string\n  phone: string | null\n')
    const changed = await runCli(['generate', 'repository', '--all', '--json'], { cwd: root })
    assert.equal(changed.code, 4)
    const error = parseJson<ErrorJson>(changed).error
    assert.equal(error.code, 'MIGRATION_IMMUTABLE')
    assert.match(error.message, /create-users\.ts/)
    assert.match(error.hint ?? '', /--baseline/)
    assert.deepEqual(
      migrationNames(root),
      migrations.filter((n) => n !== 'schema.snapshot.json'),
    )
    assert.ok(!existsSync(snapshot))
  })
})
