// Benchmark of `infra generate repository --all`: a synthetic domain of 50 and of 200 ports (entity + port with
// derived queries each). Prints ms per port for both sizes (generation should grow linearly) and the ratio to a
// type check of the same domain (`tsc --noEmit` through the compiler API, in the same process, measured in the same run).
// Generation includes the pipeline's verify step (the in-memory type check of the generated files against the domain).
// The domains live in .infra-tmp/ of the repository, so the generated code resolves sequelize from its node_modules.
// Run: node --require ./scripts/ts-register.cjs bench/generate.ts
import { rmSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { planRepositoryGeneration } from '../src/codegen/repository-service'
import { commitTree } from '../src/codegen/tree'
import { loadConfig } from '../src/core/config'
import { writeDomain } from './synthetic-domain'

/** wall clock and process CPU time of one run; CPU time is the steadier figure on a shared machine (both sides are one thread) */
interface Timing {
  wallMs: number
  cpuMs: number
}

async function timedAsync(run: () => Promise<void> | void): Promise<Timing> {
  const wall = process.hrtime.bigint()
  const cpu = process.cpuUsage()
  await run()
  const used = process.cpuUsage(cpu)
  return { wallMs: Number(process.hrtime.bigint() - wall) / 1e6, cpuMs: (used.user + used.system) / 1000 }
}

async function generate(root: string): Promise<Timing> {
  return timedAsync(async () => {
    const config = await loadConfig({ cwd: root, env: {} })
    const run = planRepositoryGeneration(config, { ports: [], all: true, force: false })
    commitTree(run.tree, run.plan)
  })
}

function typeCheck(root: string): Promise<Timing> {
  return timedAsync(() => {
    const file = ts.findConfigFile(root, ts.sys.fileExists, 'tsconfig.json')!
    const parsed = ts.getParsedCommandLineOfConfigFile(file, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!
    const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options })
    const diagnostics = ts.getPreEmitDiagnostics(program)
    if (diagnostics.length > 0)
      throw new Error(`the synthetic domain does not type-check: ${ts.flattenDiagnosticMessageText(diagnostics[0]!.messageText, '\n')}`)
  })
}

function median(values: Timing[]): Timing {
  const pick = (key: keyof Timing): number => [...values.map((v) => v[key])].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
  return { wallMs: pick('wallMs'), cpuMs: pick('cpuMs') }
}

interface Row {
  ports: number
  generate: Timing
  tsc: Timing
  projectTsc: Timing
}

async function main(): Promise<void> {
  const base = path.join(__dirname, '..', '.infra-tmp', `bench-generate-${process.pid}`)
  try {
    // warm-up (JIT, module loading) on a small domain
    writeDomain(path.join(base, 'warmup'), 5)
    await typeCheck(path.join(base, 'warmup'))
    await generate(path.join(base, 'warmup'))
    const rows: Row[] = []
    for (const ports of [50, 200]) {
      const root = path.join(base, `d${ports}`)
      writeDomain(root, ports)
      // medians of 3, alternating generation and its baseline: the machine may be shared
      const tscRuns: Timing[] = []
      const runs: Timing[] = []
      for (let run = 0; run < 3; run++) {
        // the domain alone: the previous run's output is removed before its type check, not after
        rmSync(path.join(root, 'src', 'infrastructure'), { recursive: true, force: true })
        rmSync(path.join(root, 'infra'), { recursive: true, force: true })
        tscRuns.push(await typeCheck(root))
        runs.push(await generate(root))
      }
      // the second baseline, once (it is the slowest step): the project's own `tsc --noEmit` with the generated code there
      const projectTsc = await typeCheck(root)
      rows.push({ ports, generate: median(runs), tsc: median(tscRuns), projectTsc })
    }
    console.log('infra generate repository --all (read domain + generate + render + verify + write), vs a type check of the same domain')
    console.log(
      "(tsc domain: the domain alone, median of 3; tsc project: the domain plus the generated code, as the project's own tsc sees it afterwards, 1 run)",
    )
    console.log('ratios in wall clock and in CPU time (wall / CPU)')
    console.log('ports  generate ms (wall/CPU)  ms/port  tsc domain ms  generate/tsc domain  tsc project ms  generate/tsc project')
    const pair = (a: number, b: number, digits: number): string => `${a.toFixed(digits)}/${b.toFixed(digits)}`
    for (const r of rows) {
      console.log(
        [
          String(r.ports).padStart(5),
          pair(r.generate.wallMs, r.generate.cpuMs, 0).padStart(22),
          (r.generate.wallMs / r.ports).toFixed(1).padStart(7),
          pair(r.tsc.wallMs, r.tsc.cpuMs, 0).padStart(13),
          pair(r.generate.wallMs / r.tsc.wallMs, r.generate.cpuMs / r.tsc.cpuMs, 2).padStart(19),
          pair(r.projectTsc.wallMs, r.projectTsc.cpuMs, 0).padStart(14),
          pair(r.generate.wallMs / r.projectTsc.wallMs, r.generate.cpuMs / r.projectTsc.cpuMs, 2).padStart(20),
        ].join('  '),
      )
    }
    const [small, large] = rows
    const perPort = (r: Row): number => r.generate.cpuMs / r.ports
    console.log(`growth: CPU ms/port at 200 ports is ${(perPort(large!) / perPort(small!)).toFixed(2)}x that at 50 ports (1.00 = linear)`)
  } finally {
    rmSync(base, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
