// Benchmark of `infra generate repository --all`: a synthetic domain of 50 and of 200 ports (entity + port with
// derived queries each). Prints ms per port for both sizes (generation should grow linearly) and the ratio to a
// type check of the same domain (`tsc --noEmit` through the compiler API, in the same process, measured in the same run).
// Generation includes the pipeline's verify step (the in-memory type check of the generated files against the domain).
// The domains live in .infra-tmp/ of the repository, so the generated code resolves sequelize from its node_modules.
// Run: node --require ./scripts/ts-register.cjs bench/generate.ts
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { planRepositoryGeneration } from '../src/codegen/repository-service'
import { commitTree } from '../src/codegen/tree'
import { loadConfig } from '../src/core/config'

function writeDomain(root: string, ports: number): void {
  rmSync(root, { recursive: true, force: true })
  mkdirSync(path.join(root, 'src', 'domain', 'shared'), { recursive: true })
  writeFileSync(
    path.join(root, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'CommonJS', strict: true, noEmit: true, skipLibCheck: true, types: [] },
      include: ['src/**/*.ts'],
    }),
  )
  writeFileSync(path.join(root, 'package.json'), '{"name":"bench","private":true}')
  writeFileSync(
    path.join(root, 'src/domain/shared/base.ts'),
    `export type Brand<T, B extends string> = T & { readonly __brand: B }
export interface PageRequest { page: number; pageSize: number }
export interface Page<T> { items: T[]; total: number; page: number; pageSize: number }
export interface Repository<T, ID> {
  findById(id: ID): Promise<T | null>
  save(entity: T): Promise<void>
  deleteById(id: ID): Promise<void>
  count(): Promise<number>
}
`,
  )
  for (let i = 0; i < ports; i++) {
    const name = `Thing${i}`
    const dir = path.join(root, 'src', 'domain', `thing${i}`)
    mkdirSync(dir, { recursive: true })
    writeFileSync(
      path.join(dir, `thing${i}.ts`),
      `import type { Brand } from '../shared/base'
export type ${name}Id = Brand<string, '${name}Id'>
export enum ${name}Status { Draft = 'draft', Live = 'live', Gone = 'gone' }
export interface ${name}Place { street: string; city: string; zip: string | null }
export interface ${name} {
  readonly id: ${name}Id
  title: string
  status: ${name}Status
  kind: 'a' | 'b' | 'c'
  score: number
  views: bigint
  active: boolean
  tags: string[]
  place: ${name}Place | null
  createdAt: Date
  archivedAt: Date | null
}
`,
    )
    writeFileSync(
      path.join(dir, `thing${i}-repository.ts`),
      `import type { Page, PageRequest, Repository } from '../shared/base'
import type { ${name}, ${name}Id, ${name}Status } from './thing${i}'
export interface ${name}Repository extends Repository<${name}, ${name}Id> {
  findByTitle(title: string): Promise<${name} | null>
  findByStatusAndKind(status: ${name}Status, kind: 'a' | 'b' | 'c'): Promise<${name}[]>
  findByScoreBetweenOrderByCreatedAtDesc(min: number, max: number): Promise<${name}[]>
  findByTitleContaining(text: string): Promise<${name}[]>
  findByPlaceCity(city: string): Promise<${name}[]>
  findByActiveTrue(page: PageRequest): Promise<Page<${name}>>
  countByStatus(status: ${name}Status): Promise<number>
  existsByTitle(title: string): Promise<boolean>
}
`,
    )
  }
}

async function generate(root: string): Promise<number> {
  const started = process.hrtime.bigint()
  const config = await loadConfig({ cwd: root, env: {} })
  const run = planRepositoryGeneration(config, { ports: [], all: true, force: false })
  commitTree(run.tree, run.plan)
  return Number(process.hrtime.bigint() - started) / 1e6
}

function typeCheck(root: string): number {
  const started = process.hrtime.bigint()
  const file = ts.findConfigFile(root, ts.sys.fileExists, 'tsconfig.json')!
  const parsed = ts.getParsedCommandLineOfConfigFile(file, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options })
  const diagnostics = ts.getPreEmitDiagnostics(program)
  if (diagnostics.length > 0) throw new Error(`the synthetic domain does not type-check: ${ts.flattenDiagnosticMessageText(diagnostics[0]!.messageText, '\n')}`)
  return Number(process.hrtime.bigint() - started) / 1e6
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

async function main(): Promise<void> {
  const base = path.join(__dirname, '..', '.infra-tmp', `bench-generate-${process.pid}`)
  try {
    // warm-up (JIT, module loading) on a small domain
    writeDomain(path.join(base, 'warmup'), 5)
    typeCheck(path.join(base, 'warmup'))
    await generate(path.join(base, 'warmup'))
    const rows: Array<{ ports: number; generateMs: number; perPortMs: number; tscMs: number; ratio: number; projectTscMs: number; projectRatio: number }> = []
    for (const ports of [50, 200]) {
      const root = path.join(base, `d${ports}`)
      writeDomain(root, ports)
      // medians of 3: the machine may be shared
      const tscMs = median([typeCheck(root), typeCheck(root), typeCheck(root)])
      const runs: number[] = []
      for (let run = 0; run < 3; run++) {
        rmSync(path.join(root, 'src', 'infrastructure'), { recursive: true, force: true })
        rmSync(path.join(root, 'infra'), { recursive: true, force: true })
        runs.push(await generate(root))
      }
      const generateMs = median(runs)
      // the second baseline: what the project's own `tsc --noEmit` costs once the generated code is there
      const projectTscMs = median([typeCheck(root), typeCheck(root), typeCheck(root)])
      rows.push({ ports, generateMs, perPortMs: generateMs / ports, tscMs, ratio: generateMs / tscMs, projectTscMs, projectRatio: generateMs / projectTscMs })
    }
    console.log('infra generate repository --all (read domain + generate + render + verify + write), vs a type check of the same domain')
    console.log("(tsc domain: the domain alone; tsc project: the domain plus the generated code, as the project's own tsc sees it afterwards)")
    console.log('ports  generate ms  ms/port  tsc domain ms  generate/tsc domain  tsc project ms  generate/tsc project   (medians of 3 runs)')
    for (const r of rows) {
      console.log(
        `${String(r.ports).padStart(5)}  ${r.generateMs.toFixed(0).padStart(11)}  ${r.perPortMs.toFixed(2).padStart(7)}  ${r.tscMs.toFixed(0).padStart(13)}  ${r.ratio.toFixed(2).padStart(19)}  ${r.projectTscMs.toFixed(0).padStart(14)}  ${r.projectRatio.toFixed(2).padStart(20)}`,
      )
    }
    const [small, large] = rows
    console.log(`growth: ms/port at 200 ports is ${(large!.perPortMs / small!.perPortMs).toFixed(2)}x that at 50 ports (1.00 = linear)`)
  } finally {
    rmSync(base, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
