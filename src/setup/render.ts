import type { Output } from '../core/output'
import type { StepReport } from './run-setup'

/** One line per step on stdout (and its warnings on stderr), as each ends. */
export function renderSetupStep(output: Output, report: StepReport): void {
  const name = report.step.padEnd(8)
  switch (report.status) {
    case 'skipped':
      output.line(`${name} skipped: ${report.reason}`)
      return
    case 'not-run':
      output.line(`${name} not run`)
      return
    case 'failed':
      output.line(`${name} ${output.style('red', 'FAILED')}`)
      return
    default:
      for (const warning of report.warnings) output.warn(warning)
      output.line(`${name} ${report.summary} (${Math.round(report.durationMs)}ms)`)
  }
}
