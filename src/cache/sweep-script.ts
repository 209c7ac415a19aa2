import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'

/**
 * One sweep step run inside the server: SCAN batches with MATCH and COUNT, keep the keys under the prefix and UNLINK
 * them there, batch after batch until `budgetMs` of server time is used (then the server serves others before the next
 * step). No key name crosses the network (the client gets back the cursor, two counts and a sample), and one step
 * replaces many round trips, each of which costs two wake-ups on a busy machine.
 * On a cluster the keys of one batch may hash to several slots, so each is unlinked on its own there.
 */
const SCRIPT = `
local cursor, head, dry, perKey = ARGV[1], ARGV[4], ARGV[5] == '1', ARGV[7] == '1'
local room = tonumber(ARGV[6])
local budget = tonumber(ARGV[8])
local function now()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local started = now()
local matchedTotal, deleted, sample = 0, 0, {}
-- an error (a cluster going down mid-step) ends the step with what was done so far: a script's effects are not rolled back
local function failed(reply) return type(reply) == 'table' and reply.err ~= nil end
repeat
  local reply = redis.pcall('SCAN', cursor, 'MATCH', ARGV[2], 'COUNT', ARGV[3])
  if failed(reply) then return {cursor, matchedTotal, deleted, sample, reply.err} end
  local batchStart = cursor
  cursor = reply[1]
  local matched = {}
  for _, key in ipairs(reply[2]) do
    if string.sub(key, 1, #head) == head then matched[#matched + 1] = key end
  end
  matchedTotal = matchedTotal + #matched
  for i = 1, #matched do
    if #sample >= room then break end
    sample[#sample + 1] = matched[i]
  end
  if not dry then
    local step = perKey and 1 or 500
    for i = 1, #matched, step do
      local n = redis.pcall('UNLINK', unpack(matched, i, math.min(i + step - 1, #matched)))
      -- resume at this batch's start: scanning it again is harmless, its removed keys are simply gone
      if failed(n) then return {batchStart, matchedTotal, deleted, sample, n.err} end
      deleted = deleted + n
    end
  end
until cursor == '0' or now() - started >= budget
return {cursor, matchedTotal, deleted, sample}
`
const SHA = createHash('sha1').update(SCRIPT).digest('hex')

export interface SweepStepInput {
  cursor: string
  pattern: string
  count: number
  /** only keys starting with `{<prefix>:` are touched */
  prefix: string
  dryRun: boolean
  /** matched key names to send back */
  sampleSize: number
  cluster: boolean
  /** keep scanning batches inside the step until this much server time is used (the longest the server is held) */
  budgetMs: number
}

export interface SweepStepResult {
  /** where the next step starts; after an error, where to resume */
  cursor: string
  matched: number
  deleted: number
  sample: string[]
  /** the server's error that ended the step early (what was done before it is counted above) */
  error?: string
}

/** Runs one step (EVALSHA; the script is sent once per connection when the server does not have it yet). */
export async function sweepStep(node: Redis, input: SweepStepInput): Promise<SweepStepResult> {
  const args = [
    input.cursor,
    input.pattern,
    String(input.count),
    `{${input.prefix}:`,
    input.dryRun ? '1' : '0',
    String(Math.min(input.sampleSize, Number.MAX_SAFE_INTEGER)),
    input.cluster ? '1' : '0',
    String(Math.round(input.budgetMs * 1000)),
  ]
  let reply: unknown
  try {
    reply = await node.evalsha(SHA, 0, ...args)
  } catch (error) {
    if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error
    reply = await node.eval(SCRIPT, 0, ...args)
  }
  const [cursor, matched, deleted, sample, error] = reply as [string, number, number, string[], string?]
  return { cursor: String(cursor), matched: Number(matched), deleted: Number(deleted), sample, ...(error === undefined ? {} : { error }) }
}

/** True when the server refuses scripts (ACL without EVAL, a managed Redis with scripting off): sweep from the client then. */
export function isScriptRefused(error: unknown): boolean {
  return error instanceof Error && error.name === 'ReplyError' && /NOPERM|unknown command|not allowed|disabled|NOSCRIPT/i.test(error.message)
}
