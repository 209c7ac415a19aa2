// One step of `infra setup`, applied or only planned, through the same services as its own command.
import type { Config } from '../core/config'
import { InfraError } from '../core/errors'
import { readLiveState } from '../index/live-state'
import { planAll, type IndexPlan, type TemplatePlan } from '../index/plan'
import { openIndexSession, serviceError, type IndexSession } from '../index/session'
import { setupIndices, type SetupOptions } from '../index/setup'
import { migrateUp, type MigrateEvent } from '../migrate/migrator'
import { loadMigration } from '../migrate/load-migration'
import { readMigrationFiles } from '../migrate/migration-files'
import type { QueuePlan } from '../queue/planner'
import { declareQueues, planQueues, queueSettingsOf } from '../queue/service'
import type { SetupStepName } from './steps'

export interface StepOutcome {
  /** applied (or, with --check, pending) changes */
  changes: number
  /** one line for the summary */
  summary: string
  warnings: string[]
  /** the step's own report, as its command's --json gives it */
  detail: unknown
}

export interface StepHooks {
  onMigrateEvent?: (event: MigrateEvent) => void
  onIndexProgress?: SetupOptions['onProgress']
}

export async function runStep(config: Config, step: SetupStepName, hooks: StepHooks): Promise<StepOutcome> {
  switch (step) {
    case 'migrate':
      return migrateStep(config, hooks)
    case 'index':
      return indexStep(config, hooks)
    case 'queue':
      return queueStep(config)
  }
}

export async function checkStep(config: Config, step: SetupStepName): Promise<StepOutcome> {
  switch (step) {
    case 'migrate':
      return migrateCheck(config)
    case 'index':
      return indexCheck(config)
    case 'queue':
      return queueCheck(config)
  }
}

async function migrateStep(config: Config, hooks: StepHooks): Promise<StepOutcome> {
  // CI starts from a server without the application database: setup creates it (as `migrate up --create-database`)
  const result = await migrateUp(config, { createDatabase: true, onEvent: hooks.onMigrateEvent })
  return {
    changes: result.applied.length,
    summary: result.applied.length === 0 ? `${result.database}: up to date` : `${result.database}: applied ${result.applied.map((m) => m.name).join(', ')}`,
    warnings: migrateWarnings(result),
    detail: result,
  }
}

async function migrateCheck(config: Config): Promise<StepOutcome> {
  try {
    const result = await migrateUp(config, { dryRun: true })
    return {
      changes: result.planned.length,
      summary: result.planned.length === 0 ? `${result.database}: up to date` : `${result.database}: ${result.planned.length} migration(s) to apply`,
      warnings: migrateWarnings(result),
      detail: result,
    }
  } catch (error) {
    if (!(error instanceof InfraError) || error.code !== 'MIGRATE_DATABASE_MISSING') throw error
    // a missing database is a change setup would make, not a failure of the check
    const files = readMigrationFiles(config.root, config.migrate.directory)
    // loaded as a dry run loads them, so an invalid file fails the check (exit 4) here too
    for (const file of files) await loadMigration(file)
    const pending = files.map((f) => f.name)
    return {
      changes: pending.length + 1,
      summary: `${error.message}: setup would create it and apply ${pending.length} migration(s)`,
      warnings: [],
      detail: { databaseMissing: true, planned: pending },
    }
  }
}

function migrateWarnings(result: { missingFiles: string[]; outOfOrder: string[] }): string[] {
  return [...result.missingFiles.map((name) => `applied migration ${name} has no file any more`), ...result.outOfOrder.map((name) => `out of order: ${name}`)]
}

async function indexStep(config: Config, hooks: StepHooks): Promise<StepOutcome> {
  return withIndexSession(config, async (session) => {
    const report = await setupIndices(session, { deleteOld: false, onProgress: hooks.onIndexProgress })
    const applied = report.entries.filter((e) => e.applied).map((e) => e.plan)
    return {
      changes: report.changed,
      summary: report.changed === 0 ? `${report.entries.length} definition(s) unchanged` : describeIndexPlans(applied),
      warnings: [],
      detail: report,
    }
  })
}

async function indexCheck(config: Config): Promise<StepOutcome> {
  return withIndexSession(config, async (session) => {
    const plan = planAll(session.definitions, await readLiveState(session.client, session.definitions))
    const pending = [...plan.templates, ...plan.indices].filter((p) => p.action !== 'unchanged')
    return { changes: plan.changes, summary: plan.changes === 0 ? 'nothing to change' : describeIndexPlans(pending), warnings: [], detail: plan }
  })
}

/** A session for the step; errors in the middle of it are still exit 5 when the cluster went away. */
async function withIndexSession(config: Config, work: (session: IndexSession) => Promise<StepOutcome>): Promise<StepOutcome> {
  const session = await openIndexSession(config)
  try {
    return await work(session)
  } catch (error) {
    throw serviceError(config, error)
  } finally {
    await session.close()
  }
}

function describeIndexPlans(plans: ReadonlyArray<IndexPlan | TemplatePlan>): string {
  return plans.map((p) => `${p.action} ${p.kind === 'index' ? p.alias : p.name}`).join(', ')
}

async function queueStep(config: Config): Promise<StepOutcome> {
  const { plan, result } = await declareQueues(queueSettingsOf(config, {}))
  return {
    changes: result.applied,
    summary: result.applied === 0 ? `${plan.file}: no changes` : `${plan.file}: applied ${result.applied} change(s)`,
    warnings: result.notPruned.map((n) => `not pruned: ${n.kind} ${n.name} [vhost ${n.vhost}]: ${n.reason}`),
    detail: { plan, result },
  }
}

async function queueCheck(config: Config): Promise<StepOutcome> {
  const { plan, topology, live } = await planQueues(queueSettingsOf(config, {}))
  const pending = pendingQueueChanges(plan)
  const warnings = [...topology.notices]
  if (live.fallbackReason) warnings.push(`management API not used (${live.fallbackReason}): bindings and policies cannot be compared`)
  return {
    changes: pending,
    summary: pending === 0 ? `${plan.file}: no changes` : `${plan.file}: ${pending} change(s) to declare`,
    warnings,
    detail: plan,
  }
}

/** What `setup` would change: entities on the broker that are not in the file stay (setup never prunes). */
export function pendingQueueChanges(plan: QueuePlan): number {
  return plan.items.filter((i) => i.action !== 'unchanged' && i.action !== 'not-in-file').length
}
