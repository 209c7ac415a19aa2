// Build: compile src/ to dist/ (incremental over an existing dist/, so a running CLI is never left without files), then write the oclif manifest so `infra --help` needs no command loading.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'

// OCLIF_SKIP_NEW_VERSION_CHECK: the oclif dev CLI would otherwise look up and advertise its own newer major on every build
const run = (command, args) => execFileSync(command, args, { stdio: 'inherit', env: { ...process.env, OCLIF_SKIP_NEW_VERSION_CHECK: 'true' } })
rmSync('oclif.manifest.json', { force: true })
run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'])
run(process.execPath, ['node_modules/oclif/bin/run.js', 'manifest'])
