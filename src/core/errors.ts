/**
 * One error type for every expected failure. Only the command layer turns it into output and an exit code;
 * everything below throws and lets it travel up.
 */
export const ExitCode = {
  /** done, or nothing to do */
  Ok: 0,
  /** the operation failed: an unexpected error, or a service refused the work */
  Failed: 1,
  /** a check found a difference (only with --check / status --check) */
  Drift: 2,
  /** a lock or lease was not acquired in time */
  Locked: 3,
  /** invalid input: configuration, a definition or migration file, an unsupported construct, a changed checksum */
  InvalidInput: 4,
  /** a service could not be reached, or refused the credentials */
  Unreachable: 5,
  /** interrupted by Ctrl-C (SIGINT) or a cancelled prompt; nothing more is printed */
  Interrupted: 130,
} as const

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/** Every error code infra reports (docs/exit-codes.md): stable, so scripts can match on them. */
export type ErrorCode =
  | 'CACHE_NEEDS_REPOSITORY'
  | 'CACHE_ENTITY_INVALID'
  | 'CACHE_KEY_OUTSIDE_PREFIX'
  | 'CACHE_PATTERN_EMPTY'
  | 'CACHE_PATTERN_MATCHES_ALL'
  | 'CACHE_TAG_EMPTY'
  | 'CACHE_TARGET_REQUIRED'
  | 'COMMAND_NOT_FOUND'
  | 'CONFIG_INVALID'
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_UNREADABLE'
  | 'DEFAULT_FLAG_INVALID'
  | 'DOMAIN_SOURCE_INVALID'
  | 'DRIFT'
  | 'DURATION_INVALID'
  | 'GENERATED_CODE_BUG'
  | 'GENERATED_CODE_DOES_NOT_COMPILE'
  | 'GENERATED_CODE_MISSING_DEPENDENCY'
  | 'INDEX_ALIAS_UNKNOWN'
  | 'INDEX_COPY_FAILED'
  | 'INDEX_DEFINITION_DUPLICATE_ALIAS'
  | 'INDEX_DEFINITION_INVALID'
  | 'INDEX_DEFINITION_MAPPING_TYPE'
  | 'INDEX_DEFINITION_REJECTED'
  | 'INDEX_DEFINITION_SYNTAX'
  | 'INDEX_NAME_TAKEN'
  | 'INDEX_NO_PREVIOUS'
  | 'INDEX_REINDEX_FAILED'
  | 'INDEX_WRITES_IN_FLIGHT'
  | 'INTERRUPTED'
  | 'LOCK_ERROR'
  | 'LOCK_TIMEOUT'
  | 'MANIFEST_INVALID'
  | 'MIGRATE_DATABASE_MISSING'
  | 'MIGRATE_DATABASE_UNSET'
  | 'MIGRATIONS_FOLDER_MISSING'
  | 'MIGRATION_CHECKSUM_MISMATCH'
  | 'MIGRATION_DUPLICATE'
  | 'MIGRATION_FAILED'
  | 'MIGRATION_FILE_MISSING'
  | 'MIGRATION_IMMUTABLE'
  | 'MIGRATION_INVALID'
  | 'MIGRATION_NAME_INVALID'
  | 'MIGRATION_NO_DOWN'
  | 'MIGRATION_OUT_OF_ORDER'
  | 'MIGRATION_UNKNOWN'
  | 'MISSING_ARGUMENT'
  | 'OUTBOX_BROKER_REFUSED'
  | 'OUTBOX_CONFIG_INVALID'
  | 'OUTBOX_EXCHANGE_MISSING'
  | 'OUTBOX_FILTER_UNSUPPORTED'
  | 'OUTBOX_FLAG_INVALID'
  | 'OUTBOX_PARTITION_INVALID'
  | 'OUTBOX_PUBLISHER_CLOSED'
  | 'OUTBOX_ROUTING_KEY_INVALID'
  | 'OUTBOX_TABLE_MISMATCH'
  | 'OUTBOX_TIME_INVALID'
  | 'PORT_NOT_FOUND'
  | 'EVENT_NOT_FOUND'
  | 'QUERY_UNKNOWN_PROPERTY'
  | 'QUEUE_CONFLICT'
  | 'QUEUE_DECLARE_FAILED'
  | 'QUEUE_MANAGEMENT_REQUIRED'
  | 'QUEUE_NOT_EMPTY'
  | 'RABBITMQ_MANAGEMENT_ERROR'
  | 'RENAME_FLAG_INVALID'
  | 'RENAME_TARGET_UNKNOWN'
  | 'SCHEMA_BACKFILL_REQUIRED'
  | 'SCHEMA_DATA_LOSS'
  | 'SCHEMA_RENAME_AMBIGUOUS'
  | 'SCHEMA_SNAPSHOT_INVALID'
  | 'SCHEMA_SNAPSHOT_MISSING'
  | 'SERVICE_ACCESS_DENIED'
  | 'SERVICE_UNREACHABLE'
  | 'TEMPLATE_INVALID'
  | 'TEMPLATE_NOT_FOUND'
  | 'TOPOLOGY_INVALID'
  | 'TOPOLOGY_NOT_FOUND'
  | 'TOPOLOGY_UNKNOWN_REFERENCE'
  | 'TOPOLOGY_UNREADABLE'
  | 'TREE_PATH_OUTSIDE_ROOT'
  | 'TSCONFIG_INVALID'
  | 'TSCONFIG_UNREADABLE'
  | 'UNEXPECTED'
  | 'UNSUPPORTED_DOMAIN_CONSTRUCT'
  | 'USAGE'
  | 'WRITE_FAILED'

