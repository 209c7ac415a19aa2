// `infra setup`: wait for the services, then migrate up, index setup and queue declare, in that order, by calling
// their services (not the CLI). The first failing step stops the run; the report says what was done before it.
import type { Config } from '../core/config'
import { ExitCode, InfraError } from '../core/errors'
import { probesFor } from '../doctor/probes'
import { runDoctor, type DoctorReport, type ServiceHealth } from '../doctor/run-doctor'
import { STEP_SERVICES, hasDesiredState, desiredStateOf, type SetupStepName } from './steps'
import { checkStep, runStep, type StepHooks, type StepOutcome } from './run-step'

export type StepReport =
  | { step: SetupStepName; status: 'skipped'; reason: string }
  | ({ step: SetupStepName; status: 'applied' | 'checked'; durationMs: number } & StepOutcome)
  | { step: SetupStepName; status: 'failed'; durationMs: number }
  | { step: SetupStepName; status: 'not-run' }

export interface SetupReport {
  check: boolean
  /** the services waited for (absent when --wait was 0) */
  waited?: DoctorReport
  steps: StepReport[]
  /** applied or pending changes over all steps */
  changes: number
  durationMs: number
}

export interface SetupRun {
  report: SetupReport
  /** the error of the failed step (or of the wait); the caller exits with its code */
  failure?: { step: SetupStepName | 'wait'; error: unknown }
}

export interface RunSetupOptions {
  steps: readonly SetupStepName[]
  /** plan only; change nothing */
  check: boolean
  /** wait this long for the steps' services to answer (0: do not probe first) */
  waitMs: number
  hooks?: StepHooks & {
    onStepStart?: (step: SetupStepName) => void
    onStepEnd?: (report: StepReport) => void
    onWaitAttempt?: (health: ServiceHealth) => void
  }
}

export async function runSetup(config: Config, options: RunSetupOptions): Promise<SetupRun> {
  const started = Date.now()
  const hooks = options.hooks ?? {}
  const toRun = options.steps.filter((step) => hasDesiredState(config, step))
  const report: SetupReport = { check: options.check, steps: [], changes: 0, durationMs: 0 }
  const finish = (failure?: SetupRun['failure']): SetupRun => {
    report.durationMs = Date.now() - started
    return failure ? { report, failure } : { report }
  }

  if (options.waitMs > 0 && toRun.length > 0) {
    const needed = new Set(toRun.flatMap((step) => STEP_SERVICES[step]))
    const probes = probesFor(config, config.connectTimeout).filter((p) => needed.has(p.key))
    report.waited = await runDoctor(probes, { waitMs: options.waitMs, onAttempt: hooks.onWaitAttempt })
    if (!report.waited.healthy) {
      report.steps = options.steps.map((step) => ({ step, status: 'not-run' }))
      return finish({ step: 'wait', error: unhealthy(report.waited) })
    }
  }

  for (const [position, step] of options.steps.entries()) {
    if (!toRun.includes(step)) {
      const end: StepReport = { step, status: 'skipped', reason: `${desiredStateOf(config, step)} does not exist` }
      report.steps.push(end)
      hooks.onStepEnd?.(end)
      continue
    }
    hooks.onStepStart?.(step)
    const stepStarted = Date.now()
    try {
      const outcome = options.check ? await checkStep(config, step) : await runStep(config, step, hooks)
      const end: StepReport = { step, status: options.check ? 'checked' : 'applied', durationMs: Date.now() - stepStarted, ...outcome }
      report.steps.push(end)
      report.changes += outcome.changes
      hooks.onStepEnd?.(end)
    } catch (error) {
      const end: StepReport = { step, status: 'failed', durationMs: Date.now() - stepStarted }
      report.steps.push(end)
      hooks.onStepEnd?.(end)
      for (const later of options.steps.slice(position + 1)) report.steps.push({ step: later, status: 'not-run' })
      return finish({ step, error })
    }
  }
  return finish()
}

/** Exit 5, as `infra doctor` says it: which services did not answer (or refused the credentials), at which masked address. */
function unhealthy(waited: DoctorReport): InfraError {
  const down = waited.services.filter((s) => !s.reachable)
  const denied = down.every((s) => s.error?.code === 'SERVICE_ACCESS_DENIED')
  return new InfraError({
    code: denied ? 'SERVICE_ACCESS_DENIED' : 'SERVICE_UNREACHABLE',
    exitCode: ExitCode.Unreachable,
    message: down.map((s) => `${s.service} at ${s.address}: ${s.error?.message ?? 'no answer'}`).join('; '),
    hint: denied
      ? 'Fix the user and password in the config / INFRA_*_URL; `infra config show` prints where each URL came from.'
      : 'Start the services or fix their URLs in the config / INFRA_*_URL; a longer --wait gives them more time.',
    details: { services: down.map((s) => ({ service: s.service, address: s.address, code: s.error?.code, attempts: s.attempts })) },
  })
}
