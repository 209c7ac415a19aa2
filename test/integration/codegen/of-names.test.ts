// test/fixtures/domains/of-names: finders named `<noun>Of<criteria>` (memberOfId, ofTenantAndEmail,
// allMembersOfTenant, membersOfIds) are derived as the finds they mean, against MariaDB (before: each was a stub,
// "does not start with find, get, list, count, exists or delete").
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Sequelize } from 'sequelize'
import type { Member } from '../../fixtures/domains/of-names/src/members/member'
import type { MemberRepository } from '../../fixtures/domains/of-names/src/members/member-repository'
import { REPO_ROOT } from '../../support/services'
import { compileAndMigrate, generateOnMariaDb, type GeneratedOnMariaDb, loadCompiled } from './generate-example'

interface Modules {
  Member: typeof Member
  MysqlMemberRepository: new (sequelize: Sequelize) => MemberRepository
}

describe('generate repository: <noun>Of<criteria> finders, against MariaDB', () => {
  let project: GeneratedOnMariaDb | undefined
  let m: Modules
  before(async () => {
    project = await generateOnMariaDb(path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'of-names'), 'fx_of_names')
  })
  after(async () => project?.close())

  it('derives every method with no warning, and the code compiles', async () => {
    assert.deepEqual(project!.warnings, [])
    await compileAndMigrate(project!)
    m = loadCompiled<Modules>(project!.root, ['members/member', 'infrastructure/repository/mysql-member-repository'])
  })

  it('finds by id, by email, by tenant and email, all of a tenant, the active ones, and by a list of ids', async () => {
    const repo = new m.MysqlMemberRepository(project!.sequelize)
    await repo.save(new m.Member('m-1', 't-1', 'ann@example.com', true))
    await repo.save(new m.Member('m-2', 't-1', 'bob@example.com', false))
    await repo.save(new m.Member('m-3', 't-2', 'cy@example.com', true))
    const ids = (members: Member[]) => members.map((x) => x.id).sort()
    assert.equal((await repo.memberOfId('m-2'))?.email, 'bob@example.com')
    assert.equal(await repo.memberOfId('m-9'), null)
    assert.equal((await repo.memberOfEmail('bob@example.com'))?.id, 'm-2')
    assert.equal((await repo.ofTenantAndEmail('t-2', 'cy@example.com'))?.id, 'm-3')
    assert.equal(await repo.ofTenantAndEmail('t-1', 'cy@example.com'), null)
    assert.deepEqual(ids(await repo.allMembersOfTenant('t-1')), ['m-1', 'm-2'])
    assert.deepEqual(ids(await repo.activeMembersOfTenant('t-1')), ['m-1'])
    assert.deepEqual(ids(await repo.membersOfIds(['m-1', 'm-3', 'm-9'])), ['m-1', 'm-3'])
    assert.deepEqual(await repo.membersOfIds([]), [])
  })
})