export interface InfraErrorOptions {
  /** stable, unique, SCREAMING_SNAKE code, e.g. CONFIG_INVALID */
  code: ErrorCode
  message: string
  exitCode: ExitCode
  /** what the user can do about it */
  hint?: string
  cause?: unknown
  /** structured facts for --json consumers (file, line, key, service...) */
  details?: Record<string, unknown>
}

export class InfraError extends Error {
  readonly code: ErrorCode
  readonly exitCode: ExitCode
  readonly hint?: string
  readonly details?: Record<string, unknown>

  constructor(options: InfraErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'InfraError'
    this.code = options.code
    this.exitCode = options.exitCode
    this.hint = options.hint
    this.details = options.details
  }

  toJSON(): { code: ErrorCode; message: string; hint?: string; details?: Record<string, unknown> } {
    return { code: this.code, message: this.message, hint: this.hint, details: this.details }
  }
}

/** Invalid input (exit 4): names the file, the place and the fix. */
export class InvalidInputError extends InfraError {
  constructor(options: Omit<InfraErrorOptions, 'exitCode'>) {
    super({ ...options, exitCode: ExitCode.InvalidInput })
  }
}

/** A service could not be reached (exit 5). `address` must already be masked. */
export class ServiceUnreachableError extends InfraError {
  constructor(service: string, address: string, cause?: unknown, hint?: string) {
    super({
      code: 'SERVICE_UNREACHABLE',
      exitCode: ExitCode.Unreachable,
      message: `${service} is not reachable at ${address}${cause ? `: ${describeCause(cause)}` : ''}`,
      hint:
        hint ??
        `Start ${service}, or point infra at it with the matching INFRA_*_URL variable or config key; \`infra doctor --wait 60s\` waits until it answers.`,
      cause,
      details: { service, address },
    })
  }
}

export interface AccessDeniedOptions {
  service: string
  /** masked address of the server */
  address: string
  user: string
  /** host:port of the server */
  host: string
  cause?: unknown
  hint?: string
}

/** A service answered but refused the credentials (exit 5). Never carries the password: the address is masked. */
export class ServiceAccessDeniedError extends InfraError {
  constructor(options: AccessDeniedOptions) {
    super({
      code: 'SERVICE_ACCESS_DENIED',
      exitCode: ExitCode.Unreachable,
      message: `${options.service}: access denied for user ${options.user} at host ${options.host}`,
      hint:
        options.hint ??
        `Check the user and password in the ${options.service} URL (the matching INFRA_*_URL variable or config key) and the user's permissions there.`,
      cause: options.cause,
      details: { service: options.service, address: options.address, user: options.user, host: options.host },
    })
  }
}

/** Ctrl-C (SIGINT), or a prompt the user cancelled: exit 130, quietly. */
export class InterruptedError extends InfraError {
  constructor(cause?: unknown) {
    super({ code: 'INTERRUPTED', exitCode: ExitCode.Interrupted, message: 'interrupted', cause })
  }
}

/** A lock or lease was not acquired in time (exit 3). */
export class LockTimeoutError extends InfraError {
  constructor(message: string, hint?: string, details?: Record<string, unknown>) {
    super({ code: 'LOCK_TIMEOUT', exitCode: ExitCode.Locked, message, hint, details })
  }
}

/** A check found a difference (exit 2). */
export class DriftError extends InfraError {
  constructor(message: string, hint?: string, details?: Record<string, unknown>) {
    super({ code: 'DRIFT', exitCode: ExitCode.Drift, message, hint, details })
  }
}

/** The operation failed (exit 1): a service refused the work. */
export class OperationFailedError extends InfraError {
  constructor(options: Omit<InfraErrorOptions, 'exitCode'>) {
    super({ ...options, exitCode: ExitCode.Failed })
  }
}

/** The most useful one-line description of a driver error, with its code when it has one. */
export function describeCause(cause: unknown): string {
  if (cause instanceof AggregateError && cause.errors.length > 0) return describeCause(cause.errors[0])
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code
    const message = cause.message || cause.name
    return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message
  }
  return String(cause)
}
