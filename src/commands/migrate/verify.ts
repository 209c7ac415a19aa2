import { InfraCommand } from '../../cli/base-command'
import { ExitCode } from '../../core/errors'
import { verifySchema, type VerifyResult } from '../../migrate/verify/verify-schema'

export default class MigrateVerify extends InfraCommand<typeof MigrateVerify> {
  static override summary = 'Compare the live database with the schema of the generated models (exit 2 on a difference).'
  static override description =
    'Reads information_schema for every table in infra/migrations/schema.snapshot.json (the schema `infra generate` wrote the models for) and lists each difference: missing or extra tables and columns, type, length, nullability, default, collation, indexes and unique keys. Exit 0 when they match, 2 listing each difference (table, column, expected, actual), 4 without a snapshot. Catches hand edits, half-failed migrations and drifted environments. Read-only.'

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']

  async run(): Promise<VerifyResult> {
    const config = await this.loadConfig()
    const result = await verifySchema(config)
    for (const d of result.differences) {
      const where = d.column ? `${d.table}.${d.column}` : d.index ? `${d.table} index ${d.index}` : d.table
      this.output.line(`${where}: ${d.aspect} expected ${d.expected}, actual ${d.actual}`)
    }
    this.output.line(
      result.matches
        ? `${result.database}: ${result.tables.length} table(s) match ${result.snapshot}`
        : `${result.database}: ${result.differences.length} difference(s) from ${result.snapshot}`,
    )
    if (!result.matches) this.exitAfterOutput(ExitCode.Drift)
    return result
  }
}
