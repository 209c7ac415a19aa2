// Human-readable plans and status (the commands' stdout without --json).
import type { Output } from '../core/output'
import type { ApplyResult } from './apply-plan'
import type { PlanAction, PlanItem, QueuePlan } from './planner'
import type { QueueStatusReport } from './service'

const MARK: Record<PlanAction, string> = {
  create: '+',
  unchanged: '=',
  conflict: '!',
  recreate: '±',
  update: '~',
  'not-in-file': '?',
  delete: '-',
  unverified: '*',
}

export function describeItem(item: PlanItem): string {
  const differences = (item.differences ?? []).map((d) => `${d.field}: ${JSON.stringify(d.live)} -> ${JSON.stringify(d.desired)}`).join(', ')
  const messages =
    item.messages === undefined || item.kind !== 'queue' || item.action === 'create' || item.action === 'unchanged' ? '' : ` (${item.messages} message(s))`
  return `${MARK[item.action]} ${item.action.padEnd(11)} ${item.kind} ${item.name}${item.vhost === item.name && item.kind === 'vhost' ? '' : `  [vhost ${item.vhost}]`}${messages}${differences ? `\n      ${differences}` : ''}${item.hint ? `\n      ${item.hint}` : ''}`
}

/** One JSON-friendly view of a plan item (without the specs). */
export function itemView(item: PlanItem): Record<string, unknown> {
  const { spec: _spec, origin, ...rest } = item as PlanItem & { live?: unknown }
  delete (rest as { live?: unknown }).live
  return { ...rest, ...(origin ? { file: origin.file, line: origin.line } : {}) }
}

export function planView(plan: QueuePlan): Record<string, unknown> {
  return {
    file: plan.file,
    source: plan.source,
    counts: plan.counts,
    changes: plan.items.filter((i) => i.action !== 'unchanged').length,
    items: plan.items.map(itemView),
  }
}

export function renderPlan(output: Output, plan: QueuePlan, options: { showUnchanged?: boolean } = {}): void {
  const shown = plan.items.filter((i) => options.showUnchanged || i.action !== 'unchanged')
  for (const item of shown) {
    const text = describeItem(item)
    output.line(item.action === 'conflict' ? output.style('red', text) : item.action === 'create' ? output.style('green', text) : text)
  }
  const c = plan.counts
  const parts = (['create', 'recreate', 'update', 'conflict', 'delete', 'not-in-file', 'unverified', 'unchanged'] as const)
    .filter((a) => c[a] > 0)
    .map((a) => `${c[a]} ${a}`)
  output.line(
    `${plan.file}: ${parts.length > 0 ? parts.join(', ') : 'empty topology'}${plan.source === 'passive' ? ' (passive checks: bindings and policies unverified, entities not in the file unknown)' : ''}`,
  )
}

export function renderApply(output: Output, result: ApplyResult): void {
  for (const q of result.recreated) output.line(`recreated queue ${q.name} [vhost ${q.vhost}]${q.messages > 0 ? `, deleting ${q.messages} message(s)` : ''}`)
  for (const e of result.recreatedExchanges) output.line(`recreated exchange ${e.name} [vhost ${e.vhost}], its bindings from the file bound again`)
  for (const n of result.notPruned) output.line(`not pruned: ${n.kind} ${n.name} [vhost ${n.vhost}]: ${n.reason}`)
  output.line(result.applied === 0 ? 'no changes' : `applied ${result.applied} change(s)${result.pruned ? `, ${result.pruned} pruned` : ''}`)
}

export function renderStatus(output: Output, report: QueueStatusReport): void {
  const rows = report.queues.map((q) => [q.vhost, q.name, q.matches, String(q.ready ?? '-'), String(q.unacknowledged ?? '-'), String(q.consumers ?? '-')])
  const header = ['vhost', 'queue', 'matches file', 'ready', 'unacked', 'consumers']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const format = (r: string[]) => r.map((v, i) => (i >= 3 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ')
  output.line(format(header))
  for (const r of rows) output.line(format(r))
  output.line(`${report.queues.length} queue(s); ${report.queues.filter((q) => q.matches !== 'yes').length} not matching ${report.file}`)
}
