import { Flags } from '@oclif/core'
import { InfraCommand } from '../cli/base-command'
import { parseDuration } from '../core/duration'
import { ExitCode, InfraError, ServiceUnreachableError } from '../core/errors'
import { probesFor, SERVICE_KEYS } from '../doctor/probes'
import { runDoctor, type DoctorReport, type ServiceHealth } from '../doctor/run-doctor'

export default class Doctor extends InfraCommand<typeof Doctor> {
  static override summary = 'Check that MySQL/MariaDB, Elasticsearch, Redis and RabbitMQ answer, with versions and round-trip times.'
  static override description =
    'Connects to every configured service (the management API too, unless rabbitmq.managementUrl is false), asks its version and measures the round trip. Exits 5 naming each service that does not answer, at its masked address. With --wait it retries with backoff until all answer or the time is up: use it in a CI step that starts services beside the job.'

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
    '<%= config.bin %> <%= command.id %> --wait 90s',
    '<%= config.bin %> <%= command.id %> --only mysql --only rabbitmq',
  ]

  static override flags = {
    wait: Flags.string({ description: 'retry unreachable services with backoff for up to this long (e.g. 90s, 2m)', default: '0s' }),
    only: Flags.string({ description: 'check only this service (repeatable)', options: [...SERVICE_KEYS], multiple: true }),
    timeout: Flags.string({ description: 'per-attempt connect timeout (default: connectTimeout from the config, 5s)' }),
  }

  async run(): Promise<DoctorReport & { connectTimeoutMs: number; error?: { code: string; message: string; hint?: string } }> {
    const config = await this.loadConfig()
    const waitMs = parseDuration(this.flags.wait, '--wait')
    const timeoutMs = this.flags.timeout === undefined ? config.connectTimeout : parseDuration(this.flags.timeout, '--timeout')
    const probes = probesFor(config, timeoutMs).filter((p) => !this.flags.only || this.flags.only.includes(p.key))
    if (waitMs > 0) this.output.log(`waiting up to ${this.flags.wait} for ${probes.map((p) => p.service).join(', ')}`)
    const probed = await runDoctor(probes, {
      waitMs,
      onAttempt: (h) => {
        if (!h.reachable && waitMs > 0) this.output.log(`  ${h.service}: not yet (${h.error?.message}), attempt ${h.attempts}`)
      },
    })
    // the per-attempt timeout it used, so a config's `connectTimeout: 1500` can be seen to mean 1.5 s
    const report = { ...probed, connectTimeoutMs: timeoutMs }

    for (const s of report.services) {
      const status = s.reachable ? this.output.style('green', 'ok    ') : this.output.style('red', isDenied(s) ? 'DENIED' : 'DOWN  ')
      const detail = s.reachable ? `${s.version}  ${s.roundTripMs}ms` : s.error?.message
      this.output.line(`${status} ${s.service.padEnd(24)} ${s.address.padEnd(40)} ${detail}`)
    }
    const down = report.services.filter((s) => !s.reachable)
    if (down.length === 0) return report
    const error = doctorError(down)
    if (!this.jsonEnabled()) throw error
    // --json: the full report, with the error beside it, and exit 5
    this.exitAfterOutput(ExitCode.Unreachable)
    return { ...report, error: { code: error.code, message: error.message, hint: error.hint } }
  }
}

function isDenied(health: ServiceHealth): boolean {
  return health.error?.code === 'SERVICE_ACCESS_DENIED'
}

/** Exit 5 either way; the message says which services are not there and which refused the credentials. */
function doctorError(down: readonly ServiceHealth[]): InfraError {
  const denied = down.filter(isDenied)
  const unreachable = down.filter((s) => !isDenied(s))
  if (denied.length === 0) {
    return new ServiceUnreachableError(
      unreachable.map((s) => s.service).join(', '),
      unreachable.map((s) => s.address).join(', '),
      undefined,
      `Start ${unreachable.length > 1 ? 'them' : 'it'} or fix the URL in the config / INFRA_*_URL; --wait 90s retries while services start.`,
    )
  }
  const parts = [...denied.map((s) => String(s.error?.message)), ...unreachable.map((s) => `${s.service} is not reachable at ${s.address}`)]
  return new InfraError({
    code: unreachable.length === 0 ? 'SERVICE_ACCESS_DENIED' : 'SERVICE_UNREACHABLE',
    exitCode: ExitCode.Unreachable,
    message: parts.join('; '),
    hint: `Fix the user and password in the config / INFRA_*_URL${unreachable.length > 0 ? ', and start what is not running' : ''}; \`infra config show\` prints where each URL came from.`,
    details: { services: down.map((s) => ({ service: s.service, address: s.address, code: s.error?.code })) },
  })
}
