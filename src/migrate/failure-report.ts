// What became of each statement of a failed migration. Pure: MySQL/MariaDB commit the open transaction implicitly
// before a DDL statement runs (also when that DDL then fails), so a data change stays when any DDL came after it.

/** committed: stays in the database; rolled-back: undone by the rollback; unknown: cannot be told from here */
export type StatementOutcome = 'committed' | 'rolled-back' | 'unknown'

export interface StatementFate {
  sql: string
  outcome: StatementOutcome
}

export interface FailedStatements {
  /** statements that completed before the failure, in order */
  completed: StatementFate[]
  /** the statement that failed, when the error names it */
  failed?: string
  /** the error carried no SQL: the last statement started, which may have failed or completed */
  lastStarted?: string
}

/** Statements that commit implicitly (DDL); CREATE TEMPORARY TABLE does not. */
export function commitsImplicitly(sql: string): boolean {
  const text = sql.trim()
  if (/^CREATE\s+TEMPORARY\b/i.test(text)) return false
  return /^(CREATE|ALTER|DROP|RENAME|TRUNCATE|LOCK\s+TABLES|UNLOCK\s+TABLES)\b/i.test(text)
}

/**
 * `recorded` is every statement the migration started (in order); `failedSql` the SQL of the error, if it has one.
 * The failed statement is the last recorded occurrence of `failedSql`; without it, the last recorded statement's
 * outcome is unknown and it is not counted as run.
 */
export function failedStatements(recorded: readonly string[], failedSql: string | undefined): FailedStatements {
  let completedSql: readonly string[]
  let lastStarted: string | undefined
  if (failedSql !== undefined) {
    const index = recorded.lastIndexOf(failedSql)
    completedSql = index === -1 ? recorded : recorded.slice(0, index)
  } else {
    completedSql = recorded.slice(0, -1)
    lastStarted = recorded.at(-1)
  }
  // a data change is committed by any later DDL, including a failed one (the implicit commit comes first)
  const later = [...completedSql, ...(failedSql !== undefined ? [failedSql] : [])]
  const unknownTail = lastStarted !== undefined && commitsImplicitly(lastStarted)
  const completed = completedSql.map((sql, index): StatementFate => {
    if (commitsImplicitly(sql)) return { sql, outcome: 'committed' }
    if (later.slice(index + 1).some(commitsImplicitly)) return { sql, outcome: 'committed' }
    // the last started statement, without SQL in the error, may be a DDL that committed this before failing
    if (unknownTail) return { sql, outcome: 'unknown' }
    return { sql, outcome: 'rolled-back' }
  })
  return { completed, failed: failedSql, lastStarted }
}
