// The composition root (src/infrastructure/index.ts) and the Nest module, as `infra generate` writes them in a copy of
// an example: regenerated over every adapter generated so far, and type-checked with the project's own tsconfig.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { createTestDatabase, parseJson, REPO_ROOT, runCli, uniqueName } from '../../support/services'

const cleanups: string[] = []
after(() => {
  for (const dir of cleanups) rmSync(dir, { recursive: true, force: true })
})

/** A copy under the repository (so sequelize resolves from its node_modules), initialised. */
async function example(name: string): Promise<string> {
  const root = path.join(REPO_ROOT, '.infra-tmp', uniqueName(`e2e_compose_${name.replace(/-/g, '_')}`))
  mkdirSync(path.dirname(root), { recursive: true })
  cpSync(path.join(REPO_ROOT, 'examples', name), root, { recursive: true })
  cleanups.push(root)
  const init = await runCli(['init', '--yes'], { cwd: root })
  assert.equal(init.code, 0, init.stdout + init.stderr)
  return root
}

function typecheck(root: string): { status: number | null; output: string } {
  const result = spawnSync(
    process.execPath,
    [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.json'), '--noEmit'],
    {
      encoding: 'utf8',
    },
  )
  return { status: result.status, output: result.stdout + result.stderr }
}

describe('the generated composition root', () => {
  it('is regenerated over every adapter generated so far, by earlier runs too, and compiles (CommonJS)', async () => {
    const root = await example('shop-cjs')
    const index = path.join(root, 'src', 'infrastructure', 'index.ts')
    const first = await runCli(['generate', 'repository', 'UserRepository', '--json'], { cwd: root })
    assert.equal(first.code, 0, first.stdout + first.stderr)
    assert.match(readFileSync(index, 'utf8'), /readonly userRepository: UserRepository\n/)
    assert.doesNotMatch(readFileSync(index, 'utf8'), /OrderRepository/)

    // a later run for another port keeps the first one's adapter in the composition root
    const second = await runCli(['generate', 'repository', 'OrderRepository', '--json'], { cwd: root })
    assert.equal(second.code, 0, second.stdout + second.stderr)
    const files = parseJson<{ files: Array<{ path: string; action: string }> }>(second).files
    assert.deepEqual(
      files.filter((f) => f.path === 'src/infrastructure/index.ts'),
      [{ path: 'src/infrastructure/index.ts', action: 'update' }],
    )
    const text = readFileSync(index, 'utf8')
    assert.match(text, /readonly orderRepository: OrderRepository\n/)
    assert.match(text, /readonly userRepository: UserRepository\n/)
    assert.match(text, /const mysqlUserRepository = new MysqlUserRepository\(sequelize\)/)
    assert.match(text, /import \{ createSequelize \} from '\.\/persistence\/mysql\/connection'/)
    // without @nestjs/common among the packages: no Nest module
    assert.equal(existsSync(path.join(root, 'src', 'infrastructure', 'infrastructure.module.ts')), false)

    // --all --check: the composition root is part of what is compared, and up to date
    const all = await runCli(['generate', 'repository', '--all'], { cwd: root })
    assert.equal(all.code, 0, all.stdout + all.stderr)
    const check = await runCli(['generate', 'repository', 'UserRepository', '--check'], { cwd: root })
    assert.equal(check.code, 0, check.stdout + check.stderr)
    assert.match(readFileSync(index, 'utf8'), /readonly productRepositoryPort: ProductRepositoryPort\n/)
    const tsc = typecheck(root)
    assert.equal(tsc.status, 0, tsc.output)
  })

  it('wires the generated repositories at run time: createInfrastructure, a query through the port, close()', async () => {
    const root = await example('shop-cjs')
    const generate = await runCli(['generate', 'repository', 'UserRepository'], { cwd: root })
    assert.equal(generate.code, 0, generate.stdout + generate.stderr)
    const db = await createTestDatabase('e2e_compose')
    try {
      const migrate = await runCli(['migrate', 'up'], { cwd: root, env: { INFRA_MYSQL_URL: db.url } })
      assert.equal(migrate.code, 0, migrate.stdout + migrate.stderr)
      // application code: only createInfrastructure and the port
      writeFileSync(
        path.join(root, 'src', 'app.ts'),
        `import { createInfrastructure } from './infrastructure'

async function main(): Promise<void> {
  const infrastructure = await createInfrastructure({ mysqlUrl: process.argv[2]! })
  try {
    const count = await infrastructure.userRepository.existsByEmail('nobody@example.com')
    console.log(JSON.stringify({ count, methods: Object.keys(infrastructure).sort() }))
  } finally {
    await infrastructure.close()
  }
}
main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
`,
      )
      const tsc = typecheck(root)
      assert.equal(tsc.status, 0, tsc.output)
      const run = spawnSync(process.execPath, ['--require', path.join(REPO_ROOT, 'scripts', 'ts-register.cjs'), path.join(root, 'src', 'app.ts'), db.url], {
        encoding: 'utf8',
        timeout: 60_000,
      })
      assert.equal(run.status, 0, run.stdout + run.stderr)
      assert.deepEqual(JSON.parse(run.stdout), { count: false, methods: ['close', 'userRepository'] })
    } finally {
      await db.drop()
    }
  })

  it('ESM: imports carry .js and it compiles', async () => {
    const root = await example('shop-esm')
    const generate = await runCli(['generate', 'repository', '--all'], { cwd: root })
    assert.equal(generate.code, 0, generate.stdout + generate.stderr)
    assert.match(readFileSync(path.join(root, 'src', 'infrastructure', 'index.ts'), 'utf8'), /from '\.\/persistence\/mysql\/connection\.js'/)
    const tsc = typecheck(root)
    assert.equal(tsc.status, 0, tsc.output)
  })

  it('with @nestjs/common installed: a Nest module providing each port under a token, which compiles', async () => {
    const root = await example('shop-cjs')
    const manifestFile = path.join(root, 'package.json')
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { dependencies: Record<string, string> }
    // install only the Nest packages here (sequelize and mysql2 resolve from the repository's node_modules)
    writeFileSync(manifestFile, JSON.stringify({ name: 'shop-nest', private: true }))
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '@nestjs/common@^11', 'reflect-metadata', 'rxjs'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 300_000,
    })
    assert.equal(install.status, 0, `npm install @nestjs/common failed (is the npm registry reachable?):\n${install.stdout}${install.stderr}`)
    const installed = JSON.parse(readFileSync(manifestFile, 'utf8')) as { dependencies: Record<string, string> }
    writeFileSync(manifestFile, JSON.stringify({ ...installed, dependencies: { ...manifest.dependencies, ...installed.dependencies } }, null, 2))

    const generate = await runCli(['generate', 'repository', '--all'], { cwd: root })
    assert.equal(generate.code, 0, generate.stdout + generate.stderr)
    const module = readFileSync(path.join(root, 'src', 'infrastructure', 'infrastructure.module.ts'), 'utf8')
    assert.match(module, /export const USER_REPOSITORY = Symbol\('UserRepository'\)/)
    assert.match(
      module,
      /\{ provide: ORDER_REPOSITORY, useFactory: \(infrastructure: Infrastructure\) => infrastructure\.orderRepository, inject: \[INFRASTRUCTURE\] \}/,
    )
    // a Nest provider of the application injects the port by its token
    writeFileSync(
      path.join(root, 'src', 'users.service.ts'),
      `import { Inject, Injectable } from '@nestjs/common'
import type { UserRepository } from './domain/user/user-repository'
import { USER_REPOSITORY } from './infrastructure/infrastructure.module'

@Injectable()
export class UsersService {
  constructor(@Inject(USER_REPOSITORY) private readonly users: UserRepository) {}

  taken(email: string): Promise<boolean> {
    return this.users.existsByEmail(email)
  }
}
`,
    )
    const tsconfigFile = path.join(root, 'tsconfig.json')
    const tsconfig = JSON.parse(readFileSync(tsconfigFile, 'utf8')) as { compilerOptions: Record<string, unknown> }
    writeFileSync(
      tsconfigFile,
      JSON.stringify({ ...tsconfig, compilerOptions: { ...tsconfig.compilerOptions, experimentalDecorators: true, emitDecoratorMetadata: true } }),
    )
    const tsc = typecheck(root)
    assert.equal(tsc.status, 0, tsc.output)
  })
})
