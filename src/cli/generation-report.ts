import { DriftError, ExitCode } from '../core/errors'
import type { Output } from '../core/output'
import type { GeneratedExport } from '../codegen/generators/types'
import type { GenerationRun } from '../codegen/pipeline'
import { commitTree, unifiedDiff, type FileAction } from '../codegen/tree'

/** What every `generate <kind>` command returns with --json. */
export interface GenerateResult {
  files: Array<{ path: string; action: FileAction; reason?: string }>
  exports: GeneratedExport[]
  warnings: string[]
  drift?: boolean
}

export interface GenerationReportOptions {
  readonly output: Output
  readonly json: boolean
  /** sets the exit code a --json run ends with, after its document */
  readonly exitAfterOutput: (code: ExitCode) => void
  readonly check: boolean
  readonly dryRun: boolean
  /** how to regenerate everything, for the drift hint: `infra generate repository --all` */
  readonly regenerate: string
  /** what the ports are called in the summary line: `port(s)`, `search port(s)` */
  readonly portsNoun: string
}

/** The tail of a generate command: --check compares (exit 2 on drift), --dry-run prints the diff, otherwise commit and list. */
export function reportGeneration(run: GenerationRun, options: GenerationReportOptions): GenerateResult {
  const { output } = options
  const files = run.plan.files.map((f) => ({ path: f.path, action: f.action, ...(f.reason ? { reason: f.reason } : {}) }))
  const result: GenerateResult = { files, exports: [...run.exports], warnings: [...run.warnings] }
  if (options.check) {
    const changes = run.tree.listChanges()
    for (const change of changes) output.line(`${change.type.padEnd(6)} ${change.path}`)
    if (changes.length === 0) {
      output.line('generated code is up to date')
      return { ...result, drift: false }
    }
    if (options.json) {
      options.exitAfterOutput(ExitCode.Drift)
      return { ...result, drift: true }
    }
    throw new DriftError(
      `${changes.length} generated file(s) differ from what infra would generate now`,
      `Run \`${options.regenerate}\` and commit the result (edited files need --force).`,
      { files: changes.map((c) => c.path) },
    )
  }
  for (const warning of result.warnings) output.warn(warning)
  if (options.dryRun) {
    // exactly what a real run would write (edited files it would skip are in the warnings)
    for (const change of run.plan.apply) output.line(unifiedDiff(change.path, change.before, change.content).trimEnd())
    if (run.plan.apply.length === 0) output.line('no changes')
    return result
  }
  commitTree(run.tree, run.plan)
  for (const file of files) if (file.action !== 'unchanged') output.line(`${file.action.padEnd(9)} ${file.path}${file.reason ? `  (${file.reason})` : ''}`)
  const written = files.filter((f) => f.action === 'create' || f.action === 'update').length
  output.line(
    `${written} file(s) written, ${files.filter((f) => f.action === 'unchanged').length} unchanged, ${files.filter((f) => f.action === 'skipped').length} skipped, for ${run.ports.length} ${options.portsNoun}`,
  )
  return result
}
