import { InfraCommand } from '../../cli/base-command'
import { maskedConfig, yamlValue } from '../../core/config'

export default class ConfigShow extends InfraCommand<typeof ConfigShow> {
  static override summary = 'Print the resolved configuration, every secret masked.'
  static override description =
    'Resolves flags > environment (INFRA_*_URL) > config file > defaults, validates the result and prints it with passwords masked, and where each service URL came from.'

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
    'INFRA_MYSQL_URL=mysql://app:secret@db:3306/app <%= config.bin %> <%= command.id %>',
  ]

  async run(): Promise<Record<string, unknown>> {
    const resolved = maskedConfig(await this.loadConfig())
    if (!this.jsonEnabled()) {
      const { root, file, sources, ...values } = resolved
      this.output.line(`root:   ${String(root)}`)
      this.output.line(`file:   ${file === null ? '(none: defaults and environment only)' : String(file)}`)
      this.output.line('')
      for (const [section, value] of Object.entries(values)) {
        this.output.line(`${section}:${typeof value === 'object' && value !== null ? '' : ` ${yamlValue(value)}`}`)
        if (typeof value !== 'object' || value === null) continue
        for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
          const source = (sources as Record<string, string>)[`${section}.${key}`]
          this.output.line(`  ${key}: ${yamlValue(inner)}${source ? this.output.style('dim', `  # ${source}`) : ''}`)
        }
      }
    }
    return resolved
  }
}
