// Generated repository writes on this machine's MariaDB (test/fixtures/domains/safe-writes, generated and compiled here):
// `save` of N new aggregates one by one and `saveMany` of the same N, each aggregate with one event (its row and one
// outbox row, in one transaction), against hand-written Sequelize code doing the same inserts, measured in the same run:
// (a) the aggregate rows alone (create / bulkCreate, no transaction: what the version check and the outbox add show
// against it) and (b) the rows and their outbox rows in a transaction per aggregate / one for the batch. Then
// version-checked updates of loaded aggregates against a plain UPDATE by id.
// Run: npm run bench:repository  (BENCH_AGGREGATES=10000, BENCH_UPDATES=2000)
import { randomUUID } from 'node:crypto'
import path from 'node:path'
import type { ModelStatic, Model, Sequelize } from 'sequelize'
import type { Account as AccountType } from '../test/fixtures/domains/safe-writes/src/domain/account'
import type { AccountRepository } from '../test/fixtures/domains/safe-writes/src/domain/account-repository'
import { loadConfig } from '../src/core/config'
import { resolveLayout } from '../src/outbox/layout'
import { outboxTableSql } from '../src/outbox/table-sql'
import { compile, generateCopy, migrationFiles } from '../test/integration/codegen/generate-example'
import { createTestDatabase, REPO_ROOT } from '../test/support/services'

const N = Number(process.env.BENCH_AGGREGATES ?? 10_000)
const UPDATES = Number(process.env.BENCH_UPDATES ?? 2_000)
const CHUNK = 500

interface Row {
  id: string
  email: string
  name: string
  status: string
  tier: string
  balance: number
  nickname: string | null
  version: number
}

