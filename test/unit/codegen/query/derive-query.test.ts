import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { deriveQuery, type DeriveInput, type DerivedQuery, type MethodParameterInfo, type QueryProperty } from '../../../../src/codegen/query'

const properties: QueryProperty[] = [
  { path: 'id', column: 'id', kind: 'string', nullable: false },
  { path: 'email', column: 'email', kind: 'string', nullable: false },
  { path: 'name', column: 'name', kind: 'string', nullable: false },
  { path: 'status', column: 'status', kind: 'enum', nullable: false },
  { path: 'age', column: 'age', kind: 'number', nullable: true },
  { path: 'active', column: 'active', kind: 'boolean', nullable: false },
  { path: 'createdAt', column: 'created_at', kind: 'date', nullable: false },
  { path: 'address.city', column: 'address_city', kind: 'string', nullable: true },
  { path: 'address', column: 'address_street', kind: 'string', nullable: true },
  { path: 'tags', column: 'tags', kind: 'json', nullable: false },
  { path: 'orderCount', column: 'order_count', kind: 'number', nullable: false },
]

const value = (name: string): MethodParameterInfo => ({ name, pagination: false, array: false })
const list = (name: string): MethodParameterInfo => ({ name, pagination: false, array: true })
const page: MethodParameterInfo = { name: 'page', pagination: true, array: false }

function derive(methodName: string, parameters: MethodParameterInfo[] = []): DerivedQuery {
  const input: DeriveInput = { methodName, parameters, properties, location: 'src/domain/user-repository.ts:7', entityName: 'User' }
  const result = deriveQuery(input)
  if (!result.ok) assert.fail(`expected ${methodName} to derive, got: ${result.reason}`)
  return result.query
}

function reason(methodName: string, parameters: MethodParameterInfo[] = []): string {
  const result = deriveQuery({ methodName, parameters, properties, location: 'src/domain/user-repository.ts:7', entityName: 'User' })
  assert.equal(result.ok, false, `expected ${methodName} not to derive`)
  return result.ok ? '' : result.reason
}

const shape = (query: DerivedQuery) => query.where.map((group) => group.map((c) => `${c.property.path} ${c.operator} ${c.parameters.join(',')}`))

