// Real services for integration and e2e tests, with names isolated per test run and cleaned up after.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import path from 'node:path'

export const REPO_ROOT = path.resolve(__dirname, '..', '..')
/** one id per `npm test` run (set by scripts/test.mjs), so parallel runs never share a name */
export const RUN_ID = (process.env.INFRA_TEST_RUN ?? Date.now().toString(36)).replace(/[^a-z0-9]/gi, '').toLowerCase()

export const MYSQL_SERVER_URL = process.env.INFRA_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306'
export const ELASTICSEARCH_URL = process.env.INFRA_TEST_ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200'
export const REDIS_URL = process.env.INFRA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
export const RABBITMQ_URL = process.env.INFRA_TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672'
export const RABBITMQ_MANAGEMENT_URL = process.env.INFRA_TEST_RABBITMQ_MANAGEMENT_URL ?? 'http://guest:guest@127.0.0.1:15672'

/** A lowercase name unique to this run and call: `${prefix}_${run}_${random}` (valid as a database, vhost, index or key prefix). */
export function uniqueName(prefix: string): string {
  return `${prefix}_${RUN_ID}_${randomBytes(3).toString('hex')}`.toLowerCase().slice(0, 60)
}

export interface TestDatabase {
  name: string
  /** mysql://root@127.0.0.1:3306/<name> */
  url: string
  drop(): Promise<void>
}

/** A connection to the MariaDB server with no database selected (test setup and teardown). */
function serverConnection() {
  const mysql = require('mysql2/promise') as typeof import('mysql2/promise')
  const server = new URL(MYSQL_SERVER_URL)
  return mysql.createConnection({
    host: server.hostname,
    port: Number(server.port || 3306),
    user: decodeURIComponent(server.username || 'root'),
    password: decodeURIComponent(server.password),
  })
}

/** A fresh MariaDB database for one test (or one describe block); drop() removes it. */
export async function createTestDatabase(prefix = 'infra_test'): Promise<TestDatabase> {
  const name = uniqueName(prefix)
  const connection = await serverConnection()
  await connection.query(`CREATE DATABASE \`${name}\``)
  await connection.end()
  const url = new URL(MYSQL_SERVER_URL)
  url.pathname = `/${name}`
  return {
    name,
    url: url.toString(),
    async drop() {
      const c = await serverConnection()
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``)
      await c.end()
    },
  }
}

export interface TestVhost {
  name: string
  /** amqp://guest:guest@127.0.0.1:5672/<vhost> */
  url: string
  drop(): Promise<void>
}

/** A fresh RabbitMQ vhost (guest gets full permissions); drop() deletes it with everything in it. */
export async function createTestVhost(prefix = 'infra_test'): Promise<TestVhost> {
  const name = uniqueName(prefix)
  await management('PUT', `/vhosts/${encodeURIComponent(name)}`, {})
  const user = decodeURIComponent(new URL(RABBITMQ_URL).username || 'guest')
  await management('PUT', `/permissions/${encodeURIComponent(name)}/${encodeURIComponent(user)}`, { configure: '.*', write: '.*', read: '.*' })
  const url = new URL(RABBITMQ_URL)
  url.pathname = `/${encodeURIComponent(name)}`
  return { name, url: url.toString(), drop: () => management('DELETE', `/vhosts/${encodeURIComponent(name)}`).then(() => undefined) }
}

/** A call to RabbitMQ's management API (test setup and assertions on live state). */
export async function management<T = unknown>(method: string, apiPath: string, body?: unknown): Promise<T> {
  const url = new URL(RABBITMQ_MANAGEMENT_URL)
  const auth = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')
  url.username = ''
  url.password = ''
  const response = await fetch(`${url.toString().replace(/\/$/, '')}/api${apiPath}`, {
    method,
    headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  if (!response.ok && !(method === 'DELETE' && response.status === 404)) throw new Error(`${method} ${apiPath}: ${response.status} ${text}`)
  return (text ? JSON.parse(text) : undefined) as T
}

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs the BUILT cli (bin/run.js, as `npx infra` would) with no terminal. */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'run.js'), ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr })
    })
    child.stdin.end(options.input ?? '')
  })
}

/** Parses the single JSON document a `--json` run printed on stdout (fails loudly otherwise). */
export function parseJson<T = Record<string, unknown>>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${result.code}):\n${result.stdout}\n--- stderr:\n${result.stderr}`)
  }
}

/** The Elasticsearch 8.19 server scripts/services starts on 9201; the index tests also run there (set the variable empty to skip it). */
export const ELASTICSEARCH_8_URL = process.env.INFRA_TEST_ELASTICSEARCH_8_URL ?? 'http://127.0.0.1:9201'

/** Every Elasticsearch server the index tests run against: 9.x always, 8.x when INFRA_TEST_ELASTICSEARCH_8_URL is set. */
export function elasticsearchServers(): Array<{ name: string; url: string }> {
  return [{ name: '9.x', url: ELASTICSEARCH_URL }, ...(ELASTICSEARCH_8_URL ? [{ name: '8.x', url: ELASTICSEARCH_8_URL }] : [])]
}
