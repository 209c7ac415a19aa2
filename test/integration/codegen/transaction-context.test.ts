// The generated transaction context (persistence/mysql/transaction.ts, installed by createSequelize): queries at any
// await depth inside inTransaction join it, a nested inTransaction joins the outer one, afterCommit runs only on commit.
import assert from 'node:assert/strict'
import { cpSync, mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Sequelize, Transaction } from 'sequelize'
import { planInit } from '../../../src/codegen/init-service'
import { commitTree } from '../../../src/codegen/tree'
import { loadConfig } from '../../../src/core/config'
import { createTestDatabase, REPO_ROOT, uniqueName, type TestDatabase } from '../../support/services'
import { compile } from './generate-example'

interface TransactionModule {
  inTransaction<T>(sequelize: Sequelize, work: (transaction: Transaction) => Promise<T>): Promise<T>
  currentTransaction(): Transaction | undefined
  afterCommit(effect: () => Promise<void> | void): Promise<void>
}

describe('generated transaction context, against MariaDB', () => {
  let root: string
  let database: TestDatabase
  let sequelize: Sequelize
  let tx: TransactionModule

  before(async () => {
    root = path.join(REPO_ROOT, '.infra-tmp', uniqueName('txctx'))
    mkdirSync(path.dirname(root), { recursive: true })
    cpSync(path.join(REPO_ROOT, 'examples', 'shop-cjs'), root, { recursive: true })
    const config = await loadConfig({ cwd: root, env: {} })
    const { tree, plan } = planInit(config, { force: false })
    commitTree(tree, plan)
    const compiled = compile(root, { emit: true })
    assert.equal(compiled.status, 0, compiled.output)
    database = await createTestDatabase('codegen_txctx')
    const dir = path.join(root, 'dist', 'src', 'infrastructure', 'persistence', 'mysql')
    const { createSequelize } = require(path.join(dir, 'connection.js')) as { createSequelize(url: string): Sequelize }
    tx = require(path.join(dir, 'transaction.js')) as TransactionModule
    sequelize = createSequelize(database.url)
    await sequelize.query('CREATE TABLE notes (id INT PRIMARY KEY)')
  })

  after(async () => {
    await sequelize?.close()
    await database?.drop()
    rmSync(root, { recursive: true, force: true })
  })

  const Note = () => {
    const { DataTypes } = require('sequelize') as typeof import('sequelize')
    return sequelize.isDefined('Note')
      ? sequelize.model('Note')
      : sequelize.define('Note', { id: { type: DataTypes.INTEGER, primaryKey: true } }, { tableName: 'notes', timestamps: false })
  }
  const ids = async () => (await Note().findAll({ order: [['id', 'ASC']] })).map((n) => n.get('id'))
  const deeper = async (id: number) => {
    await new Promise((resolve) => setTimeout(resolve, 1))
    await Note().create({ id })
  }

  it('rolls back writes made at any await depth when the work throws, and commits them otherwise', async () => {
    await assert.rejects(
      tx.inTransaction(sequelize, async () => {
        await Note().create({ id: 1 })
        await deeper(2)
        throw new Error('boom')
      }),
      /boom/,
    )
    assert.deepEqual(await ids(), [])
    await tx.inTransaction(sequelize, async () => {
      await Note().create({ id: 1 })
      await deeper(2)
    })
    assert.deepEqual(await ids(), [1, 2])
    await Note().destroy({ where: {} })
  })

  it('a nested inTransaction joins the outer one: its writes roll back with it', async () => {
    let inner: Transaction | undefined
    let outer: Transaction | undefined
    await assert.rejects(
      tx.inTransaction(sequelize, async (transaction) => {
        outer = transaction
        await tx.inTransaction(sequelize, async (nested) => {
          inner = nested
          await Note().create({ id: 3 })
        })
        throw new Error('after the nested one')
      }),
    )
    assert.equal(inner, outer)
    assert.deepEqual(await ids(), [])
    assert.equal(tx.currentTransaction(), undefined)
  })

  it('afterCommit runs after the commit, never on rollback, and at once outside a transaction', async () => {
    const seen: string[] = []
    await tx.inTransaction(sequelize, async () => {
      await tx.afterCommit(() => {
        seen.push('committed')
      })
      assert.deepEqual(seen, [])
    })
    assert.deepEqual(seen, ['committed'])
    await assert.rejects(
      tx.inTransaction(sequelize, async () => {
        await tx.afterCommit(() => {
          seen.push('rolled back')
        })
        throw new Error('no')
      }),
    )
    await tx.afterCommit(() => {
      seen.push('outside')
    })
    assert.deepEqual(seen, ['committed', 'outside'])
  })
})
