import type { Sequelize, Transaction } from 'sequelize'
import type { UmzugStorage } from 'umzug'
import type { MigrationContext } from './context'
import type { MigrationTable } from './migration-table'

/**
 * Opens the transaction a migration runs in, with autocommit off on its connection: MySQL commits DDL implicitly,
 * and with autocommit off the statements after a DDL start a new transaction instead of committing one by one,
 * so a failure still rolls back the data changes since the last DDL.
 */
export async function beginMigrationTransaction(sequelize: Sequelize): Promise<Transaction> {
  const transaction = await sequelize.transaction()
  await sequelize.query('SET autocommit = 0', { transaction })
  return transaction
}

/** Ends the run's transaction and turns autocommit back on before Sequelize returns the connection to its pool. */
export async function endRunTransaction(transaction: Transaction, verb: 'COMMIT' | 'ROLLBACK'): Promise<void> {
  const { sequelize } = transaction as unknown as { sequelize: Sequelize }
  try {
    await sequelize.query(verb, { transaction })
    await sequelize.query('SET autocommit = 1', { transaction })
  } finally {
    await (verb === 'COMMIT' ? transaction.commit() : transaction.rollback())
  }
}

/** the driver connection a Sequelize transaction holds (mysql2's callback API) */
interface DriverConnection {
  query(sql: string, callback: (error: Error | null) => void): void
}

/**
 * Commits a migration with its record; autocommit stays off, so the next statement opens the next migration's
 * transaction. Sent on the transaction's own driver connection: one COMMIT per migration is the run's only round trip
 * that raw umzug does not pay, and Sequelize's query path (formatting, logging, result parsing) would double its cost.
 */
async function commit(transaction: Transaction): Promise<void> {
  const { connection } = transaction as unknown as { connection?: DriverConnection }
  if (!connection) {
    const { sequelize } = transaction as unknown as { sequelize: Sequelize }
    await sequelize.query('COMMIT', { transaction })
    return
  }
  await new Promise<void>((resolve, reject) => connection.query('COMMIT', (error) => (error ? reject(error) : resolve())))
}

interface OpenRun {
  transaction: Transaction
  checksum: string | null
  executionMs: number
}

/**
 * umzug's storage over the migrations table. The record is written in the migration's own transaction and that
 * transaction is committed here, so a migration's data changes and its record commit together (DDL aside).
 */
export class MigrationTableStorage implements UmzugStorage<MigrationContext> {
  private readonly open = new Map<string, OpenRun>()

  constructor(
    private readonly table: MigrationTable,
    private readonly appliedBy: string,
  ) {}

  /** the applier hands over the transaction a migration ran in, before umzug logs it */
  hold(name: string, run: OpenRun): void {
    this.open.set(name, run)
  }

  async executed(): Promise<string[]> {
    const records = await this.table.read()
    return records.filter((r) => r.status === 'applied').map((r) => r.name)
  }

  async logMigration({ name }: { name: string }): Promise<void> {
    const run = this.open.get(name)
    const record = {
      name,
      checksum: run?.checksum ?? null,
      status: 'applied' as const,
      appliedAt: new Date(),
      executionMs: run ? Math.round(run.executionMs) : null,
      appliedBy: this.appliedBy,
      error: null,
      statement: null,
    }
    await this.table.upsert([record], run?.transaction)
    if (run) await commit(run.transaction)
    this.open.delete(name)
  }

  async unlogMigration({ name }: { name: string }): Promise<void> {
    const run = this.open.get(name)
    await this.table.revert(name, run?.transaction)
    if (run) await commit(run.transaction)
    this.open.delete(name)
  }
}
