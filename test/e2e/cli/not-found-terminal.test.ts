// On a terminal an unknown command first asks "Did you mean ...?" (@oclif/plugin-not-found): yes runs the suggestion,
// no ends as without a terminal (exit 4). A pseudo-terminal comes from util-linux `script`; skipped without it.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hasPseudoTerminal, runOnTerminal } from '../../support/terminal'

/** Runs `infra <typo>` on a pseudo-terminal and answers the prompt with `answer` once it shows. */
async function answerSuggestion(typo: string, answer: string): Promise<{ code: number | null; output: string }> {
  const { code, output, answered } = await runOnTerminal({ args: typo, prompt: 'Did you mean', keys: [answer] })
  assert.ok(answered, output)
  return { code, output }
}

describe('an unknown command on a terminal', { skip: hasPseudoTerminal ? false : 'util-linux `script` is not installed' }, () => {
  it('declining the suggestion exits 4 with it in the message', async () => {
    const { code, output } = await answerSuggestion('docter', 'n\r')
    assert.equal(code, 4, output)
    assert.match(output, /"docter" is not an infra command\. Did you mean "doctor"\?/)
  })

  it('accepting the suggestion runs it', async () => {
    const { code, output } = await answerSuggestion('versoin', '\r')
    assert.equal(code, 0, output)
    assert.match(output, /sequelize\s+\d+\.\d+/)
  })
})
