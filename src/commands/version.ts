import { InfraCommand } from '../cli/base-command'
import { clientVersions, type LibraryVersion } from '../cli/client-versions'

export interface VersionReport {
  name: string
  version: string
  node: string
  platform: string
  libraries: LibraryVersion[]
}

export default class Version extends InfraCommand<typeof Version> {
  static override summary = 'Print the version of infra, Node.js and the client libraries it uses (also: infra --version).'
  static override description =
    'The client libraries are the ones this installation of infra loads to talk to the services (sequelize, mysql2, umzug, @elastic/elasticsearch, ioredis, amqplib) and to read the domain (typescript): include this output in bug reports.'

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> --version', '<%= config.bin %> <%= command.id %> --json']
  /** reads no configuration */
  static environment = {}

  async run(): Promise<VersionReport> {
    const report: VersionReport = {
      name: this.config.name,
      version: this.config.version,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      libraries: clientVersions(),
    }
    this.output.line(`${this.config.bin} ${report.version} (${report.name}, node ${report.node}, ${report.platform})`)
    const width = Math.max(...report.libraries.map((l) => l.name.length))
    for (const library of report.libraries) this.output.line(`  ${library.name.padEnd(width)}  ${library.version ?? 'not installed'}`)
    return report
  }
}
