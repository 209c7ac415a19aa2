// Human rendering of migrate events and results (the commands stay thin). --json output is the typed result itself.
import { formatDuration, parseDuration } from '../core/duration'
import type { Output } from '../core/output'
import { describeHolder } from './lock'
import type { MigrateEvent } from './migrator'
import type { MigrationStatus } from './planner'

/** Progress on stderr (a terminal or --verbose): lock waits, each migration as it starts and ends. */
export function eventRenderer(output: Output): (event: MigrateEvent) => void {
  return (event) => {
    output.event(event)
    switch (event.event) {
      case 'lock-wait':
        output.warn(`waiting for the migration lock, held by ${describeHolder(event.holder)}`)
        break
      case 'adopted':
        output.log(`adopted ${event.names.length} migration(s) from sequelize-cli's SequelizeMeta`)
        break
      case 'migrating':
        output.log(`${event.direction === 'up' ? 'applying' : 'reverting'} ${event.name} ...`)
        break
      case 'migrated':
        output.log(`${event.direction === 'up' ? 'applied' : 'reverted'} ${event.name} (${formatDuration(event.durationMs)})`)
        break
      default:
        break
    }
  }
}

/** --lock-timeout, or the config's migrate.lockTimeout when absent. */
export function lockTimeoutMs(flag: string | undefined): number | undefined {
  return flag === undefined ? undefined : parseDuration(flag, '--lock-timeout')
}

const STATE_STYLE = { applied: 'green', pending: 'yellow', failed: 'red', 'missing-file': 'red' } as const

export function renderStatus(output: Output, migrations: readonly MigrationStatus[]): void {
  if (migrations.length === 0) {
    output.line('no migrations')
    return
  }
  const width = Math.max(...migrations.map((m) => m.name.length))
  for (const m of migrations) {
    const state = output.style(STATE_STYLE[m.state], m.state.padEnd(12))
    const checksum = m.checksumMatch === false ? output.style('red', ' CHANGED SINCE APPLIED') : ''
    const when = m.appliedAt ? `  ${m.appliedAt}${m.durationMs !== null ? ` (${formatDuration(m.durationMs)})` : ''}` : ''
    output.line(`${state} ${m.name.padEnd(width)}${when}${checksum}`)
    if (m.state === 'failed') {
      output.line(`             error: ${m.error}`)
      if (m.statement) output.line(`             statement: ${m.statement.replace(/\s+/g, ' ').slice(0, 200)}`)
    }
  }
}
