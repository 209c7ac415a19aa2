import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { loadTopology } from '../../../src/queue/load-topology'
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
      assert.deepEqual(readFileSync(path.join(dir, real.file), 'utf8').trimEnd().split('\n'), addedLines(dry.stdout, header[1]!))
      assert.deepEqual(
        readFileSync(path.join(dir, 'infra/rabbitmq/topology.yaml'), 'utf8').trimEnd().split('\n'),
        addedLines(dry.stdout, 'infra/rabbitmq/topology.yaml'),
      )

      const again = await runCli(['outbox', 'init', '--dry-run', '--json'], { cwd: dir })
      const second = parseJson<{ status: string; topology: { status: string } }>(again)
      assert.equal(second.status, 'exists')
      assert.equal(second.topology.status, 'exists')
      assert.equal(readdirSync(path.join(dir, 'infra', 'migrations')).length, 1)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('adds the outbox exchange to an existing topology file, keeping what is there', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'infra-outbox-topology-'))
    try {
      mkdirSync(path.join(dir, 'infra', 'rabbitmq'), { recursive: true })
      const file = path.join(dir, 'infra', 'rabbitmq', 'topology.yaml')
      writeFileSync(file, '# our broker\nexchanges:\n  - name: billing # payments\n    type: direct\n')
      const run = parseJson<{ topology: { status: string; exchange: string } }>(await runCli(['outbox', 'init', '--json'], { cwd: dir }))
      assert.deepEqual(run.topology, { status: 'added', file: 'infra/rabbitmq/topology.yaml', exchange: 'domain-events' })
      const text = readFileSync(file, 'utf8')
      assert.match(text, /^# our broker$/m)
      assert.match(text, /name: billing # payments/)
      assert.match(text, /name: domain-events\n\s+type: topic/)
      const topology = loadTopology({ file, defaultVhost: '/' })
      assert.deepEqual(
        topology.exchanges.map((e) => [e.name, e.type]),
        [
          ['billing', 'direct'],
          ['domain-events', 'topic'],
        ],
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('infra outbox init with a definitions export as the topology (built CLI)', () => {
  it('leaves the export untouched and says what to add', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'infra-outbox-definitions-'))
    try {
      writeFileSync(path.join(dir, 'infra.config.yaml'), 'queue:\n  file: infra/rabbitmq/definitions.json\n')
      mkdirSync(path.join(dir, 'infra', 'rabbitmq'), { recursive: true })
      const file = path.join(dir, 'infra', 'rabbitmq', 'definitions.json')
      const text = '{"exchanges": [], "queues": [], "bindings": []}\n'
      writeFileSync(file, text)
      const run = await runCli(['outbox', 'init', '--json'], { cwd: dir })
      assert.equal(run.code, 0, run.stderr)
      assert.equal(parseJson<{ topology: { status: string } }>(run).topology.status, 'skipped')
      assert.equal(readFileSync(file, 'utf8'), text)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

/** The lines a unified diff adds to `file`. */
function addedLines(diff: string, file: string): string[] {
  const lines = diff.split('\n')
  const start = lines.indexOf(`+++ b/${file}`)
  assert.ok(start >= 0, `no diff of ${file} in:\n${diff}`)
  const added: string[] = []
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('--- ') || line.startsWith('+++ ')) break
    if (line.startsWith('+')) added.push(line.slice(1))
  }
  return added
}
