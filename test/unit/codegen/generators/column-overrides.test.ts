import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { readDomain } from '../../../../src/codegen/domain'
import { mysqlColumnType, overrideStorage } from '../../../../src/codegen/generators/mysql/column-types'
import { generateRepositories } from '../../../../src/codegen/generators/repository-generator'
import { DEFAULT_WRITE_SETTINGS, type GenerateOptions } from '../../../../src/codegen/generators/types'
import { InvalidInputError } from '../../../../src/core/errors'

// generate.columns overrides go through the one MySQL type table (generators/mysql/column-types.ts): the migration's
// SQL type and the model's DataType of each override, and the overrides a property's type refuses.
const root = mkdtempSync(path.join(tmpdir(), 'infra-column-overrides-'))
after(() => rmSync(root, { recursive: true, force: true }))
mkdirSync(path.join(root, 'src'), { recursive: true })
writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'CommonJS' }, include: ['src'] }))
writeFileSync(
  path.join(root, 'src', 'ledger.ts'),
  `export type Tier = 'low' | 'high'
export interface Entry {
  readonly id: string
  code: string
  note: string
  rate: number
  count: number
  amount: number
  big: bigint
  tier: Tier
  meta: { source: string; tags: string[] }
}
export interface EntryRepository {
  findById(id: string): Promise<Entry | null>
  save(entry: Entry): Promise<void>
}
`,
)
const model = readDomain({ root, tsconfig: 'tsconfig.json', sourceRoot: 'src', portSuffixes: ['Repository'] })

function columnsWith(columns: Record<string, string>): Map<string, { type: string; length: number | string | null }> {
  const options: GenerateOptions = {
    infrastructureDir: 'src/infrastructure',
    migrationsDir: 'infra/migrations',
    existingMigration: () => undefined,
    now: new Date('2026-01-02T03:04:05Z'),
    writes: { ...DEFAULT_WRITE_SETTINGS, columns },
  }
  const [table] = generateRepositories(model, model.ports, options).tables ?? []
  return new Map(table!.snapshot.columns.map((c) => [c.name, { type: c.type, length: c.length }]))
}

describe('generate.columns overrides', () => {
  it('reads an override as a storage class, case and spaces aside, and refuses types outside the table', () => {
    assert.deepEqual(overrideStorage(' varchar( 40 ) '), { kind: 'varchar', length: 40 })
    assert.deepEqual(overrideStorage('Decimal(12, 2)'), { kind: 'decimal', precision: 12, scale: 2 })
    assert.deepEqual(overrideStorage('json'), { kind: 'json' })
    assert.equal(overrideStorage('FLOAT'), undefined)
    assert.deepEqual(mysqlColumnType({ kind: 'char', length: 3 }), { sqlType: 'CHAR(3)', dataType: 'DataTypes.CHAR(3)' })
    assert.deepEqual(mysqlColumnType({ kind: 'decimal', precision: 12, scale: 2 }), { sqlType: 'DECIMAL(12,2)', dataType: 'DataTypes.DECIMAL(12, 2)' })
    assert.deepEqual(mysqlColumnType({ kind: 'json' }), { sqlType: 'JSON', dataType: "DataTypes.TEXT('long')" })
  })

  it('gives each overridden column the SQL type of the table', () => {
    const columns = columnsWith({
      'Entry.code': 'CHAR(3)',
      'Entry.note': 'text',
      'Entry.rate': 'DECIMAL(8,3)',
      'Entry.count': 'INT',
      'Entry.amount': 'BIGINT',
      'Entry.big': 'DECIMAL(30,0)',
      'Entry.tier': 'VARCHAR(8)',
      'Entry.meta': 'JSON',
    })
    assert.deepEqual(columns.get('code'), { type: 'CHAR', length: 3 })
    assert.deepEqual(columns.get('note'), { type: 'TEXT', length: null })
    assert.deepEqual(columns.get('rate'), { type: 'DECIMAL', length: '8,3' })
    assert.deepEqual(columns.get('count'), { type: 'INT', length: null })
    assert.deepEqual(columns.get('amount'), { type: 'BIGINT', length: null })
    assert.deepEqual(columns.get('big'), { type: 'DECIMAL', length: '30,0' })
    assert.deepEqual(columns.get('tier'), { type: 'VARCHAR', length: 8 })
    assert.deepEqual(columns.get('meta'), { type: 'JSON', length: null })
    // TEXT for a document is LONGTEXT, as without an override
    assert.deepEqual(columnsWith({ 'Entry.meta': 'TEXT' }).get('meta'), { type: 'LONGTEXT', length: null })
  })

  it('refuses an override the property cannot be stored as', () => {
    for (const [path, override] of [
      ['Entry.code', 'INT'],
      ['Entry.rate', 'VARCHAR(10)'],
      ['Entry.big', 'DECIMAL(30,2)'],
      ['Entry.meta', 'VARCHAR(10)'],
      ['Entry.code', 'FLOAT'],
    ] as const) {
      assert.throws(
        () => columnsWith({ [path]: override }),
        (error: unknown) => error instanceof InvalidInputError && error.message.includes(`${path} cannot be ${override}`),
      )
    }
  })
})
