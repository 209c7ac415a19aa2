import { setTimeout as sleep } from 'node:timers/promises'
import { describeCause, InfraError, ServiceAccessDeniedError } from '../core/errors'
import { maskText } from '../core/mask'
import type { Probe, ServiceKey } from './probes'

export interface ServiceHealth {
  key: ServiceKey
  service: string
  address: string
  /** answered the probe; false also when it refused the credentials (error.code SERVICE_ACCESS_DENIED) */
  reachable: boolean
  version?: string
  /** connect + version query, milliseconds */
  roundTripMs?: number
  error?: { code: string; message: string }
  /** how many times it was tried */
  attempts: number
}

export interface DoctorReport {
  healthy: boolean
  services: ServiceHealth[]
  durationMs: number
}

export interface DoctorOptions {
  /** keep retrying unreachable services, with backoff, for this long (0: one try) */
  waitMs: number
  onAttempt?: (health: ServiceHealth) => void
}

/** Checks every probe concurrently; with waitMs, retries the failing ones with backoff until all answer or time is up. */
export async function runDoctor(probes: readonly Probe[], options: DoctorOptions): Promise<DoctorReport> {
  const started = Date.now()
  const deadline = started + options.waitMs
  const results = await Promise.all(
    probes.map(async (probe) => {
      let attempts = 0
      let backoffMs = 250
      for (;;) {
        attempts++
        const health = await check(probe, attempts)
        options.onAttempt?.(health)
        const remaining = deadline - Date.now()
        // refused credentials do not get better by waiting
        if (health.reachable || remaining <= 0 || health.error?.code === 'SERVICE_ACCESS_DENIED') return health
        await sleep(Math.min(backoffMs, remaining))
        backoffMs = Math.min(backoffMs * 2, 5000)
      }
    }),
  )
  return { healthy: results.every((r) => r.reachable), services: results, durationMs: Date.now() - started }
}

async function check(probe: Probe, attempts: number): Promise<ServiceHealth> {
  const base = { key: probe.key, service: probe.service, address: probe.address, attempts }
  const started = performance.now()
  try {
    const version = await probe.check()
    return { ...base, reachable: true, version, roundTripMs: Math.round((performance.now() - started) * 10) / 10 }
  } catch (error) {
    const code = error instanceof InfraError ? error.code : 'UNEXPECTED'
    const cause = error instanceof InfraError && error.cause ? error.cause : error
    const message = error instanceof ServiceAccessDeniedError ? error.message : describeCause(cause)
    return { ...base, reachable: false, error: { code, message: maskText(message) } }
  }
}
