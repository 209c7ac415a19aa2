// A local Redis Cluster for tests: three (or more) masters, no replicas, each a redis-server of our own on spare
// ports in a temp dir. Never touches the machine's Redis on 6379. Self-contained: needs only redis-server and redis-cli.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'

export interface RedisClusterNode {
  port: number
  /** redis://127.0.0.1:<port> */
  url: string
  /** false once stopNode() stopped it (or it died) */
  running: boolean
}

export interface RedisCluster {
  /** redis://127.0.0.1:<port> of every master: pass these as seeds to a cluster client */
  seeds: string[]
  nodes: RedisClusterNode[]
  /** Kills one master at once (SIGKILL, like a crash): the cluster stays without it until stop(). */
  stopNode(index: number): Promise<void>
  /** Stops every node still running and removes the temp dir (idempotent). */
  stop(): Promise<void>
}

export interface RedisClusterOptions {
  /** number of masters (at least 3, what redis-cli --cluster create requires); default 3 */
  masters?: number
  /** cluster-node-timeout in ms: how fast a dead node is noticed; default 2000 */
  nodeTimeoutMs?: number
  /** how long to wait for cluster_state:ok; default 60 s */
  readyTimeoutMs?: number
}

const HOST = '127.0.0.1'
// the cluster bus listens on port + 10000, so client ports stay below 55535
const LOWEST_PORT = 21000
const HIGHEST_PORT = 40000
const BUS_OFFSET = 10000
const STARTS_TRIED = 5

const running = new Set<ChildProcess>()
let exitHookInstalled = false

/** Starts a fresh cluster and waits until every node reports cluster_state:ok. */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisCluster> {
  const masters = options.masters ?? 3
  if (masters < 3) throw new Error(`a Redis Cluster needs at least 3 masters (asked for ${masters})`)
  installExitHook()
  const dir = mkdtempSync(path.join(os.tmpdir(), 'infra-redis-cluster-'))
  const processes: ChildProcess[] = []
  const nodes: RedisClusterNode[] = []
  let stopped = false

  const stop = async (): Promise<void> => {
    if (stopped) return
    stopped = true
    await Promise.all(processes.map((child) => killAndWait(child)))
    for (const node of nodes) node.running = false
    rmSync(dir, { recursive: true, force: true })
  }

  try {
    for (let index = 0; index < masters; index++) {
      const { port, child } = await startNode({ dir, index, nodeTimeoutMs: options.nodeTimeoutMs ?? 2000, taken: nodes.map((n) => n.port) })
      processes.push(child)
      const node: RedisClusterNode = { port, url: `redis://${HOST}:${port}`, running: true }
      child.once('exit', () => (node.running = false))
      nodes.push(node)
    }
    await redisCli(['--cluster', 'create', ...nodes.map((n) => `${HOST}:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'], 60_000)
    await waitForClusterOk(nodes, options.readyTimeoutMs ?? 60_000)
  } catch (error) {
    await stop()
    throw error
  }

  return {
    seeds: nodes.map((n) => n.url),
    nodes,
    async stopNode(index: number) {
      const child = processes[index]
      const node = nodes[index]
      if (!child || !node) throw new Error(`no cluster node ${index} (the cluster has ${nodes.length})`)
      await killAndWait(child)
      node.running = false
    },
    stop,
  }
}

interface StartNodeOptions {
  dir: string
  index: number
  nodeTimeoutMs: number
  taken: number[]
}

/** Starts one cluster-enabled redis-server on a free port pair (client + bus), retrying when another process wins the port. */
async function startNode(options: StartNodeOptions): Promise<{ port: number; child: ChildProcess }> {
  let lastError: unknown
  for (let attempt = 0; attempt < STARTS_TRIED; attempt++) {
    const port = await freePortPair(options.taken)
    const nodeDir = path.join(options.dir, `node-${options.index}-${port}`)
    mkdirSync(nodeDir, { recursive: true })
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        HOST,
        '--protected-mode',
        'no',
        '--dir',
        nodeDir,
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        'nodes.conf',
        '--cluster-node-timeout',
        String(options.nodeTimeoutMs),
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
        '--logfile',
        path.join(nodeDir, 'redis.log'),
      ],
      { stdio: 'ignore' },
    )
    running.add(child)
    child.once('exit', () => running.delete(child))
    try {
      await waitForPing(port, child, 15_000)
      return { port, child }
    } catch (error) {
      lastError = error
      await killAndWait(child)
    }
  }
  throw new Error(`could not start a cluster redis-server after ${STARTS_TRIED} attempts: ${String(lastError)}`)
}

/** A random port whose port + 10000 (the cluster bus) is free too. */
async function freePortPair(taken: number[]): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = LOWEST_PORT + Math.floor(Math.random() * (HIGHEST_PORT - LOWEST_PORT))
    if (taken.includes(port)) continue
    if ((await portFree(port)) && (await portFree(port + BUS_OFFSET))) return port
  }
  throw new Error('no free port pair found for a cluster node')
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, HOST, () => server.close(() => resolve(true)))
  })
}

async function waitForPing(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`redis-server on port ${port} exited (${child.exitCode ?? child.signalCode})`)
    const reply = await redisCli(['-h', HOST, '-p', String(port), 'ping'], 5_000).catch(() => '')
    if (reply.trim() === 'PONG') return
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`)
    await sleep(100)
  }
}

/** Every node must agree: all 16384 slots assigned and cluster_state:ok. */
async function waitForClusterOk(nodes: RedisClusterNode[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const infos = await Promise.all(nodes.map((n) => redisCli(['-h', HOST, '-p', String(n.port), 'cluster', 'info'], 5_000).catch(() => '')))
    const ready = infos.every(
      (info) => /cluster_state:ok/.test(info) && /cluster_slots_ok:16384/.test(info) && new RegExp(`cluster_known_nodes:${nodes.length}\\b`).test(info),
    )
    if (ready) return
    if (Date.now() > deadline) throw new Error(`the test cluster did not reach cluster_state:ok within ${timeoutMs} ms:\n${infos.join('\n---\n')}`)
    await sleep(200)
  }
}

function redisCli(args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('redis-cli', args, { timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) reject(new Error(`redis-cli ${args.join(' ')}: ${error.message}\n${stderr}`))
      else resolve(stdout)
    })
  })
}

function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGKILL')
  })
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** A test process that dies without calling stop() must not leave servers behind. */
function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL')
  })
}
