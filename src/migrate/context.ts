import type { QueryInterface, Sequelize, Transaction } from 'sequelize'

/**
 * What code migrations receive as `context` (docs/migrate.md): a superset of the umzug-style
 * `{ queryInterface, sequelize }` that generated migrations declare.
 */
export interface MigrationContext {
  queryInterface: QueryInterface
  sequelize: Sequelize
  /** the sequelize module (DataTypes, Op, ...), as sequelize-cli passes it */
  Sequelize: typeof import('sequelize')
  /** runs `fn` in the migration's transaction (every QueryInterface call joins it already) */
  transaction<T>(fn: (transaction: Transaction) => Promise<T>): Promise<T>
}
