import { Args, Flags } from '@oclif/core'
import { InfraCommand } from '../../cli/base-command'
import { planEject } from '../../codegen/templates-service'
import { commitTree, type FileAction } from '../../codegen/tree'

export interface EjectResult {
  templates: string[]
  files: Array<{ path: string; action: FileAction; reason?: string }>
}

export default class TemplatesEject extends InfraCommand<typeof TemplatesEject> {
  static override summary = "Copy built-in templates into the project's infra/templates/ to customise the generated code."
  static override description =
    'A template in infra/templates/ (generate.templatesDir) overrides the built-in one with the same relative path. Without a name every template is copied; a name can be one template (repository/mysql-repository.ts.hbs) or a folder (persistence/mysql). A template you already edited there is kept unless --force.'

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> repository/mysql-repository.ts.hbs',
    '<%= config.bin %> <%= command.id %> persistence/mysql',
  ]

  static override args = {
    name: Args.string({ description: 'a template or folder under templates/ (default: all)' }),
  }

  static override flags = {
    force: Flags.boolean({ description: 'overwrite templates edited since they were ejected' }),
  }

  async run(): Promise<EjectResult> {
    const config = await this.loadConfig()
    const { tree, plan, templates } = planEject(config, this.args.name, { force: this.flags.force })
    commitTree(tree, plan)
    const files = plan.files.map((f) => ({ path: f.path, action: f.action, ...(f.reason ? { reason: f.reason } : {}) }))
    for (const file of files) {
      if (file.action === 'skipped') this.output.warn(`${file.path}: left unchanged because ${file.reason}; run with --force to overwrite it`)
      else this.output.line(`${file.action.padEnd(9)} ${file.path}`)
    }
    return { templates, files }
  }
}
