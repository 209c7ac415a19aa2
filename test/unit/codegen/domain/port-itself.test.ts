import assert from 'node:assert/strict'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { readDomain } from '../../../../src/codegen/domain'
import { method, port, SUFFIXES } from './read-fixture'

// A result that is the port itself is recognised by type: the port's `this`, the port's own declaration, or the base
// that declares the method (`Repository<T>.withTransaction(): Repository<T>`), with or without a Promise.
describe('domain reader: methods returning the port itself', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'infra-port-itself-'))
  after(() => rmSync(root, { recursive: true, force: true }))
  mkdirSync(path.join(root, 'src'))
  writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, types: [] }, include: ['src'] }))
  writeFileSync(
    path.join(root, 'src/notes.ts'),
    [
      'export class Note { constructor(readonly id: string, readonly body: string) {} }',
      'export interface Repository<T> {',
      '  save(entity: T): Promise<void>',
      '  withTransaction(): Repository<T>',
      '  unitOfWork(): Promise<this>',
      '}',
      'export interface NoteRepository extends Repository<Note> {',
      '  findById(id: string): Promise<Note | null>',
      '  scoped(): NoteRepository',
      '  copyOf(note: Note): Promise<Note>',
      '}',
      '',
    ].join('\n'),
  )
  const model = readDomain({ root, tsconfig: 'tsconfig.json', sourceRoot: 'src', portSuffixes: SUFFIXES })
  const notes = port(model, 'NoteRepository')

  it('reads the base, `this` and the port itself as the `port` shape; the entity is still Note', () => {
    assert.equal(notes.entity, 'Note')
    assert.deepEqual(method(notes, 'withTransaction').returns, { kind: 'port', async: false })
    assert.deepEqual(method(notes, 'unitOfWork').returns, { kind: 'port', async: true })
    assert.deepEqual(method(notes, 'scoped').returns, { kind: 'port', async: false })
    assert.equal(method(notes, 'copyOf').returns.kind, 'single')
    assert.equal(method(notes, 'findById').returns.kind, 'single')
  })
})
