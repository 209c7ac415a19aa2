import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { parseJson, runCli } from '../support/services'

// issue 8, part 5: `connectTimeout: 1500` in the config is 1500 milliseconds (it used to be read as 1500 seconds)
describe('infra doctor honours a millisecond connectTimeout from the config', () => {
  it('probes a server that accepts and never answers with the configured 1500 ms, and exits 5', async () => {
    const sockets: Socket[] = []
    const silent = createServer((socket) => void sockets.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const port = (silent.address() as { port: number }).port
    const dir = mkdtempSync(path.join(tmpdir(), 'infra-doctor-timeout-'))
    try {
      writeFileSync(path.join(dir, 'infra.config.yaml'), `connectTimeout: 1500\nredis:\n  url: redis://127.0.0.1:${port}\n`)
      const result = await runCli(['doctor', '--json', '--only', 'redis'], { cwd: dir })
      assert.equal(result.code, 5, result.stdout + result.stderr)
      const report = parseJson<{
        connectTimeoutMs: number
        healthy: boolean
        services: Array<{ key: string; reachable: boolean; error?: { message: string } }>
      }>(result)
      assert.equal(report.connectTimeoutMs, 1500)
      assert.equal(report.healthy, false)
      assert.deepEqual(
        report.services.map((s) => [s.key, s.reachable]),
        [['redis', false]],
      )
      assert.ok(sockets.length > 0, 'the probe connected to the silent server')
    } finally {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => silent.close(resolve))
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
