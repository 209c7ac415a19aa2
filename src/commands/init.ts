import { Flags } from '@oclif/core'
import { InfraCommand } from '../cli/base-command'
import { planInit } from '../codegen/init-service'
import { commitTree, unifiedDiff, type FileAction } from '../codegen/tree'

export interface InitResult {
  files: Array<{ path: string; action: FileAction; reason?: string }>
  warnings: string[]
}

export default class Init extends InfraCommand<typeof Init> {
  static override summary = 'Create infra.config.yaml and the infrastructure layer skeleton, with the shared MySQL modules generated code needs.'
  static override description =
    'Lays down src/infrastructure/{repository,persistence/{mysql,elastic,redis},messaging/{rabbitmq,outbox},cache}/ and infra/migrations/, a Sequelize connection factory and a transaction helper, and infra.config.yaml when the project has no config file. Safe to run again: files that exist are kept, files you edited are never overwritten (--force does).'

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --dry-run',
    '<%= config.bin %> <%= command.id %> --json',
  ]

  static override flags = {
    'dry-run': Flags.boolean({ description: 'print what would be written as a diff; write nothing' }),
    force: Flags.boolean({ description: 'overwrite files edited since infra wrote them' }),
  }

  async run(): Promise<InitResult> {
    const config = await this.loadConfig()
    const { tree, plan } = planInit(config, { force: this.flags.force })
    const files = plan.files.map((f) => ({ path: f.path, action: f.action, ...(f.reason ? { reason: f.reason } : {}) }))
    const warnings = plan.files
      .filter((f) => f.action === 'skipped')
      .map((f) => `${f.path}: left unchanged because ${f.reason}; run with --force to overwrite it`)
    for (const warning of warnings) this.output.warn(warning)
    if (this.flags['dry-run']) {
      for (const change of plan.apply) this.output.line(unifiedDiff(change.path, change.before, change.content).trimEnd())
      if (plan.apply.length === 0) this.output.line('no changes')
      return { files, warnings }
    }
    commitTree(tree, plan)
    for (const file of files) this.output.line(`${file.action.padEnd(9)} ${file.path}`)
    return { files, warnings }
  }
}
