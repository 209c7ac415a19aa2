import { InfraError, ServiceUnreachableError } from '../errors'

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

/** Rethrows connection failures as ServiceUnreachableError (exit 5); other errors unchanged. */
export function asServiceError(service: string, address: string, error: unknown): unknown {
  if (error instanceof InfraError) return error
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
