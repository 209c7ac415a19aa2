// What the broker accepts for the queue and exchange arguments it knows; checked before any I/O so a typo is exit 4
// naming the argument, not a channel closed by the broker halfway through a declare.

type ArgumentCheck = (value: unknown) => string | undefined

const nonNegativeInteger: ArgumentCheck = (v) => (Number.isInteger(v) && (v as number) >= 0 ? undefined : 'expected a non-negative integer')
const positiveInteger: ArgumentCheck = (v) => (Number.isInteger(v) && (v as number) > 0 ? undefined : 'expected a positive integer')
const text: ArgumentCheck = (v) => (typeof v === 'string' ? undefined : 'expected a string')
const flag: ArgumentCheck = (v) => (typeof v === 'boolean' ? undefined : 'expected true or false')
const oneOf =
  (...values: string[]): ArgumentCheck =>
  (v) =>
    typeof v === 'string' && values.includes(v) ? undefined : `expected one of ${values.join(', ')}`

const QUEUE_ARGUMENTS: Record<string, ArgumentCheck> = {
  'x-queue-type': oneOf('classic', 'quorum', 'stream'),
  'x-message-ttl': nonNegativeInteger,
  'x-expires': positiveInteger,
  'x-max-length': nonNegativeInteger,
  'x-max-length-bytes': nonNegativeInteger,
  'x-overflow': oneOf('drop-head', 'reject-publish', 'reject-publish-dlx'),
  'x-dead-letter-exchange': text,
  'x-dead-letter-routing-key': text,
  'x-dead-letter-strategy': oneOf('at-most-once', 'at-least-once'),
  'x-single-active-consumer': flag,
  'x-max-priority': (v) => (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 255 ? undefined : 'expected an integer from 0 to 255'),
  'x-queue-mode': oneOf('default', 'lazy'),
  'x-queue-version': (v) => (v === 1 || v === 2 ? undefined : 'expected 1 or 2'),
  'x-queue-master-locator': oneOf('client-local', 'balanced', 'min-masters', 'random'),
  'x-queue-leader-locator': oneOf('client-local', 'balanced'),
  'x-delivery-limit': nonNegativeInteger,
  'x-quorum-initial-group-size': positiveInteger,
  'x-max-age': (v) => (typeof v === 'string' && /^\d+(Y|M|D|h|m|s)$/.test(v) ? undefined : 'expected a stream age like 7D, 12h, 30m'),
  'x-stream-max-segment-size-bytes': positiveInteger,
}

const EXCHANGE_ARGUMENTS: Record<string, ArgumentCheck> = {
  'alternate-exchange': text,
  'x-delayed-type': oneOf('direct', 'topic', 'fanout', 'headers'),
}

/** Problems of a queue's or exchange's arguments, by argument name (an empty list when all is well). */
export function argumentProblems(kind: 'queue' | 'exchange', args: Record<string, unknown>): { argument: string; message: string }[] {
  const known = kind === 'queue' ? QUEUE_ARGUMENTS : EXCHANGE_ARGUMENTS
  const problems: { argument: string; message: string }[] = []
  for (const [argument, value] of Object.entries(args)) {
    const check = known[argument]
    if (check) {
      const message = check(value)
      if (message) problems.push({ argument, message: `${message}, got ${JSON.stringify(value)}` })
    } else if (!argument.startsWith('x-') && !(kind === 'exchange' && argument === 'alternate-exchange')) {
      problems.push({ argument, message: 'unknown argument: broker arguments start with "x-"' })
    } else if (value === null || value === undefined) {
      problems.push({ argument, message: 'expected a value' })
    }
  }
  return problems
}

/** What a queue type forbids (the broker refuses these with a closed channel). */
export function queueTypeProblems(
  queueType: string,
  options: { durable: boolean; autoDelete: boolean; args: Record<string, unknown> },
): { argument: string; message: string }[] {
  const problems: { argument: string; message: string }[] = []
  if (queueType === 'classic') return problems
  if (!options.durable) problems.push({ argument: 'durable', message: `a ${queueType} queue must be durable` })
  if (options.autoDelete) problems.push({ argument: 'autoDelete', message: `a ${queueType} queue cannot be auto-delete` })
  const forbidden =
    queueType === 'quorum'
      ? ['x-max-priority', 'x-queue-mode', 'x-queue-master-locator']
      : [
          'x-max-priority',
          'x-dead-letter-exchange',
          'x-dead-letter-routing-key',
          'x-message-ttl',
          'x-expires',
          'x-overflow',
          'x-single-active-consumer',
          'x-delivery-limit',
        ]
  for (const argument of forbidden) if (argument in options.args) problems.push({ argument, message: `not supported by ${queueType} queues` })
  if (queueType === 'quorum' && options.args['x-overflow'] === 'drop-head' && options.args['x-dead-letter-strategy'] === 'at-least-once') {
    problems.push({ argument: 'x-overflow', message: 'at-least-once dead-lettering needs x-overflow reject-publish' })
  }
  return problems
}
