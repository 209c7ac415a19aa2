import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { parseJson, runCli } from '../../support/services'

describe('infra outbox init writes through the generation tree (built CLI)', () => {
  it('--dry-run writes nothing and shows the file; the real run writes exactly that file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'infra-outbox-dry-'))
    try {
      const dry = await runCli(['outbox', 'init', '--dry-run'], { cwd: dir })
      assert.equal(dry.code, 0, dry.stderr)
      assert.deepEqual(readdirSync(dir), [], 'a dry run creates no file or folder')
      const header = /^\+\+\+ b\/(infra\/migrations\/\d{14}-create-outbox-messages\.sql)$/m.exec(dry.stdout)
      assert.ok(header, dry.stdout)
      assert.match(dry.stdout, /^\+CREATE TABLE IF NOT EXISTS `outbox_messages` \($/m)
      assert.match(dry.stdout, /^\+DROP TABLE IF EXISTS `outbox_messages`;$/m)

      const json = parseJson<{ status: string; file: string; dryRun?: boolean }>(await runCli(['outbox', 'init', '--dry-run', '--json'], { cwd: dir }))
      assert.equal(json.status, 'created')
      assert.equal(json.dryRun, true)
      assert.equal(existsSync(path.join(dir, 'infra')), false)

      const real = parseJson<{ status: string; file: string }>(await runCli(['outbox', 'init', '--json'], { cwd: dir }))
      assert.equal(real.status, 'created')
      const shown = dry.stdout.split('\n').filter((line) => line.startsWith('+') && !line.startsWith('+++')).map((line) => line.slice(1))
      assert.deepEqual(readFileSync(path.join(dir, real.file), 'utf8').trimEnd().split('\n'), shown)

      const again = await runCli(['outbox', 'init', '--dry-run', '--json'], { cwd: dir })
      assert.equal(parseJson<{ status: string }>(again).status, 'exists')
      assert.equal(readdirSync(path.join(dir, 'infra', 'migrations')).length, 1)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
