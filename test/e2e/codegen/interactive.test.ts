// With a terminal and no port named, `generate repository` asks which ports to generate. A pseudo-terminal comes
// from util-linux `script`; the test is skipped where it is not installed.
import assert from 'node:assert/strict'
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { REPO_ROOT, uniqueName } from '../../support/services'
import { hasPseudoTerminal, runOnTerminal } from '../../support/terminal'

describe('infra generate repository on a terminal', () => {
  it('lets the user pick ports in a checkbox', { skip: hasPseudoTerminal ? false : 'util-linux `script` is not installed' }, async () => {
    const root = path.join(REPO_ROOT, '.infra-tmp', uniqueName('e2e_tty'))
    mkdirSync(path.dirname(root), { recursive: true })
    cpSync(path.join(REPO_ROOT, 'examples', 'shop-cjs'), root, { recursive: true })
    try {
      // every port starts checked: invert (none), check the first (OrderRepository), confirm
      const { code, output } = await runOnTerminal({ args: 'generate repository', cwd: root, prompt: 'Ports to generate', keys: ['i', ' ', '\r'] })
      assert.equal(code, 0, output)
      assert.ok(existsSync(path.join(root, 'src/infrastructure/repository/mysql-order-repository.ts')), output)
      assert.equal(existsSync(path.join(root, 'src/infrastructure/repository/mysql-user-repository.ts')), false)
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})
