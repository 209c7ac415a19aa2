import type { Output } from '../core/output'
import type { Plan } from './plan'
import type { SetupReport } from './setup'
import type { StatusReport } from './status'

export function renderPlan(output: Output, plan: Plan): void {
  for (const t of plan.templates) {
    output.line(`${t.action.padEnd(9)} ${t.kind.replace('_', ' ')} ${t.name} (${t.file})`)
    for (const reason of t.reasons) output.line(`          ${reason}`)
  }
  for (const i of plan.indices) {
    const target = i.action === 'create' ? ` -> ${i.to}` : i.action === 'reindex' ? ` ${i.from} -> ${i.to}` : i.from ? ` (${i.from})` : ''
    output.line(`${i.action.padEnd(9)} ${i.alias}${target} (${i.file})`)
    for (const reason of i.reasons) output.line(`          ${reason}`)
  }
  output.line(plan.changes === 0 ? 'Nothing to change.' : `${plan.changes} to change.`)
}

export function renderSetup(output: Output, report: SetupReport): void {
  for (const entry of report.entries) {
    const plan = entry.plan
    const name = plan.kind === 'index' ? plan.alias : `${plan.kind.replace('_', ' ')} ${plan.name}`
    let line = `${plan.action.padEnd(9)} ${name}`
    if (entry.reindex) {
      const r = entry.reindex
      line += `: ${r.from} -> ${r.to}, ${r.copied} copied (${r.method}), ${r.caughtUp} caught up, ${r.deleted} deleted, ${(r.durationMs / 1000).toFixed(1)} s${r.oldIndexDeleted ? `, ${r.from} deleted` : `; ${r.from} kept for rollback`}`
    } else if (plan.kind === 'index' && plan.action === 'create') line += ` -> ${plan.to}`
    output.line(line)
  }
  output.line(report.changed === 0 ? 'Nothing changed.' : `${report.changed} changed.`)
}

export function renderStatus(output: Output, report: StatusReport): void {
  for (const a of report.aliases) {
    const where = a.index ? `${a.index}, ${a.documents} documents, ${a.health}` : 'not created'
    output.line(`${a.alias} -> ${where}${a.previous.length ? `; older: ${a.previous.join(', ')}` : ''}; setup: ${a.pending}`)
  }
  for (const t of report.templates) output.line(`${t.kind.replace('_', ' ')} ${t.name}; setup: ${t.pending}`)
  output.line(report.pending === 0 ? 'Every definition is applied.' : `${report.pending} definitions not applied.`)
}

/** Documents copied, rate and ETA on a terminal's stderr; nothing otherwise. */
export function progressRenderer(output: Output): { update: (e: { alias: string; phase: string; copied: number; total: number }) => void; done: () => void } {
  let started = 0
  let drawn = false
  let last = 0
  return {
    update(e) {
      if (!output.interactive || output.json) return
      const now = Date.now()
      if (!started) started = now
      if (now - last < 200) return
      last = now
      const seconds = Math.max(0.001, (now - started) / 1000)
      const rate = e.copied / seconds
      const eta = e.phase === 'copy' && rate > 0 && e.total > e.copied ? ` ETA ${Math.ceil((e.total - e.copied) / rate)} s` : ''
      process.stderr.write(`\r${e.alias} ${e.phase}: ${e.copied}/${e.total} documents, ${Math.round(rate)}/s${eta}   `)
      drawn = true
    },
    done() {
      if (drawn) process.stderr.write('\n')
      drawn = false
    },
  }
}
