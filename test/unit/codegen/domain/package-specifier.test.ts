// packageSpecifier: the import specifier of a package's declaration file, from its path under node_modules.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { packageSpecifier } from '../../../../src/codegen/domain/context'

describe('packageSpecifier', () => {
  it('names the package for its index, and a subpath for another file', () => {
    assert.equal(packageSpecifier('/p/node_modules/kernel/index.d.ts'), 'kernel')
    assert.equal(packageSpecifier('/p/node_modules/@acme/kernel/index.d.ts'), '@acme/kernel')
    assert.equal(packageSpecifier('/p/node_modules/@acme/kernel/money.d.ts'), '@acme/kernel/money')
    assert.equal(packageSpecifier('/p/node_modules/@acme/kernel/ids/index.d.ts'), '@acme/kernel/ids')
    assert.equal(packageSpecifier('/p/node_modules/a/node_modules/b/lib/x.d.mts'), 'b/lib/x')
  })

  it('is undefined outside node_modules', () => {
    assert.equal(packageSpecifier('/p/src/domain/money.ts'), undefined)
  })
})
