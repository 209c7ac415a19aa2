// What `generate publisher` and `generate consumer` share: the same arguments and flags, one run (dry-run, check,
// commit) over the messaging service; each command says which generator and documents itself.
import { Args, Flags, type Command } from '@oclif/core'
import { planMessagingGeneration, type MessagingTopologyResult } from '../codegen/messaging-service'
import type { GeneratedExport } from '../codegen/generators/types'
import { commitTree, unifiedDiff, type FileAction } from '../codegen/tree'
import { DriftError, ExitCode, InvalidInputError } from '../core/errors'
import { InfraCommand } from './base-command'

export interface GenerateMessagingResult {
  files: Array<{ path: string; action: FileAction; reason?: string }>
  exports: GeneratedExport[]
  topology: MessagingTopologyResult
  warnings: string[]
  drift?: boolean
}

export const messagingArgs = {
  events: Args.string({ description: 'domain event names (classes, interfaces or type aliases ending in messaging.eventSuffixes), e.g. UserRegistered' }),
}

export const messagingFlags = {
  all: Flags.boolean({ description: 'every domain event in the domain sources', exclusive: ['events'] }),
  'dry-run': Flags.boolean({ description: 'print the changes as a unified diff; write nothing', exclusive: ['check'] }),
  check: Flags.boolean({ description: 'exit 2 when regenerating would change files (CI drift check); write nothing' }),
  force: Flags.boolean({ description: 'overwrite files edited since infra wrote them' }),
  tsconfig: Flags.string({ description: 'the tsconfig the domain is read with (default: generate.tsconfig, tsconfig.json)' }),
}

export abstract class GenerateMessagingCommand<T extends typeof Command> extends InfraCommand<T> {
  protected async generateMessaging(kind: 'publisher' | 'consumer'): Promise<GenerateMessagingResult> {
    const flags = this.flags as { all: boolean; 'dry-run': boolean; check: boolean; force: boolean; tsconfig?: string }
    const config = await this.loadConfig({ 'generate.tsconfig': flags.tsconfig })
    const events = this.argvRest.filter((a) => !a.startsWith('-'))
    if (!flags.all && events.length === 0) {
      throw new InvalidInputError({
        code: 'MISSING_ARGUMENT',
        message: 'no event named: pass event names or --all',
        hint: `infra generate ${kind} <Event...> | --all [--dry-run | --check] [--force] [--json]`,
      })
    }
    const run = planMessagingGeneration(config, kind, { events, all: flags.all, force: flags.force })
    const files = run.plan.files.map((f) => ({ path: f.path, action: f.action, ...(f.reason ? { reason: f.reason } : {}) }))
    const result: GenerateMessagingResult = { files, exports: [...run.exports], topology: run.topology, warnings: [...run.warnings] }
    if (flags.check) {
      const changes = run.tree.listChanges()
      for (const change of changes) this.output.line(`${change.type.padEnd(6)} ${change.path}`)
      if (changes.length === 0) {
        this.output.line('generated code is up to date')
        return { ...result, drift: false }
      }
      if (this.jsonEnabled()) {
        this.exitAfterOutput(ExitCode.Drift)
        return { ...result, drift: true }
      }
      throw new DriftError(
        `${changes.length} file(s) differ from what infra would generate now`,
        `Run \`infra generate ${kind} --all\` and commit the result.`,
        {
          files: changes.map((c) => c.path),
        },
      )
    }
    for (const warning of result.warnings) this.output.warn(warning)
    if (flags['dry-run']) {
      for (const change of run.plan.apply) this.output.line(unifiedDiff(change.path, change.before, change.content).trimEnd())
      if (run.plan.apply.length === 0) this.output.line('no changes')
      return result
    }
    commitTree(run.tree, run.plan)
    for (const file of files)
      if (file.action !== 'unchanged') this.output.line(`${file.action.padEnd(9)} ${file.path}${file.reason ? `  (${file.reason})` : ''}`)
    const written = files.filter((f) => f.action === 'create' || f.action === 'update').length
    this.output.line(`${written} file(s) written for ${run.exports.length} event(s)`)
    if (run.topology.status === 'updated') this.output.line(`${run.topology.file}: added ${describeAdded(run.topology)}; declare it with: infra queue declare`)
    else if (run.topology.status === 'skipped')
      this.output.line(
        `${run.topology.file} is a definitions export, which infra does not edit: add the exchanges, queues and bindings of docs/messaging.md to it`,
      )
    return result
  }
}

function describeAdded(topology: MessagingTopologyResult): string {
  const { exchanges, queues, bindings } = topology.added
  return [
    exchanges.length > 0 ? `exchange(s) ${exchanges.join(', ')}` : '',
    queues.length > 0 ? `queue(s) ${queues.join(', ')} (with their retry and dead-letter queues)` : '',
    bindings.length > 0 ? `${bindings.length} binding(s)` : '',
  ]
    .filter(Boolean)
    .join(', ')
}
