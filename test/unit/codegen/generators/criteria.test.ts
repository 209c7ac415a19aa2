import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { criteriaSubject, fieldFits, matchCriteria } from '../../../../src/codegen/generators/criteria'
import type { ColumnPlan } from '../../../../src/codegen/generators/mapping'
import { writeKind } from '../../../../src/codegen/generators/methods'
import type { PortMethod, PortParameter, TypeRef } from '../../../../src/codegen/model'

const string: TypeRef = { kind: 'primitive', name: 'string' }
const date: TypeRef = { kind: 'primitive', name: 'Date' }
const status: TypeRef = { kind: 'literal-union', base: 'string', values: ['active', 'blocked'] }

function column(path: string, name: string, domainType: TypeRef, allowNull = false, store?: (e: string) => string): ColumnPlan {
  return {
    column: name,
    sqlType: 'VARCHAR(255)',
    dataType: 'DataTypes.STRING(255)',
    rowType: 'string',
    allowNull,
    primaryKey: path === 'id',
    query: { path, column: name, kind: 'string', nullable: allowNull },
    write: `x.${path}`,
    storeParameter: store ?? ((e) => e),
    domainType,
    indexable: true,
    writeFrom: (v) => `${v}.${path}`,
  }
}

const columns = [
  column('id', 'id', { kind: 'id', form: 'value-object', name: 'UserId', primitive: 'string' }, false, (e) => `${e}.value`),
  column('email', 'email', string),
  column('status', 'status', status),
  column('nickname', 'nickname', string, true),
  column('editedAt', 'edited_at', date, true),
]

function method(name: string, fields: Array<{ name: string; type: TypeRef; optional?: boolean }>, rest: PortParameter[] = []): PortMethod {
  const by: PortParameter = { name: 'by', optional: false, text: '{...}', type: { kind: 'object', fields: fields.map((f) => ({ optional: true, ...f })) } }
  return {
    name,
    parameters: [by, ...rest],
    returns: { kind: 'list', async: true, element: { kind: 'entity', name: 'User' } },
    returnText: 'Promise<User[]>',
    optional: false,
    location: { file: 'src/user-repo.ts', line: 7, column: 3 },
  }
}

