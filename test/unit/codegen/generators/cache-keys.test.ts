// The generated decorator re-states src/cache/keys.ts as template literals (it cannot import infra at run time):
// evaluating those literals must give exactly the keys keys.ts gives, for awkward prefixes, ids and values too.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hashTagOf, instanceSetKey, NOT_FOUND_VALUE, schemaVersionOf, tagSetKey, tombstoneKey, valueKeyByField, valueKeyById } from '../../../../src/cache/keys'
import { jsStringLiteral, keyTemplates, templateLiteral } from '../../../../src/codegen/generators/cache/key-templates'
import { cachedClassName, isCacheArtifactPath } from '../../../../src/codegen/generators/cache/cache-generator'

type Bindings = { prefix: string; entity: string; version: string; id?: string; field?: string; value?: string; tag?: string }

/** Evaluates a generated template literal with its substitutions bound. */
function evaluate(literal: string, bindings: Bindings): string {
  const names = ['prefix', 'entity', 'version', 'id', 'field', 'value', 'tag'] as const
  return new Function(...names, `return ${literal}`)(...names.map((n) => bindings[n] ?? '')) as string
}

describe('cache key templates', () => {
  const templates = keyTemplates()
  const cases: Bindings[] = [
    { prefix: 'cache', entity: 'User', version: '0a1b2c3d', id: '42', field: 'email', value: 'a@b.c', tag: 'tenant:7' },
    { prefix: 'app.v2:cache-x', entity: 'Order_Line', version: 'ffffffff', id: 'we`ird ${x} \\ id', field: 'sku', value: '*?[]', tag: '@all' },
  ]
  for (const c of cases) {
    it(`renders the keys of keys.ts (${c.prefix}, ${c.entity})`, () => {
      const space = { prefix: c.prefix, entity: c.entity }
      assert.equal(evaluate(templates.hashTag, c), hashTagOf(space))
      assert.equal(evaluate(templates.valueById, c), valueKeyById(space, c.version, c.id!))
      assert.equal(evaluate(templates.valueByField, c), valueKeyByField(space, c.version, c.field!, c.value!))
      assert.equal(evaluate(templates.instanceSet, c), instanceSetKey(space, c.id!))
      assert.equal(evaluate(templates.tagSet, c), tagSetKey(space, c.tag!))
      assert.equal(evaluate(templates.tombstone, c), tombstoneKey(space, c.id!))
    })
  }

  it('renders the negative-cache value and escapes template text', () => {
    assert.equal(new Function(`return ${templates.notFound}`)(), NOT_FOUND_VALUE)
    assert.equal(new Function(`return ${jsStringLiteral("it's \\ \u0001")}`)(), "it's \\ \u0001")
    assert.equal(new Function(`return ${templateLiteral('a`b${c}\\d')}`)(), 'a`b${c}\\d')
  })

  it('names the decorator after the port and owns only its own files', () => {
    assert.equal(cachedClassName('IUserRepository'), 'CachedUserRepository')
    assert.equal(cachedClassName('ProductRepositoryPort'), 'CachedProductRepository')
    assert.ok(isCacheArtifactPath('src/infrastructure/cache/cached-user-repository.ts', 'src/infrastructure'))
    assert.ok(isCacheArtifactPath('src/infrastructure/cache/cache-store.ts', 'src/infrastructure/'))
    assert.ok(!isCacheArtifactPath('src/infrastructure/cache/.gitkeep', 'src/infrastructure'))
    assert.ok(!isCacheArtifactPath('src/infrastructure/cache/my-own.ts', 'src/infrastructure'))
  })

  it('a schema version changes with the shape', () => {
    const a = schemaVersionOf('User', [{ name: 'id', type: 'string', nullable: false }])
    const b = schemaVersionOf('User', [
      { name: 'id', type: 'string', nullable: false },
      { name: 'age', type: 'number', nullable: true },
    ])
    assert.notEqual(a, b)
  })
})
