import { InvalidInputError, OperationFailedError } from '../core/errors'
import type { ExternalReference } from './load-topology'
import { describeOrigin } from './model'
import type { PlanItem } from './planner'

function describeDifferences(item: PlanItem): string {
  return (item.differences ?? []).map((d) => `${d.field}: live ${JSON.stringify(d.live)}, file ${JSON.stringify(d.desired)}`).join('; ')
}

/** Entities on the broker declared with other arguments than the file says: nothing was declared (exit 1). */
export class QueueConflictError extends OperationFailedError {
  constructor(file: string, conflicts: PlanItem[]) {
    const lines = conflicts.map(
      (c) => `  ${c.kind} "${c.name}" (vhost ${c.vhost}${c.origin ? `, ${describeOrigin(c.origin)}` : ''}): ${describeDifferences(c)}\n    -> ${c.hint ?? ''}`,
    )
    super({
      code: 'QUEUE_CONFLICT',
      message: `${conflicts.length} entit${conflicts.length > 1 ? 'ies' : 'y'} on the broker differ from ${file}; nothing was declared:\n${lines.join('\n')}`,
      hint: conflicts.some((c) => c.kind === 'queue')
        ? 'Run `infra queue declare --recreate` for empty queues, or move the arguments to a policy (docs/queue.md, "Changing a queue").'
        : 'See docs/queue.md, "Changing an exchange".',
      details: { file, conflicts: conflicts.map((c) => ({ kind: c.kind, vhost: c.vhost, name: c.name, differences: c.differences, hint: c.hint })) },
    })
  }
}

/** --recreate of queues that hold messages, without --force: nothing was declared (exit 1). */
export class QueueNotEmptyError extends OperationFailedError {
  constructor(queues: { vhost: string; name: string; messages: number }[]) {
    super({
      code: 'QUEUE_NOT_EMPTY',
      message: `refusing to recreate ${queues.map((q) => `queue "${q.name}" (vhost ${q.vhost}) holding ${q.messages} message(s)`).join(', ')}; nothing was declared`,
      hint: 'Let consumers drain it and run again, or add --force to delete the messages with the queue.',
      details: { queues },
    })
  }
}

/** A binding names an exchange or queue that is neither in the file nor on the broker (exit 4). */
export class UnknownReferenceError extends InvalidInputError {
  constructor(file: string, references: ExternalReference[]) {
    const lines = references.map(
      (r) => `  ${describeOrigin(r.origin)}: ${r.kind} "${r.name}" (vhost ${r.vhost}) is declared neither in the file nor on the broker`,
    )
    super({
      code: 'TOPOLOGY_UNKNOWN_REFERENCE',
      message: `${file}: ${references.length} binding end${references.length > 1 ? 's' : ''} declared nowhere:\n${lines.join('\n')}`,
      hint: `Declare ${references.length > 1 ? 'them' : 'it'} under ${references[0]!.kind === 'exchange' ? 'exchanges' : 'queues'}: in the file, or fix the name.`,
      details: { file, references: references.map((r) => ({ kind: r.kind, vhost: r.vhost, name: r.name, line: r.origin.line })) },
    })
  }
}

/** Something in the file needs the management API (vhosts, policies, prune) and it is switched off (exit 4). */
export class ManagementRequiredError extends InvalidInputError {
  constructor(what: string, reason: string) {
    super({
      code: 'QUEUE_MANAGEMENT_REQUIRED',
      message: `${what} need${what.endsWith('s') ? '' : 's'} the RabbitMQ management API, which is not used: ${reason}`,
      hint: 'Enable the management plugin and set rabbitmq.managementUrl (INFRA_RABBITMQ_MANAGEMENT_URL), or remove them from the file.',
    })
  }
}

/** The broker refused a declaration during apply (exit 1). */
export class DeclareFailedError extends OperationFailedError {
  constructor(what: string, cause: unknown, done: number) {
    const message = cause instanceof Error ? cause.message : String(cause)
    super({
      code: 'QUEUE_DECLARE_FAILED',
      message: `the broker refused to declare ${what}: ${message} (${done} change(s) were applied before)`,
      hint: 'Run `infra queue plan` to see the state now; another process may have declared it at the same time.',
      cause,
    })
  }
}
