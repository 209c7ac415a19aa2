import type { Sequelize, Transaction } from 'sequelize'
import { MIGRATION_EXTENSIONS } from './migration-files'
import type { MigrationRecord } from './planner'

interface RecordRow {
  name: string
  checksum: string | null
  status: string
  applied_at: Date | string | null
  execution_ms: number | string | null
  applied_by: string | null
  error: string | null
  failed_statement: string | null
}

export const SEQUELIZE_META_TABLE = 'SequelizeMeta'

/** The live state: the migrations table (name, checksum, status, applied_at, execution_ms, applied_by, error, failed_statement). */
export class MigrationTable {
  private readonly quoted: string
  /** set from existing(): reverting an adopted migration must remove its SequelizeMeta row too */
  private sequelizeMetaExists = false

  constructor(
    private readonly sequelize: Sequelize,
    readonly table: string,
  ) {
    this.quoted = `\`${table.replace(/`/g, '``')}\``
  }

  /** Which of the migrations table and sequelize-cli's SequelizeMeta exist in the current database. */
  async existing(): Promise<{ table: boolean; sequelizeMeta: boolean }> {
    const rows = await this.select<{ name: string }>(
      'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?, ?)',
      [this.table, SEQUELIZE_META_TABLE],
    )
    const names = new Set(rows.map((r) => r.name))
    this.sequelizeMetaExists = names.has(SEQUELIZE_META_TABLE)
    return { table: names.has(this.table), sequelizeMeta: names.has(SEQUELIZE_META_TABLE) }
  }

  async ensure(): Promise<void> {
    await this.sequelize.query(
      `CREATE TABLE IF NOT EXISTS ${this.quoted} (
        name VARCHAR(255) NOT NULL PRIMARY KEY,
        checksum CHAR(64) NULL,
        status VARCHAR(16) NOT NULL DEFAULT 'applied',
        applied_at DATETIME(3) NULL,
        execution_ms INT UNSIGNED NULL,
        applied_by VARCHAR(255) NULL,
        error TEXT NULL,
        failed_statement TEXT NULL
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
    )
  }

  async read(): Promise<MigrationRecord[]> {
    const rows = await this.select<RecordRow>(
      `SELECT name, checksum, status, applied_at, execution_ms, applied_by, error, failed_statement FROM ${this.quoted}`,
    )
    return rows.map((row) => ({
      name: row.name,
      checksum: row.checksum,
      status: row.status === 'failed' ? 'failed' : 'applied',
      appliedAt: row.applied_at === null ? null : new Date(row.applied_at),
      executionMs: row.execution_ms === null ? null : Number(row.execution_ms),
      appliedBy: row.applied_by,
      error: row.error,
      statement: row.failed_statement,
    }))
  }

  async readSequelizeMeta(): Promise<string[]> {
    const rows = await this.select<{ name: string }>(`SELECT name FROM \`${SEQUELIZE_META_TABLE}\``)
    return rows.map((r) => r.name)
  }

  /** Inserts or replaces the record of each migration (one statement per call). */
  async upsert(records: readonly MigrationRecord[], transaction?: Transaction): Promise<void> {
    if (records.length === 0) return
    const values = records.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')
    await this.sequelize.query(
      `INSERT INTO ${this.quoted} (name, checksum, status, applied_at, execution_ms, applied_by, error, failed_statement) VALUES ${values}
       ON DUPLICATE KEY UPDATE checksum = VALUES(checksum), status = VALUES(status), applied_at = VALUES(applied_at), execution_ms = VALUES(execution_ms),
         applied_by = VALUES(applied_by), error = VALUES(error), failed_statement = VALUES(failed_statement)`,
      {
        replacements: records.flatMap((r) => [
          r.name,
          r.checksum,
          r.status,
          datetime3(r.appliedAt),
          r.executionMs,
          r.appliedBy,
          truncate(r.error),
          truncate(r.statement),
        ]),
        transaction,
      },
    )
  }

  /**
   * Removes the record of a reverted migration, and its SequelizeMeta row when there is one: otherwise the next read
   * would adopt it again as applied, and `up` would record it without running it.
   */
  async revert(name: string, transaction?: Transaction): Promise<void> {
    await this.remove(name, transaction)
    if (this.sequelizeMetaExists) {
      const metaNames = [name, ...MIGRATION_EXTENSIONS.map((extension) => `${name}${extension}`)]
      await this.sequelize.query(`DELETE FROM \`${SEQUELIZE_META_TABLE}\` WHERE name IN (?)`, { replacements: [metaNames], transaction })
    }
  }

  async remove(name: string, transaction?: Transaction): Promise<void> {
    await this.sequelize.query(`DELETE FROM ${this.quoted} WHERE name = ?`, { replacements: [name], transaction })
  }

  async setChecksum(name: string, checksum: string): Promise<void> {
    await this.sequelize.query(`UPDATE ${this.quoted} SET checksum = ? WHERE name = ?`, { replacements: [checksum, name] })
  }

  private async select<T>(sql: string, replacements: unknown[] = []): Promise<T[]> {
    // an explicit null transaction: these reads never join a migration's transaction
    const [rows] = await this.sequelize.query(sql, { replacements, transaction: null })
    return rows as T[]
  }
}

/**
 * Sequelize's replacement of a Date drops its milliseconds; DATETIME(3) keeps them when given as text. UTC, the
 * session time zone Sequelize sets (its default +00:00).
 */
function datetime3(date: Date | null): string | null {
  return date === null ? null : date.toISOString().replace('T', ' ').replace('Z', '')
}

/** TEXT holds 64 KiB; errors and statements are cut well below that. */
function truncate(text: string | null): string | null {
  return text !== null && text.length > 16_000 ? `${text.slice(0, 16_000)}...` : text
}
