/** Transaction control that Sequelize logs too; not the migration's own statements. */
const CONTROL = /^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SET autocommit|SET SESSION TRANSACTION|SET TRANSACTION)\b/i

/**
 * Collects the SQL that Sequelize executes while a migration runs (from its `logging` hook, which fires before each
 * query), so a failure can say which statements had already run: MySQL commits DDL implicitly.
 */
export class StatementRecorder {
  private statements: string[] | undefined

  record(message: string): void {
    if (!this.statements) return
    const sql = message.replace(/^Executing \([^)]*\):\s*/, '').trim()
    if (!CONTROL.test(sql)) this.statements.push(sql)
  }

  start(): void {
    this.statements = []
  }

  /** stops recording and returns what was recorded */
  stop(): string[] {
    const recorded = this.statements ?? []
    this.statements = undefined
    return recorded
  }
}
