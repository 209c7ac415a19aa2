import assert from 'node:assert/strict'
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { readDomain } from '../../../../src/codegen/domain'
import { FIXTURES, SUFFIXES, method, port, readFixture } from './read-fixture'

// test/fixtures/domains/oxide-option: UserRepositoryPort returns Option<User> from the package oxide.ts (declared in
// types/oxide.ts/index.d.ts), NoteRepositoryPort returns Option<Note> from a local class that only shares the name.
describe('domain reader: oxide.ts Option<T> results', () => {
  const model = readFixture('oxide-option')

  it('reads Promise<Option<User>> from oxide.ts as one User wrapped in Some/None, for id and derived finders', () => {
    const users = port(model, 'UserRepositoryPort')
    assert.equal(users.entity, 'User')
    for (const name of ['findOneById', 'findOneByEmail']) {
      assert.deepEqual(method(users, name).returns, {
        kind: 'single',
        async: true,
        type: { kind: 'entity', name: 'User' },
        orNull: false,
        orUndefined: false,
        wrapper: { kind: 'oxide-option', module: 'oxide.ts' },
      })
      assert.equal(method(users, name).returnText, 'Promise<Option<User>>')
    }
  })

  it('leaves a local Option of the same name unsupported, with the unsupported-wrapper warning naming its line', () => {
    assert.deepEqual(method(port(model, 'NoteRepositoryPort'), 'findOneById').returns, { kind: 'unsupported', async: true, text: 'Option<Note>' })
    assert.deepEqual(
      model.diagnostics.map((d) => [d.severity, d.code, `${d.location.file}:${d.location.line}`, d.port]),
      [['warning', 'unsupported-wrapper', 'src/note/note-repository.port.ts:6', 'NoteRepositoryPort']],
    )
  })

  it('finds Option through an installed package that re-exports it from another file, as oxide.ts ships', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'oxide-option-'))
    try {
      cpSync(path.join(FIXTURES, 'oxide-option', 'src'), path.join(dir, 'src'), { recursive: true })
      writeFileSync(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, types: [] }, include: ['src'] }),
      )
      const pkg = path.join(dir, 'node_modules', 'oxide.ts')
      mkdirSync(path.join(pkg, 'dist'), { recursive: true })
      writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'oxide.ts', version: '1.1.0', types: 'dist/index.d.ts' }))
      writeFileSync(path.join(pkg, 'dist', 'index.d.ts'), "export { Option, Some, None } from './option'\n")
      writeFileSync(
        path.join(pkg, 'dist', 'option.d.ts'),
        [
          'declare class OptionType<T> { isSome(): boolean; unwrap(): T }',
          'export type Option<T> = OptionType<T>',
          'export declare function Option<T>(value: T): Option<T>',
          'export declare function Some<T>(value: T): Option<T>',
          'export declare const None: Option<never>',
          '',
        ].join('\n'),
      )
      const installed = readDomain({ root: dir, tsconfig: 'tsconfig.json', sourceRoot: 'src', portSuffixes: SUFFIXES })
      const returns = method(port(installed, 'UserRepositoryPort'), 'findOneById').returns
      assert.deepEqual(returns.kind === 'single' && returns.wrapper, { kind: 'oxide-option', module: 'oxide.ts' })
      assert.equal(method(port(installed, 'NoteRepositoryPort'), 'findOneById').returns.kind, 'unsupported')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
