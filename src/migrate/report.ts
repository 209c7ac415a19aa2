// Human rendering of migrate events and results (the commands stay thin). --json output is the typed result itself.
import { formatDuration, parseDuration } from '../core/duration'
import type { Output, Progress } from '../core/output'
import { describeHolder } from './lock'
import type { MigrateEvent } from './migrator'
import type { MigrationStatus } from './planner'

export type EventRenderer = ((event: MigrateEvent) => void) & {
  /** erases the progress bar; call before printing the result, and on failure */
  stop(): void
}

/**
 * Progress on stderr: lock waits, adoption, and a progress bar over the migrations on a terminal (erased at the end).
 * Each migration's result line is the command's, on stdout: printed once, not also as a log line here.
 */
export function eventRenderer(output: Output): EventRenderer {
  let progress: Progress | undefined
  const stop = (): void => {
    progress?.stop()
    progress = undefined
  }
  const render = (event: MigrateEvent): void => {
    output.event(event)
    switch (event.event) {
      case 'lock-wait':
        output.warn(`waiting for the migration lock, held by ${describeHolder(event.holder)}`)
        break
      case 'adopted':
        output.log(`adopted ${event.names.length} migration(s) from sequelize-cli's SequelizeMeta`)
        break
      case 'planned':
        stop()
        if (event.count > 0) progress = output.progress(event.direction === 'up' ? 'applying' : 'reverting', event.count)
        break
      case 'migrating':
        progress?.tick(0, event.name)
        break
      case 'migrated':
        progress?.tick(1, event.name)
        break
      default:
        break
    }
  }
  return Object.assign(render, { stop })
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
