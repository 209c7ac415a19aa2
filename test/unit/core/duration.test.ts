import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseDuration } from '../../../src/core/duration'
import { ExitCode, InfraError } from '../../../src/core/errors'

describe('parseDuration', () => {
  it('reads units and compound durations', () => {
    assert.equal(parseDuration('250ms'), 250)
    assert.equal(parseDuration('90s'), 90_000)
    assert.equal(parseDuration('1h30m'), 5_400_000)
    assert.equal(parseDuration('7d'), 604_800_000)
    assert.equal(parseDuration('2'), 2000)
  })
  it('rejects text that is not a duration with exit 4', () => {
    assert.throws(
      () => parseDuration('soon', '--wait'),
      (error: unknown) => error instanceof InfraError && error.exitCode === ExitCode.InvalidInput && /--wait/.test(error.message),
    )
    assert.throws(() => parseDuration('5x'), InfraError)
  })
})
