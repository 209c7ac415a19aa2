import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { yamlValue } from '../../../src/core/config/show'
import { formatEta } from '../../../src/core/output'

describe('progress ETA', () => {
  it('reads as seconds, minutes or hours', () => {
    assert.equal(formatEta(0.2), '1s')
    assert.equal(formatEta(42), '42s')
    assert.equal(formatEta(185), '3m05s')
    assert.equal(formatEta(3720), '1h02m')
  })
})

describe('config show values', () => {
  it('quote what YAML would misread', () => {
    assert.equal(yamlValue('{{event_type}}'), '"{{event_type}}"')
    assert.equal(yamlValue('mysql://root@127.0.0.1:3306/app'), 'mysql://root@127.0.0.1:3306/app')
    assert.equal(yamlValue(5000), '5000')
    assert.equal(yamlValue(['Repository', 'Repo']), '["Repository","Repo"]')
  })
})
