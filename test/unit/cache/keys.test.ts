import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  canonicalShape,
  entityIdPattern,
  entityPattern,
  escapeGlob,
  globToRegExp,
  instanceSetKey,
  jitteredTtlMs,
  matchesWholePrefix,
  parseKey,
  prefixPattern,
  schemaVersionOf,
  tagSetKey,
  tagSetPattern,
  tombstoneKey,
  valueKeyByField,
  valueKeyById,
} from '../../../src/cache/keys'
import { groupBySlot, slotOf } from '../../../src/cache/slot'

const user = { prefix: 'app', entity: 'User' }

describe('cache key conventions', () => {
  it('lays out every key kind under one hash tag per entity', () => {
    assert.equal(valueKeyById(user, '0a1b2c3d', '42'), '{app:User}:v0a1b2c3d:id:42')
    assert.equal(valueKeyByField(user, '0a1b2c3d', 'email', 'a:b@c'), '{app:User}:v0a1b2c3d:by:email:a:b@c')
    assert.equal(instanceSetKey(user, '42'), '{app:User}:keys:42')
    assert.equal(tagSetKey(user, 'tenant:7'), '{app:User}:tag:tenant:7')
    assert.equal(tombstoneKey(user, '42'), '{app:User}:tomb:42')
  })

  it('puts an entity type in one cluster slot (the CRC16 of its hash tag)', () => {
    // reference values from redis-cli CLUSTER KEYSLOT
    assert.equal(slotOf('foo'), 12182)
    assert.equal(slotOf('{user1000}.following'), slotOf('{user1000}.followers'))
    assert.equal(slotOf('{}x'), slotOf('{}x'))
    const slots = new Set(
      [valueKeyById(user, '0a1b2c3d', '1'), valueKeyByField(user, 'ffffffff', 'email', 'x'), tagSetKey(user, 't'), tombstoneKey(user, '1')].map(slotOf),
    )
    assert.equal(slots.size, 1)
    assert.equal(slotOf('{app:User}'), slotOf('app:User'))
    assert.deepEqual(groupBySlot(['{a}1', 'b', '{a}2']), [['{a}1', '{a}2'], ['b']])
  })

  it('derives the schema version from the sorted shape, so field order does not matter and any change does', () => {
    const fields = [
      { name: 'id', type: 'string', nullable: false },
      { name: 'born', type: 'Date', nullable: true },
    ]
    assert.equal(canonicalShape('User', fields), 'User(born:Date?,id:string)')
    const version = schemaVersionOf('User', fields)
    assert.match(version, /^[0-9a-f]{8}$/)
    assert.equal(schemaVersionOf('User', [...fields].reverse()), version)
    assert.notEqual(schemaVersionOf('User', [fields[0]!, { ...fields[1]!, nullable: false }]), version)
    assert.notEqual(schemaVersionOf('User', [...fields, { name: 'email', type: 'string', nullable: false }]), version)
  })

  it('parses every kind back and ignores foreign keys', () => {
    assert.deepEqual(parseKey('app', '{app:User}:v0a1b2c3d:id:4:2'), { kind: 'value', prefix: 'app', entity: 'User', version: '0a1b2c3d', by: 'id', id: '4:2' })
    assert.deepEqual(parseKey('app', '{app:User}:v0a1b2c3d:by:email:x@y'), {
      kind: 'value',
      prefix: 'app',
      entity: 'User',
      version: '0a1b2c3d',
      by: 'field',
      field: 'email',
      value: 'x@y',
    })
    assert.equal(parseKey('app', '{app:User}:tag:t')?.kind, 'tag-set')
    assert.equal(parseKey('app', '{app:User}:keys:1')?.kind, 'instance-set')
    assert.equal(parseKey('app', '{app:User}:tomb:1')?.kind, 'tombstone')
    assert.equal(parseKey('app', '{other:User}:tomb:1'), undefined)
    assert.equal(parseKey('app', '{app:User}:vXYZ:id:1'), undefined)
    assert.equal(parseKey('app', 'app:User:1'), undefined)
  })

  it('builds SCAN patterns that match literally', () => {
    assert.equal(escapeGlob('a*b?[c]\\'), 'a\\*b\\?\\[c\\]\\\\')
    assert.equal(entityPattern(user), '{app:User}:*')
    assert.equal(entityIdPattern(user, '4*'), '{app:User}:v*:id:4\\*')
    assert.equal(prefixPattern('app'), '{app:*')
    assert.equal(tagSetPattern('app', 't'), '{app:*}:tag:t')
    assert.ok(globToRegExp(entityIdPattern(user, '4*')).test('{app:User}:v0a1b2c3d:id:4*'))
    assert.ok(!globToRegExp(entityIdPattern(user, '4*')).test('{app:User}:v0a1b2c3d:id:45'))
    assert.ok(globToRegExp('h[ae]llo').test('hallo') && !globToRegExp('h[^e]llo').test('hello') && globToRegExp('h[a-b]llo').test('hbllo'))
  })

  it('recognises patterns that match the whole prefix (they need --all)', () => {
    for (const pattern of ['*', '**', '?*', '{*', '{app:*', '{app*', '*:*', '{app:*}:*']) assert.ok(matchesWholePrefix('app', pattern), pattern)
    for (const pattern of ['{app:User}:*', '*:tag:*', 'x*', '{app:*}:v*', '*:id:*']) assert.ok(!matchesWholePrefix('app', pattern), pattern)
  })

  it('spreads TTLs by the jitter fraction', () => {
    assert.equal(
      jitteredTtlMs(1000, 0.1, () => 0),
      900,
    )
    assert.equal(
      jitteredTtlMs(1000, 0.1, () => 1),
      1100,
    )
    assert.equal(
      jitteredTtlMs(1000, 0, () => 0.3),
      1000,
    )
  })
})