describe('criteria-object finders', () => {
  it('reads the verb, alone or followed by the entity name in singular or plural', () => {
    assert.equal(criteriaSubject('find', 'User'), 'find')
    assert.equal(criteriaSubject('findUsers', 'User'), 'find')
    assert.equal(criteriaSubject('getUser', 'User'), 'find')
    assert.equal(criteriaSubject('findAll', 'User'), 'find')
    assert.equal(criteriaSubject('countMedias', 'Media'), 'count')
    assert.equal(criteriaSubject('countCategories', 'Category'), 'count')
    assert.equal(criteriaSubject('existsUser', 'User'), 'exists')
    assert.equal(criteriaSubject('deleteUsers', 'User'), 'delete')
    assert.equal(criteriaSubject('findOrders', 'User'), null)
    assert.equal(criteriaSubject('findByEmail', 'User'), null)
    assert.equal(criteriaSubject('search', 'User'), null)
  })

  it('compares a field with a property of the same type; a primitive matches an id stored as that primitive', () => {
    assert.equal(fieldFits(string, string), 'store')
    assert.equal(fieldFits(string, { kind: 'id', form: 'value-object', name: 'UserId', primitive: 'string' }), 'raw')
    assert.equal(
      fieldFits(
        { kind: 'id', form: 'value-object', name: 'UserId', primitive: 'string' },
        { kind: 'id', form: 'value-object', name: 'UserId', primitive: 'string' },
      ),
      'store',
    )
    assert.equal(fieldFits({ kind: 'literal-union', base: 'string', values: ['active'] }, status), 'store')
    assert.equal(fieldFits({ kind: 'literal-union', base: 'string', values: ['gone'] }, status), null)
    assert.equal(fieldFits({ kind: 'primitive', name: 'number' }, string), null)
    assert.equal(fieldFits(string, status), null)
    assert.equal(fieldFits({ kind: 'enum', name: 'A' }, { kind: 'enum', name: 'B' }), null)
  })

  it('matches every field to a column, or says which field of which method at which line does not fit', () => {
    const ok = matchCriteria(
      method('findUsers', [
        { name: 'email', type: string },
        { name: 'id', type: string },
      ]),
      'User',
      columns,
    )
    assert.ok(ok?.ok)
    assert.deepEqual(
      ok.fields.map((f) => [f.name, f.column.column, f.value]),
      [
        ['email', 'email', 'store'],
        ['id', 'id', 'raw'],
      ],
    )
    assert.deepEqual(matchCriteria(method('findUsers', [{ name: 'emailDomain', type: string }]), 'User', columns), {
      ok: false,
      reason: 'the criteria field "by.emailDomain" of findUsers (src/user-repo.ts:7) is not a property of User stored as one column',
    })
    assert.deepEqual(matchCriteria(method('findUsers', [{ name: 'email', type: { kind: 'primitive', name: 'number' } }]), 'User', columns), {
      ok: false,
      reason: 'the criteria field "by.email" of findUsers (src/user-repo.ts:7) is a number, but User.email is a string',
    })
    const required: PortParameter = { name: 'tenant', optional: false, text: 'string', type: string }
    assert.match(
      (matchCriteria(method('findUsers', [{ name: 'email', type: string }], [required]), 'User', columns) as { reason: string }).reason,
      /required parameter "tenant"/,
    )
    // not criteria-style at all: another rule (or the naming grammar) decides
    assert.equal(matchCriteria(method('findByEmail', [{ name: 'email', type: string }]), 'User', columns), null)
  })

  it("reads an input object's number page/pageSize or limit/offset fields that are no property as its paging", () => {
    const number: TypeRef = { kind: 'primitive', name: 'number' }
    const input = method('findMany', [
      { name: 'email', type: string, optional: false },
      { name: 'page', type: number, optional: false },
      { name: 'pageSize', type: number, optional: false },
    ])
    const match = matchCriteria(input, 'User', columns)
    assert.ok(match?.ok)
    assert.deepEqual(
      match.fields.map((f) => f.name),
      ['email'],
    )
    assert.deepEqual(
      match.paging?.fields.map((f) => [f.name, f.role, f.optional]),
      [
        ['page', 'page', false],
        ['pageSize', 'pageSize', false],
      ],
    )
    // a paging name of another type maps to nothing: the method is a stub naming it
    assert.match(
      (
        matchCriteria(
          method('findMany', [
            { name: 'email', type: string },
            { name: 'limit', type: string },
          ]),
          'User',
          columns,
        ) as { reason: string }
      ).reason,
      /"by\.limit" of findMany \(src\/user-repo\.ts:7\) is not a property of User/,
    )
  })

  it('matches each field to its column: null means IS NULL only for a nullable property; an id class field is stored', () => {
    const nullable = (type: TypeRef): TypeRef => ({ kind: 'nullable', inner: type, null: true, undefined: false })
    const match = matchCriteria(
      method('find', [
        { name: 'id', type: string },
        { name: 'email', type: nullable(string) },
        { name: 'nickname', type: nullable(string) },
        { name: 'editedAt', type: nullable(date) },
      ]),
      'User',
      columns,
    )
    assert.ok(match?.ok)
    // (the where object these become is written by templates/repository/partials/criteria-object.hbs)
    assert.deepEqual(
      match.fields.map((f) => [f.name, f.column.column, f.value, f.acceptsNull && f.nullMeansIsNull]),
      [
        ['id', 'id', 'raw', false],
        ['email', 'email', 'store', false],
        ['nickname', 'nickname', 'store', true],
        ['editedAt', 'edited_at', 'store', true],
      ],
    )
    const idClass = matchCriteria(
      method('find', [{ name: 'id', type: { kind: 'id', form: 'value-object', name: 'UserId', primitive: 'string' } }]),
      'User',
      columns,
    )
    assert.ok(idClass?.ok)
    assert.deepEqual(
      idClass.fields.map((f) => [f.name, f.value, f.column.storeParameter('by.id')]),
      [['id', 'store', 'by.id.value']],
    )
  })
})

describe('save and delete aliases', () => {
  it('maps add/create/store/... to save, update<Entity> to update only, remove/delete<Entity> to delete', () => {
    for (const name of ['save', 'addMedia', 'createMedia', 'insert', 'store', 'persist', 'upsert', 'upsertMedia'])
      assert.equal(writeKind(name, 'Media'), 'save', name)
    assert.equal(writeKind('update', 'Media'), 'update')
    assert.equal(writeKind('updateMedia', 'Media'), 'update')
    assert.equal(writeKind('removeMedia', 'Media'), 'delete')
    assert.equal(writeKind('deleteMedia', 'Media'), 'delete')
    assert.equal(writeKind('addUser', 'Media'), null)
    assert.equal(writeKind('updateMediaName', 'Media'), null)
  })
})
