import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { readDomain } from '../../../../src/codegen/domain'
import { publisherGenerator } from '../../../../src/codegen/generators/messaging/publisher-generator'
import { DEFAULT_MESSAGING } from '../../../../src/codegen/generators/messaging/shared'
import type { GenerateOptions } from '../../../../src/codegen/generators/types'
import type { DomainModel } from '../../../../src/codegen/model'
import { entity, readFixture } from './read-fixture'

/** reads a throw-away project of one file `src/domain.ts` */
function readSource(source: string, eventSuffixes: string[] = []): DomainModel {
  const root = mkdtempSync(path.join(tmpdir(), 'infra-tagged-'))
  try {
    writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, types: [] }, include: ['src'] }))
    mkdirSync(path.join(root, 'src'))
    writeFileSync(path.join(root, 'src', 'domain.ts'), source)
    return readDomain({ root, tsconfig: 'tsconfig.json', sourceRoot: 'src', portSuffixes: ['Repository'], eventSuffixes })
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

describe('domain reader: a discriminated union (a literal tag on every variant)', () => {
  it('is a tagged-union of value objects, each rebuilt its own way (constructor, factory, object literal)', () => {
    const model = readFixture('tagged-union')
    assert.deepEqual(model.diagnostics, [])
    const content = entity(model, 'Shipment').properties.find((p) => p.name === 'content')!
    assert.deepEqual(content.type, {
      kind: 'tagged-union',
      tag: 'kind',
      variants: [
        { value: 'envelope', type: { kind: 'value-object', name: 'Envelope' } },
        { value: 'crate', type: { kind: 'value-object', name: 'Crate' } },
        { value: 'pallet', type: { kind: 'value-object', name: 'Pallet' } },
      ],
      text: 'PackageContent',
    })
    assert.deepEqual(
      ['Envelope', 'Crate', 'Pallet'].map((name) => model.valueObjects[name]!.reconstruct.kind),
      ['constructor', 'factory', 'object-literal'],
    )
  })

  it('finds the tag by its literal types whatever its name, with number literals and inline object types', () => {
    const model = readSource(
      [
        'export class Step { constructor(readonly id: string, readonly action: { op: 1; to: string } | { op: 2; seconds: number }) {} }',
        'export interface StepRepository { save(step: Step): Promise<void> }',
        '',
      ].join('\n'),
    )
    assert.deepEqual(model.diagnostics, [])
    const action = entity(model, 'Step').properties.find((p) => p.name === 'action')!.type
    assert.equal(action.kind, 'tagged-union')
    assert.deepEqual(action.kind === 'tagged-union' ? [action.tag, action.variants.map((v) => v.value)] : [], ['op', [1, 2]])
  })

  it('a union whose common property does not tell every member apart stays an ambiguous-type error', () => {
    const model = readSource(
      [
        "export class A { readonly kind = 'same' as const; constructor(readonly a: number) {} }",
        "export class B { readonly kind = 'same' as const; constructor(readonly b: string) {} }",
        'export class Holder { constructor(readonly id: string, readonly value: A | B) {} }',
        'export interface HolderRepository { save(holder: Holder): Promise<void> }',
        '',
      ].join('\n'),
    )
    assert.deepEqual(
      model.diagnostics.map((d) => [d.severity, d.code, `${d.location.file}:${d.location.line}`, d.message]),
      [['error', 'ambiguous-type', 'src/domain.ts:3', 'Holder.value: A | B is a union of unrelated types']],
    )
  })

  it('an event payload carries it as the variant with its tag, rebuilt through the variant the tag names', () => {
    const model = readSource(
      [
        "export class Refund { readonly kind = 'refund' as const; constructor(readonly cents: number) {} }",
        "export class Credit { readonly kind = 'credit' as const; constructor(readonly points: number) {} }",
        'export class CompensatedEvent { constructor(readonly orderId: string, readonly compensation: Refund | Credit) {} }',
        '',
      ].join('\n'),
      ['Event'],
    )
    const context: GenerateOptions = {
      infrastructureDir: 'src/infrastructure',
      migrationsDir: 'infra/migrations',
      existingMigration: () => undefined,
      now: new Date('2026-12-01T10:00:00Z'),
      messaging: DEFAULT_MESSAGING,
    }
    const published = publisherGenerator.generate(model, { ports: [], entities: [], events: Object.values(model.events!) }, context)
    assert.deepEqual(published.warnings, [])
    const payload = published.artifacts.find((a) => a.path.endsWith('/events/compensated-event.ts'))!
    const fields = (payload.data as { fields: Array<{ name: string; wireType: string }> }).fields
    assert.equal(fields.find((f) => f.name === 'compensation')!.wireType, "{ kind: 'refund'; cents: number } | { kind: 'credit'; points: number }")
    const decode = String((payload.data as { decode: string }).decode)
    assert.match(decode, /variant\.kind === 'refund' \? \(?new Refund\(variant\.cents\)\)? : variant\.kind === 'credit' \? \(?new Credit\(variant\.points\)\)?/)
    assert.match(decode, /throw new TypeError\(`CompensatedEvent\.compensation holds the tag/)
  })
})
