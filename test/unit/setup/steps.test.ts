import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { loadConfig } from '../../../src/core/config'
import type { PlanItem, QueuePlan } from '../../../src/queue/planner'
import { pendingQueueChanges } from '../../../src/setup/run-step'
import { hasDesiredState, selectSteps } from '../../../src/setup/steps'

describe('setup steps', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'infra-setup-steps-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('--only and --skip keep the fixed order migrate, index, queue', () => {
    assert.deepEqual(selectSteps({}), ['migrate', 'index', 'queue'])
    assert.deepEqual(selectSteps({ only: ['queue', 'migrate'] }), ['migrate', 'queue'])
    assert.deepEqual(selectSteps({ skip: ['index'] }), ['migrate', 'queue'])
    assert.deepEqual(selectSteps({ only: ['index'], skip: ['index'] }), [])
  })

  it('a step has a desired state when its folder holds a visible file, or its topology file exists', async () => {
    const config = await loadConfig({ cwd: dir, env: {} })
    assert.equal(hasDesiredState(config, 'migrate'), false)
    mkdirSync(path.join(dir, 'infra', 'migrations'), { recursive: true })
    writeFileSync(path.join(dir, 'infra', 'migrations', '.gitkeep'), '')
    assert.equal(hasDesiredState(config, 'migrate'), false, 'only a .gitkeep')
    writeFileSync(path.join(dir, 'infra', 'migrations', '20261201000000-a.sql'), '-- +infra up\nSELECT 1;\n')
    assert.equal(hasDesiredState(config, 'migrate'), true)
    assert.equal(hasDesiredState(config, 'queue'), false)
    mkdirSync(path.join(dir, 'infra', 'rabbitmq'), { recursive: true })
    writeFileSync(path.join(dir, 'infra', 'rabbitmq', 'topology.yaml'), 'exchanges: []\n')
    assert.equal(hasDesiredState(config, 'queue'), true)
  })

  it('entities on the broker that are not in the file are no change for setup (it never prunes)', () => {
    const item = (action: PlanItem['action']) => ({ kind: 'queue', vhost: '/', name: action, action }) as PlanItem
    const plan = { items: [item('unchanged'), item('not-in-file'), item('create'), item('conflict')] } as QueuePlan
    assert.equal(pendingQueueChanges(plan), 2)
  })
})
