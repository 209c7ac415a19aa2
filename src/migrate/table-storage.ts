import type { Transaction } from 'sequelize'
import type { UmzugStorage } from 'umzug'
import type { MigrationContext } from './context'
import type { MigrationTable } from './migration-table'

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

  /** the transaction still open for `name` (after a failure), removed from the storage */
  release(name: string): Transaction | undefined {
    const run = this.open.get(name)
    this.open.delete(name)
    return run?.transaction
  }

  async executed(): Promise<string[]> {
    const records = await this.table.read()
    return records.filter((r) => r.status === 'applied').map((r) => r.name)
  }

  async logMigration({ name }: { name: string }): Promise<void> {
    const run = this.open.get(name)
    const record = { name, checksum: run?.checksum ?? null, status: 'applied' as const, appliedAt: new Date(), executionMs: run ? Math.round(run.executionMs) : null, appliedBy: this.appliedBy, error: null, statement: null }
    await this.table.upsert([record], run?.transaction)
    if (run) await run.transaction.commit()
    this.open.delete(name)
  }

  async unlogMigration({ name }: { name: string }): Promise<void> {
    const run = this.open.get(name)
    await this.table.remove(name, run?.transaction)
    if (run) await run.transaction.commit()
    this.open.delete(name)
  }
}
