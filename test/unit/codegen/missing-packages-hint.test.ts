// The hint of GENERATED_CODE_MISSING_DEPENDENCY names what npm can install: Node's built-in modules come with
// @types/node (found on a project without node_modules, whose hint said `npm install node:async_hooks node:crypto`).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { installable } from '../../../src/codegen/pipeline/verify'

describe('missing packages hint', () => {
  it('names @types/node for node: and bare built-in specifiers, and a package for its subpaths', () => {
    assert.deepEqual(installable(['node:async_hooks', 'node:crypto', 'sequelize']), ['@types/node', 'sequelize'])
    assert.deepEqual(installable(['crypto', 'fs/promises']), ['@types/node'])
    assert.deepEqual(installable(['@acme/kernel/money', 'lodash/fp', 'amqplib']), ['@acme/kernel', 'amqplib', 'lodash'])
  })
})