describe('deriveQuery', () => {
  it('derives simple equality with subjects find, get, count, exists, delete', () => {
    assert.deepEqual(shape(derive('findByEmail', [value('email')])), [['email equals 0']])
    assert.equal(derive('getByEmail', [value('email')]).subject, 'find')
    assert.equal(derive('countByStatus', [value('s')]).subject, 'count')
    assert.equal(derive('existsByEmail', [value('e')]).subject, 'exists')
    assert.equal(derive('deleteByStatus', [value('s')]).subject, 'delete')
    assert.equal(derive('findAllByStatus', [value('s')]).subject, 'find')
    assert.deepEqual(shape(derive('findUsersByName', [value('n')])), [['name equals 0']])
  })

  it('joins And inside a group and Or between groups, consuming parameters in order', () => {
    const query = derive('findByEmailAndStatusOrNameLike', [value('e'), value('s'), value('n')])
    assert.deepEqual(shape(query), [['email equals 0', 'status equals 1'], ['name like 2']])
  })

  it('reads every operator keyword, longest first', () => {
    const cases: Array<[string, string, MethodParameterInfo[]]> = [
      ['findByNameIs', 'equals', [value('a')]],
      ['findByNameEquals', 'equals', [value('a')]],
      ['findByNameNot', 'not', [value('a')]],
      ['findByStatusIn', 'in', [list('a')]],
      ['findByStatusNotIn', 'notIn', [list('a')]],
      ['findByAgeLessThan', 'lessThan', [value('a')]],
      ['findByAgeLessThanEqual', 'lessThanEqual', [value('a')]],
      ['findByAgeGreaterThan', 'greaterThan', [value('a')]],
      ['findByAgeGreaterThanEqual', 'greaterThanEqual', [value('a')]],
      ['findByCreatedAtBetween', 'between', [value('a'), value('b')]],
      ['findByNameLike', 'like', [value('a')]],
      ['findByNameStartingWith', 'startingWith', [value('a')]],
      ['findByNameEndingWith', 'endingWith', [value('a')]],
      ['findByNameContaining', 'containing', [value('a')]],
      ['findByAgeIsNull', 'isNull', []],
      ['findByAgeIsNotNull', 'isNotNull', []],
      ['findByActiveTrue', 'true', []],
      ['findByActiveFalse', 'false', []],
    ]
    for (const [name, operator, parameters] of cases) {
      const [[condition]] = derive(name, parameters).where as unknown as [[{ operator: string }]]
      assert.equal(condition.operator, operator, name)
    }
    assert.deepEqual(derive('findByCreatedAtBetween', [value('a'), value('b')]).where[0]![0]!.parameters, [0, 1])
  })

  it('reads First/Top<N>, OrderBy with directions and a trailing pagination parameter', () => {
    assert.equal(derive('findFirstByStatus', [value('s')]).limit, 1)
    assert.equal(derive('findTop10ByStatusOrderByCreatedAtDesc', [value('s')]).limit, 10)
    assert.deepEqual(
      derive('findByStatusOrderByNameAscCreatedAtDesc', [value('s')]).orderBy.map((o) => `${o.property.path} ${o.direction}`),
      ['name ASC', 'createdAt DESC'],
    )
    assert.deepEqual(
      derive('findAllOrderByName').orderBy.map((o) => o.property.path),
      ['name'],
    )
    assert.equal(derive('findByStatus', [value('s'), page]).paginationParameter, 1)
    assert.equal(derive('findAll', [page]).paginationParameter, 0)
  })

  it('follows property paths into value objects stored as columns, preferring the longest name', () => {
    assert.deepEqual(shape(derive('findByAddressCity', [value('c')])), [['address.city equals 0']])
    assert.deepEqual(shape(derive('findByAddress', [value('c')])), [['address equals 0']])
    // "Or" inside a property name is not a joiner
    assert.deepEqual(shape(derive('findByOrderCountGreaterThan', [value('n')])), [['orderCount greaterThan 0']])
  })

  it('matches property names case-insensitively when nothing matches exactly', () => {
    assert.deepEqual(shape(derive('findByCreatedat', [value('d')])), [['createdAt equals 0']])
    assert.deepEqual(shape(derive('findByEMailAndName', [value('e'), value('n')])), [['email equals 0', 'name equals 1']])
  })

  it('refuses (a stub, never an error) a name with an unknown property, naming it and the known ones', () => {
    assert.match(reason('findByEmial', [value('e')]), /User has no property "emial" \(its properties: id, email, /)
    assert.match(reason('findByEmailAndNicknameContaining', [value('e'), value('n')]), /"nickname"/)
    assert.match(reason('findByEmailOrderBySurnameDesc', [value('e')]), /"surname"/)
  })

  it('uses every word of the noun: the entity, One, or boolean properties that must hold; anything else is refused', () => {
    assert.deepEqual(shape(derive('findOneByEmail', [value('e')])), [['email equals 0']])
    assert.deepEqual(shape(derive('countActiveByStatus', [value('s')])), [['active true ', 'status equals 0']])
    assert.deepEqual(shape(derive('findActiveUsersByNameOrEmail', [value('n'), value('e')])), [
      ['active true ', 'name equals 0'],
      ['active true ', 'email equals 1'],
    ])
    assert.deepEqual(shape(derive('countActive')), [['active true ']])
    assert.equal(derive('findUsers').where.length, 0)
    assert.match(reason('countUnreadByStatus', [value('s')]), /the word "Unread" before "By" is neither User nor a boolean property/)
    assert.match(reason('getRecentUsers'), /no "By" clause and "RecentUsers" is neither User/)
    assert.match(reason('findDistinctByEmail', [value('e')]), /"Distinct"/)
  })

  it('names a relation by id without its Id: findByOwner(ownerId), findByOwnerAndTeam', () => {
    const withRelations: QueryProperty[] = [
      ...properties,
      { path: 'ownerId', column: 'owner_id', kind: 'string', nullable: false },
      { path: 'teamId', column: 'team_id', kind: 'string', nullable: false },
    ]
    const result = deriveQuery({
      methodName: 'findByOwnerAndTeamOrderByOwnerDesc',
      parameters: [value('ownerId'), value('teamId')],
      properties: withRelations,
      location: 'x.ts:1',
      entityName: 'User',
    })
    assert.ok(result.ok)
    assert.deepEqual(shape(result.query), [['ownerId equals 0', 'teamId equals 1']])
    assert.equal(result.query.orderBy[0]!.property.column, 'owner_id')
  })

  it('explains names it cannot turn into a query', () => {
    assert.match(reason('findRecentUsers'), /no "By" clause/)
    assert.match(reason('computeByEmail', [value('e')]), /does not start with/)
    assert.equal(derive('listByStatus', [value('s')]).subject, 'find')
    assert.equal(derive('listAll').where.length, 0)
    assert.match(reason('findByEmail'), /needs a parameter/)
    assert.match(reason('findByEmail', [value('e'), value('x')]), /has 2 parameters/)
    assert.match(reason('findByStatusIn', [value('s')]), /must be an array/)
    assert.match(reason('findByActiveLike', [value('s')]), /does not apply/)
    assert.match(reason('findByTags', [list('t')]), /JSON/)
    assert.match(reason('countByStatus', [value('s'), page]), /pagination/)
  })
})

describe('deriveQuery: names of the <noun>Of<criteria> school (userOfId, ofCustomerId, allUsersOfStatus)', () => {
  it('reads <noun>Of<X> as find<noun>By<X>, with or without the noun, all for a list', () => {
    assert.deepEqual(shape(derive('userOfId', [value('id')])), [['id equals 0']])
    assert.deepEqual(shape(derive('ofEmail', [value('email')])), [['email equals 0']])
    assert.deepEqual(shape(derive('userOfEmailAndStatus', [value('email'), value('status')])), [['email equals 0', 'status equals 1']])
    assert.deepEqual(shape(derive('allUsersOfStatus', [value('status')])), [['status equals 0']])
    assert.deepEqual(shape(derive('activeUsersOfName', [value('name')])), [['active true ', 'name equals 0']])
  })

  it('reads a single plural property with an array parameter as In', () => {
    assert.deepEqual(shape(derive('usersOfIds', [list('ids')])), [['id in 0']])
    assert.match(reason('usersOfIds', [value('ids')]), /^"usersOfIds" \(read as "findUsersByIds"\): /)
  })

  it('still uses every word: another noun or a missing property is refused, naming how it was read', () => {
    assert.match(reason('ordersOfId', [value('id')]), /^"ordersOfId" \(read as "findOrdersById"\): the word "Orders" before "By" is neither User/)
    assert.match(reason('userOfColour', [value('colour')]), /^"userOfColour" \(read as "findUserByColour"\): /)
    assert.match(reason('markAllAsRead', []), /does not start with find/)
    assert.match(reason('Of', []), /does not start with find/)
  })
})
