import { InfraError, ServiceAccessDeniedError, ServiceUnreachableError } from '../errors'

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'ETIMEOUT',
  'ConnectionError',
  'TimeoutError',
])

const NETWORK_ERROR_NAMES = new Set([
  'SequelizeConnectionRefusedError',
  'SequelizeHostNotFoundError',
  'SequelizeHostNotReachableError',
  'SequelizeConnectionTimedOutError',
  'SequelizeConnectionError',
  'ConnectionError',
  'TimeoutError',
  'NoLivingConnectionsError',
])

/** True for errors that mean "the service is not there" rather than "the service said no". */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true
  if (NETWORK_ERROR_NAMES.has(error.name)) return true
  if (/connect ECONNREFUSED|Connection is closed|connect ETIMEDOUT|getaddrinfo|timed out|socket hang up/i.test(error.message)) return true
  const cause = (error as { cause?: unknown; parent?: unknown; original?: unknown }).cause ?? (error as { parent?: unknown }).parent
  if (cause && cause !== error) return isConnectionError(cause)
  if (error instanceof AggregateError) return error.errors.some(isConnectionError)
  return false
}

/** mysql2's codes for refused credentials (1045) and a user without access to the database (1044) */
const MYSQL_ACCESS_CODES = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR', 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR'])
/** Redis replies that mean the credentials are wrong or missing */
const REDIS_ACCESS_PREFIXES = ['WRONGPASS', 'NOAUTH']

/**
 * True for errors that mean "the service is there and refused these credentials", recognised by each driver's own
 * marks: mysql2's error code (also under Sequelize's `parent`), a Redis ReplyError's prefix, the AMQP 403 ACCESS_REFUSED
 * handshake close, an HTTP 401/403 from Elasticsearch.
 */
export function isAccessDeniedError(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && MYSQL_ACCESS_CODES.has(code)) return true
  if (error.name === 'SequelizeAccessDeniedError') return true
  if (error.name === 'ReplyError' && REDIS_ACCESS_PREFIXES.some((prefix) => error.message.startsWith(prefix))) return true
  // amqplib closes the handshake with reply code 403 and gives no error class of its own for it
  if (code === 403 || /\bACCESS[-_]REFUSED\b/.test(error.message)) return true
  const statusCode = (error as { meta?: { statusCode?: unknown } }).meta?.statusCode
  if (error.name === 'ResponseError' && (statusCode === 401 || statusCode === 403)) return true
  const cause = (error as { cause?: unknown }).cause ?? (error as { parent?: unknown }).parent
  if (cause && cause !== error) return isAccessDeniedError(cause, depth + 1)
  if (error instanceof AggregateError) return error.errors.some((inner) => isAccessDeniedError(inner, depth + 1))
  return false
}

/** Who was refused where: the user and host:port of a (masked) service URL, with the driver's default user. */
export function accessDenied(service: string, address: string, cause?: unknown): ServiceAccessDeniedError {
  let user = DEFAULT_USERS[service] ?? '(none)'
  let host = address
  try {
    const parsed = new URL(address)
    if (parsed.username) user = decodeURIComponent(parsed.username)
    host = parsed.host || address
  } catch {
    // not a URL: name the address as it is
  }
  return new ServiceAccessDeniedError({ service, address, user, host, cause })
}

/** the user each driver logs in as when the URL names none */
const DEFAULT_USERS: Record<string, string> = { 'MySQL/MariaDB': 'root', RabbitMQ: 'guest', 'RabbitMQ management API': 'guest', Redis: 'default' }

/**
 * Rethrows refused credentials as ServiceAccessDeniedError and connection failures as ServiceUnreachableError (both
 * exit 5); other errors unchanged. `address` must already be masked.
 */
export function asServiceError(service: string, address: string, error: unknown): unknown {
  if (error instanceof InfraError) return error
  if (isAccessDeniedError(error)) return accessDenied(service, address, error)
  return isConnectionError(error) ? new ServiceUnreachableError(service, address, error) : error
}

/** Rejects with a timeout error if `promise` takes longer than `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${what} timed out after ${ms}ms`), { code: 'ETIMEDOUT' })), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
