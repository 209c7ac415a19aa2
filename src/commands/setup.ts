import { Flags } from '@oclif/core'
import { InfraCommand } from '../cli/base-command'
import { toInfraError } from '../cli/to-infra-error'
import { parseDuration } from '../core/duration'
import { ExitCode } from '../core/errors'
import { eventRenderer } from '../migrate/report'
import { progressRenderer } from '../index/render'
import { renderSetupStep } from '../setup/render'
import { runSetup, type SetupReport } from '../setup/run-setup'
import { SETUP_STEPS, selectSteps } from '../setup/steps'

export default class Setup extends InfraCommand<typeof Setup> {
  static override summary = 'Bring an environment to the desired state: migrate up, index setup, queue declare, in that order (for CI).'
  static override description =
    'Waits for the services with --wait (as `infra doctor --wait`), then applies the migrations (creating the database when missing), the index definitions and the RabbitMQ topology, each idempotently: a re-run on an environment in shape changes nothing. A step whose desired state the project does not have (no migrations folder, no index definitions folder, no topology file) is skipped. The first failing step stops the run with its own exit code, after a summary of what was done before it; later steps are not run. --check plans every step, changes nothing, and exits 2 when anything would change. See docs/setup.md.'

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --wait 120s',
    '<%= config.bin %> <%= command.id %> --check --json',
    '<%= config.bin %> <%= command.id %> --only migrate,queue',
    '<%= config.bin %> <%= command.id %> --skip index',
  ]

  static override flags = {
    wait: Flags.string({ description: 'first wait this long for the services the steps use to answer (e.g. 120s, 2m)', default: '0s' }),
    only: Flags.option({ description: 'run only these steps (comma separated)', options: SETUP_STEPS, multiple: true, delimiter: ',' })(),
    skip: Flags.option({ description: 'skip these steps (comma separated)', options: SETUP_STEPS, multiple: true, delimiter: ',' })(),
    check: Flags.boolean({ description: 'plan every step, change nothing; exit 2 when anything would change' }),
  }

  async run(): Promise<SetupReport & { error?: { code: string; message: string; hint?: string } }> {
    const config = await this.loadConfig()
    const waitMs = parseDuration(this.flags.wait, '--wait')
    const steps = selectSteps({ only: this.flags.only, skip: this.flags.skip })
    const migrateEvents = eventRenderer(this.output)
    const indexProgress = progressRenderer(this.output)
    if (waitMs > 0) this.output.log(`waiting up to ${this.flags.wait} for the services`)
    const { report, failure } = await runSetup(config, {
      steps,
      check: this.flags.check,
      waitMs,
      hooks: {
        onMigrateEvent: migrateEvents,
        onIndexProgress: indexProgress.update,
        onWaitAttempt: (h) => {
          if (!h.reachable) this.output.log(`  ${h.service}: not yet (${h.error?.message}), attempt ${h.attempts}`)
        },
        onStepEnd: (step) => {
          migrateEvents.stop()
          indexProgress.done()
          renderSetupStep(this.output, step)
        },
      },
    })
    if (failure) {
      if (!this.jsonEnabled()) {
        this.output.line(`stopped at ${failure.step}${report.changes > 0 ? ` after ${report.changes} change(s) in the steps before it` : ''}`)
        throw failure.error
      }
      const error = toInfraError(failure.error)
      this.exitAfterOutput(error.exitCode)
      return { ...report, error: { code: error.code, message: error.message, hint: error.hint } }
    }
    if (this.flags.check) {
      this.output.line(report.changes === 0 ? 'in shape: nothing to change' : `${report.changes} change(s) pending`)
      if (report.changes > 0) this.exitAfterOutput(ExitCode.Drift)
    } else {
      this.output.line(report.changes === 0 ? 'in shape: nothing changed' : `${report.changes} change(s) applied`)
    }
    return report
  }
}