async function main(): Promise<void> {
  const generated = await generateCopy(path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'safe-writes'), 'bench_save')
  const database = await createTestDatabase('bench_save')
  let sequelize: Sequelize | undefined
  try {
    const compiled = compile(generated.root, { emit: true })
    if (compiled.status !== 0) throw new Error(compiled.output)
    const dist = path.join(generated.root, 'dist', 'src')
    const infra = path.join(dist, 'infrastructure')
    const { createSequelize } = require(path.join(infra, 'persistence/mysql/connection.js')) as { createSequelize(url: string): Sequelize }
    const { Account } = require(path.join(dist, 'domain/account.js')) as { Account: typeof AccountType }
    const { MysqlAccountRepository } = require(path.join(infra, 'repository/mysql-account-repository.js')) as {
      MysqlAccountRepository: new (s: Sequelize) => AccountRepository
    }
    const { defineAccountModel } = require(path.join(infra, 'persistence/mysql/models/account.model.js')) as {
      defineAccountModel(s: Sequelize): ModelStatic<Model<Row, Row>>
    }
    const db = createSequelize(database.url)
    sequelize = db
    const context = { queryInterface: db.getQueryInterface(), sequelize: db }
    for (const file of migrationFiles(path.join(generated.root, 'dist', 'infra', 'migrations'))) {
      await (require(file) as { up(arg: { context: typeof context }): Promise<void> }).up({ context })
    }
    const config = await loadConfig({ cwd: generated.root, env: {} })
    for (const statement of outboxTableSql(resolveLayout(config.outbox)).up) await db.query(statement)
    const repo = new MysqlAccountRepository(db)
    const model = defineAccountModel(db)
    const reset = async () => {
      await db.query('DELETE FROM accounts')
      await db.query('DELETE FROM outbox_messages')
    }
    const opened = new Date('2026-01-01T00:00:00.000Z')
    const aggregates = (prefix: string) => Array.from({ length: N }, (_, i) => Account.open(`${prefix}${i}`, `${prefix}${i}@example.com`, `name ${i}`, opened))
    const rowOf = (id: string, i: number): Row => ({
      id,
      email: `${id}@example.com`,
      name: `name ${i}`,
      status: 'open',
      tier: 'basic',
      balance: 0,
      nickname: null,
      version: 1,
    })
    const outboxValues = (id: string) => [
      randomUUID(),
      'Account',
      id,
      'account.opened',
      JSON.stringify({ accountId: id, email: `${id}@example.com`, openedAt: opened.toISOString(), creditLimit: '1000000000000000000' }),
    ]
    const insertOutbox = async (ids: readonly string[], transaction: import('sequelize').Transaction) => {
      const placeholders = ids.map(() => '(?, ?, ?, ?, ?)').join(', ')
      await db.query(`INSERT INTO outbox_messages (message_id, aggregate_type, aggregate_id, event_type, payload) VALUES ${placeholders}`, {
        replacements: ids.flatMap(outboxValues),
        transaction,
      })
    }
    const time = async (label: string, work: () => Promise<void>): Promise<number> => {
      await reset()
      const started = process.hrtime.bigint()
      await work()
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      console.log(`  ${label.padEnd(58)} ${ms.toFixed(0).padStart(7)} ms  ${((N * 1000) / ms).toFixed(0).padStart(6)} aggregates/s`)
      return ms
    }

    console.log(`${N} new aggregates (1 event each), MariaDB, one run:`)
    const rowsOnlyOne = await time('hand-written: Model.create per row (no outbox, no tx)', async () => {
      for (let i = 0; i < N; i++) await model.create(rowOf(`h${i}`, i))
    })
    const handOne = await time('hand-written: row + outbox row, one transaction each', async () => {
      for (let i = 0; i < N; i++) {
        await db.transaction(async (transaction) => {
          await model.create(rowOf(`h${i}`, i), { transaction })
          await insertOutbox([`h${i}`], transaction)
        })
      }
    })
    const one = aggregates('g')
    const generatedOne = await time('generated: repository.save one by one', async () => {
      for (const account of one) await repo.save(account)
    })
    const rowsOnlyMany = await time('hand-written: bulkCreate of the rows (no outbox, no tx)', async () => {
      for (let start = 0; start < N; start += CHUNK)
        await model.bulkCreate(Array.from({ length: Math.min(CHUNK, N - start) }, (_, k) => rowOf(`b${start + k}`, start + k)))
    })
    const handMany = await time('hand-written: bulkCreate + outbox INSERTs, one transaction', async () => {
      await db.transaction(async (transaction) => {
        for (let start = 0; start < N; start += CHUNK) {
          const ids = Array.from({ length: Math.min(CHUNK, N - start) }, (_, k) => `b${start + k}`)
          await model.bulkCreate(
            ids.map((id, k) => rowOf(id, start + k)),
            { transaction },
          )
          await insertOutbox(ids, transaction)
        }
      })
    })
    const many = aggregates('m')
    const generatedMany = await time('generated: repository.saveMany', async () => {
      await repo.saveMany(many)
    })

    // version-checked UPDATEs of loaded aggregates against a plain UPDATE by id
    await reset()
    await repo.saveMany(aggregates('u').slice(0, UPDATES))
    const loaded = await Promise.all(Array.from({ length: UPDATES }, (_, i) => repo.findById(`u${i}`)))
    let started = process.hrtime.bigint()
    for (const account of loaded) {
      account!.deposit(1)
      await repo.save(account!)
    }
    const generatedUpdate = Number(process.hrtime.bigint() - started) / 1e6
    started = process.hrtime.bigint()
    for (let i = 0; i < UPDATES; i++) await model.update({ balance: 2 }, { where: { id: `u${i}` } })
    const handUpdate = Number(process.hrtime.bigint() - started) / 1e6

    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`
    console.log('\nratios (time of the generated code / time of the hand-written baseline; 1.00x = same cost):')
    console.log(`  save one by one   vs rows only:            ${ratio(generatedOne, rowsOnlyOne)}  (version column + outbox row + transaction)`)
    console.log(`  save one by one   vs rows + outbox by hand: ${ratio(generatedOne, handOne)}`)
    console.log(`  saveMany          vs bulkCreate rows only:  ${ratio(generatedMany, rowsOnlyMany)}`)
    console.log(`  saveMany          vs bulk rows + outbox:    ${ratio(generatedMany, handMany)}`)
    console.log(`  saveMany          vs save one by one:       ${ratio(generatedMany, generatedOne)}`)
    console.log(`  ${UPDATES} version-checked saves vs UPDATE by id: ${ratio(generatedUpdate, handUpdate)}`)
  } finally {
    await sequelize?.close()
    await database.drop()
    generated.remove()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
