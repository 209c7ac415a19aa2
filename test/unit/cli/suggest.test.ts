import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { closestMatch, editDistance } from '../../../src/cli/suggest'

describe('closestMatch', () => {
  const ids = ['doctor', 'migrate:up', 'migrate:down', 'migrate:status', 'outbox:replay', 'config:show']

  it('counts insertions, deletions and substitutions', () => {
    assert.equal(editDistance('migrat:up', 'migrate:up'), 1)
    assert.equal(editDistance('doctro', 'doctor'), 2)
    assert.equal(editDistance('', 'abc'), 3)
  })

  it('suggests the command a typo meant', () => {
    assert.equal(closestMatch('migrat:up', ids), 'migrate:up')
    assert.equal(closestMatch('docter', ids), 'doctor')
    assert.equal(closestMatch('migrate:stauts', ids), 'migrate:status')
  })

  it('suggests nothing for a word that resembles no command', () => {
    assert.equal(closestMatch('bogus', ids), undefined)
    assert.equal(closestMatch('x', []), undefined)
  })
})
