import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Errors, Flags, Parser } from '@oclif/core'
import { toInfraError, usageError } from '../../../src/cli/to-infra-error'
import { ExitCode, InfraError } from '../../../src/core/errors'

async function parseError(argv: string[]): Promise<unknown> {
  try {
    await Parser.parse(argv, { flags: { step: Flags.integer({ min: 1 }), to: Flags.string() }, strict: true })
  } catch (error) {
    return error
  }
  throw new Error('expected the parser to fail')
}

describe('toInfraError', () => {
  it('keeps the whole text of a flag that does not parse, as one sentence', async () => {
    const error = usageError(await parseError(['--step', 'abc']))
    assert.equal(error.code, 'USAGE')
    assert.equal(error.exitCode, ExitCode.InvalidInput)
    assert.equal(error.message, 'Parsing --step: Expected an integer but received: abc')
  })

  it('recognises oclif parse errors by their type (an unknown flag)', async () => {
    const raw = await parseError(['--no-such'])
    assert.ok(raw instanceof Errors.CLIError)
    const error = toInfraError(raw)
    assert.equal(error.exitCode, ExitCode.InvalidInput)
    assert.match(error.message, /Nonexistent flag: --no-such/)
    assert.doesNotMatch(error.message, /See more help/)
  })

  it('makes a cancelled prompt an interruption (130)', () => {
    const cancelled = Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' })
    assert.equal(toInfraError(cancelled).exitCode, ExitCode.Interrupted)
  })

  it('leaves an InfraError as it is and makes anything else UNEXPECTED (1)', () => {
    const expected = new InfraError({ code: 'LOCK_TIMEOUT', message: 'x', exitCode: ExitCode.Locked })
    assert.equal(toInfraError(expected), expected)
    assert.equal(toInfraError(new TypeError('boom')).code, 'UNEXPECTED')
  })
})
