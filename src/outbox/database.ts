import type { Connection } from 'mysql2/promise'
import { connectMysql, isConnectionError, MYSQL_SERVICE, mysqlAddress } from '../core/connections'
import { InvalidInputError, ServiceUnreachableError } from '../core/errors'
import type { OutboxLayout } from './layout'

export interface OutboxDatabaseTarget {
  url: string
  timeoutMs: number
}

/**
 * A mysql2 connection for the outbox: JSON columns come back as the stored text (jsonStrings), so a payload with
 * 12345678901234567890 or 1.10 reaches the broker unchanged; BIGINT ids as strings. `multipleStatements` lets the claim
 * session send "START TRANSACTION; SELECT ..." in one round trip (every value still goes through placeholders).
 */
export async function connectOutboxDatabase(target: OutboxDatabaseTarget, options: { multipleStatements?: boolean } = {}): Promise<Connection> {
  const connection = await connectMysql({ url: target.url, timeoutMs: target.timeoutMs }, { jsonStrings: true, ...options })
  connection.on('error', () => undefined) // a lost connection is reported by the query that needed it
  return connection
}

export function describeDatabaseError(target: OutboxDatabaseTarget, layout: OutboxLayout, error: unknown): unknown {
  if (error instanceof ServiceUnreachableError || error instanceof InvalidInputError) return error
  if (isConnectionError(error) || isLostConnection(error)) return new ServiceUnreachableError(MYSQL_SERVICE, mysqlAddress(target.url), error)
  const code = (error as { code?: unknown }).code
  if (code === 'ER_NO_SUCH_TABLE' || code === 'ER_BAD_FIELD_ERROR') {
    return new InvalidInputError({
      code: 'OUTBOX_TABLE_MISMATCH',
      message: `the outbox table does not match the configured layout: ${(error as Error).message}`,
      hint: `Create it with \`infra outbox init\` then \`infra migrate up\`, or map outbox.table / outbox.columns to your table (${layout.table}${layout.delivery.inline ? '' : `, delivery in ${layout.delivery.table}`}).`,
      cause: error,
    })
  }
  return error
}

function isLostConnection(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code
  const message = error instanceof Error ? error.message : ''
  return code === 'ER_CONNECTION_KILLED' || code === 'ER_SERVER_SHUTDOWN' || /closed state|connection lost|server closed the connection/i.test(message)
}
