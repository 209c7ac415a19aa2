// Stops and starts the machine's real services for the disruptive suite (test/disruptive/, run last and alone).
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { REPO_ROOT } from './services'

/** Starts whatever is not running and waits until every service answers (scripts/services up). */
export function servicesUp(): void {
  execFileSync(path.join(REPO_ROOT, 'scripts', 'services'), ['up'], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 })
}

/** Stops the whole RabbitMQ node (not just the app): every connection drops, durable queues and persistent messages stay. */
export function stopRabbitmq(): void {
  execFileSync('rabbitmqctl', ['-q', 'stop'], { stdio: 'ignore', timeout: 120_000 })
}

/** Stops Redis at once, without saving. */
export function stopRedis(): void {
  execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', '6379', 'shutdown', 'nosave'], { stdio: 'ignore', timeout: 30_000 })
}
