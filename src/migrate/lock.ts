import { createHash } from 'node:crypto'
import type { Connection, RowDataPacket } from 'mysql2/promise'
import { LockTimeoutError, OperationFailedError } from '../core/errors'

/** Who holds the lock, as far as the server tells (PROCESSLIST needs the PROCESS privilege for other users' sessions). */
export interface LockHolder {
  connectionId: string
  user?: string
  host?: string
}

/** The lock name: scoped to database and table; MySQL allows 64 characters, longer names are hashed. */
export function migrationLockName(database: string, table: string): string {
  const name = `infra_migrate:${database}.${table}`
  return name.length <= 64 ? name : `infra_migrate:${createHash('sha256').update(`${database}.${table}`).digest('hex').slice(0, 48)}`
}

export function describeHolder(holder: LockHolder | undefined): string {
  if (!holder) return 'another session'
  const who = holder.user ? ` (${holder.user}@${holder.host ?? '?'})` : ''
  return `connection ${holder.connectionId}${who}`
}

export interface MigrationLock {
  name: string
  release(): Promise<void>
}

/**
 * Takes GET_LOCK on a connection of its own, polling in steps of up to a second so it can say who holds it.
 * The lock lives as long as that connection: a killed process leaves no stale lock.
 */
export async function acquireMigrationLock(
  connection: Connection,
  name: string,
  timeoutMs: number,
  onWait: (holder: LockHolder | undefined, waitedMs: number) => void = () => undefined,
): Promise<MigrationLock> {
  const started = Date.now()
  let lastHolder: string | undefined
  let holder: LockHolder | undefined
  for (;;) {
    const remainingMs = Math.max(0, started + timeoutMs - Date.now())
    const waitSeconds = Math.min(1, remainingMs / 1000)
    const [rows] = await connection.query<RowDataPacket[]>('SELECT GET_LOCK(?, ?) AS got', [name, waitSeconds])
    const got = rows[0]?.got as number | string | null
    if (got === null || got === undefined) {
      throw new OperationFailedError({
        code: 'LOCK_ERROR',
        message: `GET_LOCK('${name}') returned NULL (the server reported an error taking the lock)`,
        hint: 'Check the server log; retry.',
      })
    }
    if (Number(got) === 1) {
      return {
        name,
        release: async () => {
          await connection.query('SELECT RELEASE_LOCK(?)', [name])
        },
      }
    }
    holder = await lockHolder(connection, name)
    const key = holder?.connectionId
    if (key !== lastHolder) {
      lastHolder = key
      onWait(holder, Date.now() - started)
    }
    if (Date.now() - started >= timeoutMs) {
      throw new LockTimeoutError(
        `Timed out after ${Math.round(timeoutMs / 1000)}s waiting for the migration lock "${name}", held by ${describeHolder(holder)}`,
        'Another `infra migrate` is running against this database; wait for it, or raise --lock-timeout. A killed run releases the lock when its connection closes.',
        { lock: name, holder },
      )
    }
  }
}

async function lockHolder(connection: Connection, name: string): Promise<LockHolder | undefined> {
  const [rows] = await connection.query<RowDataPacket[]>('SELECT IS_USED_LOCK(?) AS id', [name])
  const id = rows[0]?.id as number | string | null | undefined
  if (id === null || id === undefined) return undefined
  const [processes] = await connection.query<RowDataPacket[]>('SELECT USER AS user, HOST AS host FROM information_schema.PROCESSLIST WHERE ID = ?', [id])
  const process = processes[0]
  return { connectionId: String(id), user: process?.user as string | undefined, host: process?.host as string | undefined }
}
