import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { generateRepositories } from '../../../../src/codegen/generators/repository-generator'
import { TemplateRenderer } from '../../../../src/codegen/render'
import { entity, method, port, props, readFixture, valueObject } from './read-fixture'

// The style of typescript-clean-architecture and NestJS projects: decorated private fields read through getX(), a
// protected id with getId(), Nullable<T>, payload constructors, criteria objects, plural repository names, relations.
describe('domain reader: decorated fields, getX() accessors, payload constructors', () => {
  const model = readFixture('decorated-accessors')

  it('reads decorated private fields through getX() and rebuilds with the payload constructor', () => {
    const asset = entity(model, 'Asset')
    assert.equal(asset.reconstruct.kind, 'constructor')
    const p = props(asset)
    assert.deepEqual(Object.keys(p), ['id', 'ownerId', 'kind', 'dimensions', 'publishedAt', 'tags'])
    assert.deepEqual(p.id?.read, { kind: 'method', name: 'getId' })
    assert.deepEqual([p.publishedAt?.nullable, p.publishedAt?.optional], [true, false])
    assert.deepEqual(p.tags?.type, { kind: 'array', element: { kind: 'primitive', name: 'string' }, readonly: true })
    assert.equal(valueObject(model, 'Dimensions').storage, 'flattened')
    assert.equal(port(model, 'AssetRepositoryPort').id?.kind, 'id')
  })

  it('keeps nested objects of criteria parameters as JSON, so they cannot block the port', () => {
    const options = method(port(model, 'AssetRepositoryPort'), 'findAssets').parameters[1]
    const order = options?.type.kind === 'object' ? options.type.fields.find((f) => f.name === 'order') : undefined
    assert.deepEqual(order?.type, { kind: 'json', text: 'SortOrder' })
    assert.equal(
      model.diagnostics.some((d) => d.message.includes('SortOrder') || d.message.includes('string | true')),
      false,
    )
    assert.equal(method(port(model, 'AssetRepositoryPort'), 'findAsset').returns.kind, 'single')
  })

  it('passes a stored null as undefined to a payload member that takes only undefined (getEditedAt(): Nullable<Date>, editedAt?: Date)', () => {
    assert.deepEqual(
      model.diagnostics.filter((d) => d.port === 'DraftRepositoryPort'),
      [],
    )
    assert.deepEqual(entity(model, 'Draft').reconstruct, {
      kind: 'constructor',
      arguments: [
        {
          kind: 'object',
          properties: [
            { key: 'id', property: 'id' },
            { key: 'title', property: 'title' },
            { key: 'editedAt', property: 'editedAt', nullAsUndefined: true },
          ],
        },
      ],
    })
    const artifacts = generateRepositories(model, [port(model, 'DraftRepositoryPort')], {
      infrastructureDir: 'src/infrastructure',
      migrationsDir: 'infra/migrations',
      existingMigration: () => undefined,
      now: new Date('2026-01-02T03:04:05Z'),
    }).artifacts
    const mapper = artifacts.find((a) => a.path.endsWith('draft.mapper.ts'))
    assert.ok(mapper)
    // the whole conditional, not only its last operand, falls back to undefined
    assert.match(
      new TemplateRenderer(undefined).render(mapper.template, mapper.data),
      /editedAt: \(row\.edited_at === null \? null : new Date\(row\.edited_at\)\) \?\? undefined,/,
    )
  })

  it('finds the entity of a plural port name and does not take an entity with one array field for a page', () => {
    assert.equal(port(model, 'AlbumsRepository').entity, 'Album')
    assert.deepEqual(method(port(model, 'AlbumsRepository'), 'findOne').returns, {
      kind: 'single',
      async: true,
      type: { kind: 'entity', name: 'Album' },
      orNull: false,
      orUndefined: true,
    })
  })

  it('reports a relation stored inside the entity (Album.photos -> Photo.album)', () => {
    const relation = model.diagnostics.find((d) => d.port === 'AlbumsRepository')
    assert.equal(relation?.severity, 'error')
    assert.equal(relation?.code, 'unsupported-type')
    assert.match(relation?.message ?? '', /Photo\.album refers to the entity Album: relations between entities are not stored/)
    // at the relation itself (`album: Album`), where the fix goes, not at the class holding it
    assert.deepEqual(relation && [relation.location.file, relation.location.line], ['src/media/album.ts', 17])
    assert.equal(model.diagnostics.length, 1)
  })
})
