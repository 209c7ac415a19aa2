// Where the time of `generate repository --all` goes, phase by phase, on the synthetic domain of bench/generate.ts:
// load the program (parse + bind the domain, lib and @types), read the domain (the checker on it), generate + render,
// verify (a second program with the generated files, type-checked), then the write plan. Each phase is timed in
// wall clock and in process CPU time (the machine may be shared: CPU time is the steadier figure), with TypeScript's
// own parse/bind/check timers split per phase and the verify checker's counters. A profile, not a ratio benchmark.
// Run: node --require ./scripts/ts-register.cjs bench/generate-profile.ts [ports=20]
import { rmSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import * as program from '../src/codegen/domain/program'
import * as readDomain from '../src/codegen/domain/read-domain'
import * as render from '../src/codegen/pipeline/render-to-tree'
import * as verify from '../src/codegen/pipeline/verify'
import { planRepositoryGeneration } from '../src/codegen/repository-service'
import { loadConfig } from '../src/core/config'
import { writeDomain } from './synthetic-domain'

/** TypeScript's internal timers (ts.performance, what `tsc --extendedDiagnostics` prints): not in its public typings. */
interface TsPerformance {
  enable(): void
  disable(): void
  getDuration(name: string): number
}
const tsPerformance = (ts as unknown as { performance: TsPerformance }).performance
const TS_TIMERS = ['Parse', 'Bind', 'Check', 'ResolveModule'] as const

interface Phase {
  wallMs: number
  cpuMs: number
  ts: Record<string, number>
}
const phases = new Map<string, Phase>()

/** Replaces a module's exported function by one that adds its duration to `phase` (ts-register emits writable CommonJS exports). */
function timed(module: object, name: string, phase: string): void {
  const members = module as Record<string, (...args: unknown[]) => unknown>
  const original = members[name]!
  members[name] = (...args: unknown[]) => {
    const wall = process.hrtime.bigint()
    const cpu = process.cpuUsage()
    const before = TS_TIMERS.map((t) => tsPerformance.getDuration(t))
    try {
      return original(...args)
    } finally {
      const used = process.cpuUsage(cpu)
      const entry = phases.get(phase) ?? { wallMs: 0, cpuMs: 0, ts: {} }
      entry.wallMs += Number(process.hrtime.bigint() - wall) / 1e6
      entry.cpuMs += (used.user + used.system) / 1000
      TS_TIMERS.forEach((t, i) => (entry.ts[t] = (entry.ts[t] ?? 0) + tsPerformance.getDuration(t) - before[i]!))
      phases.set(phase, entry)
    }
  }
}

async function main(): Promise<void> {
  const ports = Number(process.argv[2] ?? 20)
  const root = path.join(__dirname, '..', '.infra-tmp', `bench-profile-${process.pid}`)
  timed(program, 'loadProgram', 'load program (parse + bind)')
  timed(readDomain, 'readDomainFromProgram', 'read domain')
  timed(render, 'renderToTree', 'render templates')
  timed(verify, 'verifyGenerated', 'verify (type check)')
  try {
    // warm-up (module loading, JIT) on a small domain, as bench/generate.ts does
    writeDomain(path.join(root, 'warmup'), 3)
    planRepositoryGeneration(await loadConfig({ cwd: path.join(root, 'warmup'), env: {} }), { ports: [], all: true, force: false })
    phases.clear()
    writeDomain(path.join(root, 'd'), ports)
    const config = await loadConfig({ cwd: path.join(root, 'd'), env: {} })
    tsPerformance.enable()
    const wall = process.hrtime.bigint()
    const cpu = process.cpuUsage()
    planRepositoryGeneration(config, { ports: [], all: true, force: false })
    const used = process.cpuUsage(cpu)
    const total = { wallMs: Number(process.hrtime.bigint() - wall) / 1e6, cpuMs: (used.user + used.system) / 1000 }
    tsPerformance.disable()
    const measured = [...phases.values()].reduce((sum, p) => ({ wallMs: sum.wallMs + p.wallMs, cpuMs: sum.cpuMs + p.cpuMs }), { wallMs: 0, cpuMs: 0 })
    phases.set('plan, generate, schema, write plan (the rest)', { wallMs: total.wallMs - measured.wallMs, cpuMs: total.cpuMs - measured.cpuMs, ts: {} })
    console.log(`generate repository --all, ${ports} ports: ${total.wallMs.toFixed(0)} ms wall, ${total.cpuMs.toFixed(0)} ms CPU`)
    console.log(`${'phase'.padEnd(46)} ${'wall ms'.padStart(8)} ${'CPU ms'.padStart(8)} ${'CPU %'.padStart(6)}   typescript timers (ms)`)
    for (const [name, p] of phases) {
      const timers = Object.entries(p.ts)
        .filter(([, ms]) => ms >= 1)
        .map(([t, ms]) => `${t} ${ms.toFixed(0)}`)
        .join(', ')
      console.log(
        `${name.padEnd(46)} ${p.wallMs.toFixed(0).padStart(8)} ${p.cpuMs.toFixed(0).padStart(8)} ${((100 * p.cpuMs) / total.cpuMs).toFixed(0).padStart(6)}   ${timers}`,
      )
    }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
