import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { migrationsInBuildWarning } from '../../../../src/codegen/migrations-in-build'

describe('migrationsInBuildWarning', () => {
  const withProject = (tsconfig: object, check: (root: string) => void) => {
    const root = mkdtempSync(path.join(tmpdir(), 'infra-build-'))
    try {
      mkdirSync(path.join(root, 'src'))
      writeFileSync(path.join(root, 'src', 'main.ts'), 'export const x = 1\n')
      writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify(tsconfig))
      check(root)
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  }
  it('warns when a rootDir excludes the migrations or an outDir layout would move, not otherwise', () => {
    withProject({ compilerOptions: { rootDir: 'src', outDir: 'dist' } }, (root) =>
      assert.match(migrationsInBuildWarning(root, 'tsconfig.json', 'infra/migrations') ?? '', /TS6059/),
    )
    withProject({ compilerOptions: { outDir: 'dist' } }, (root) =>
      assert.match(migrationsInBuildWarning(root, 'tsconfig.json', 'infra/migrations') ?? '', /"include": \["src"\]/),
    )
    withProject({ compilerOptions: { outDir: 'dist' }, include: ['src'] }, (root) =>
      assert.equal(migrationsInBuildWarning(root, 'tsconfig.json', 'infra/migrations'), undefined),
    )
    withProject({ compilerOptions: { noEmit: true } }, (root) => assert.equal(migrationsInBuildWarning(root, 'tsconfig.json', 'infra/migrations'), undefined))
  })
})
