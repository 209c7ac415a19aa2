// bench/cli-startup: how fast `infra --help` and `infra --version` start, as ratios against
// (a) a minimal one-command oclif CLI built from the same @oclif/core with its own manifest, and (b) `node -e 0`.
// Runs alternate between the commands so machine noise hits all of them alike; medians are compared.
// Run: npm run build && node --require ./scripts/ts-register.cjs bench/cli-startup.ts [runs]
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '..')
const RUNS = Number(process.argv[2] ?? 21)

function buildMinimalCli(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'infra-bench-minimal-oclif-'))
  mkdirSync(path.join(dir, 'commands'))
  mkdirSync(path.join(dir, 'bin'))
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: 'minimal',
      version: '1.0.0',
      description: 'one command',
      files: ['bin', 'commands'],
      oclif: { bin: 'minimal', commands: './commands', topicSeparator: ' ' },
    }),
  )
  writeFileSync(
    path.join(dir, 'commands', 'hello.js'),
    "const { Command } = require('@oclif/core')\nclass Hello extends Command { static description = 'say hello'; async run() { this.log('hello') } }\nmodule.exports = Hello\n",
  )
  writeFileSync(path.join(dir, 'bin', 'run.js'), "require('@oclif/core').execute({ dir: __dirname }).catch(require('@oclif/core').handle)\n")
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'oclif', 'bin', 'run.js'), 'manifest'], { cwd: dir, stdio: 'ignore' })
  return dir
}

function timeRun(args: string[]): number {
  const started = process.hrtime.bigint()
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr.toString()}`)
  return ms
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

function main(): void {
  if (!existsSync(path.join(ROOT, 'oclif.manifest.json'))) throw new Error('run `npm run build` first (no oclif.manifest.json)')
  const minimal = buildMinimalCli()
  try {
    const cases: Record<string, string[]> = {
      'infra --help': [path.join(ROOT, 'bin', 'run.js'), '--help'],
      'minimal --help': [path.join(minimal, 'bin', 'run.js'), '--help'],
      'infra --version': [path.join(ROOT, 'bin', 'run.js'), '--version'],
      'minimal --version': [path.join(minimal, 'bin', 'run.js'), '--version'],
      'node -e 0': ['-e', '0'],
    }
    const samples: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((name) => [name, []]))
    for (const args of Object.values(cases)) timeRun(args) // warm the file cache
    for (let i = 0; i < RUNS; i++) for (const [name, args] of Object.entries(cases)) samples[name]!.push(timeRun(args))
    const m = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]))
    console.log(
      `cli-startup: ${RUNS} alternating runs each, medians (NODE_EXTRA_CA_CERTS ${process.env.NODE_EXTRA_CA_CERTS ? `is set: every Node start pays for loading ${process.env.NODE_EXTRA_CA_CERTS}` : 'is not set'})`,
    )
    for (const [name, value] of Object.entries(m)) console.log(`  ${name.padEnd(18)} ${value.toFixed(1)} ms`)
    const help = m['infra --help']! / m['minimal --help']!
    const version = m['infra --version']! / m['minimal --version']!
    console.log(`  infra --help    / minimal oclif --help    = ${help.toFixed(2)}x (target <= 1.30x)`)
    console.log(`  infra --version / minimal oclif --version = ${version.toFixed(2)}x`)
    console.log(`  infra --help    / node -e 0               = ${(m['infra --help']! / m['node -e 0']!).toFixed(2)}x`)
  } finally {
    rmSync(minimal, { recursive: true, force: true })
  }
}

main()
