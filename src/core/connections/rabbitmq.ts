import type { ChannelModel } from 'amqplib'
import { OperationFailedError } from '../errors'
import { maskUrl } from '../mask'
import { accessDenied, asServiceError, withTimeout } from './errors'

export const RABBITMQ_SERVICE = 'RabbitMQ'
export const RABBITMQ_MANAGEMENT_SERVICE = 'RabbitMQ management API'

export interface RabbitmqTarget {
  url: string
  timeoutMs: number
  /** overrides the URL's vhost */
  vhost?: string
}

/** The URL with another vhost in its path. */
export function withVhost(url: string, vhost: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${encodeURIComponent(vhost)}`
  return parsed.toString()
}

/** An AMQP connection (amqplib's promise API). */
export async function connectRabbitmq(target: RabbitmqTarget): Promise<ChannelModel> {
  const amqp = require('amqplib') as typeof import('amqplib')
  const url = target.vhost === undefined ? target.url : withVhost(target.url, target.vhost)
  try {
    const connection = await withTimeout(amqp.connect(url, { timeout: target.timeoutMs }), target.timeoutMs + 1000, `connecting to ${RABBITMQ_SERVICE}`)
    connection.on('error', () => undefined) // a dropped connection is reported by the operation that uses it
    return connection
  } catch (error) {
    throw asServiceError(RABBITMQ_SERVICE, maskUrl(url), error)
  }
}

/** A small client of RabbitMQ's HTTP management API (fetch, basic auth from the URL, a timeout per request). */
export class RabbitmqManagement {
  readonly address: string
  private readonly base: string
  private readonly authorization?: string

  constructor(
    url: string,
    private readonly timeoutMs: number,
  ) {
    const parsed = new URL(url)
    this.address = maskUrl(url)
    if (parsed.username) {
      this.authorization = `Basic ${Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64')}`
    }
    parsed.username = ''
    parsed.password = ''
    this.base = parsed.toString().replace(/\/$/, '')
  }

  async request<T>(method: 'GET' | 'PUT' | 'DELETE' | 'POST', path: string, body?: unknown): Promise<T> {
    let response: Response
    try {
      response = await fetch(`${this.base}/api${path}`, {
        method,
        headers: { ...(this.authorization ? { authorization: this.authorization } : {}), 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      })
    } catch (error) {
      throw asServiceError(RABBITMQ_MANAGEMENT_SERVICE, this.address, (error as { cause?: unknown }).cause ?? error)
    }
    const text = await response.text()
    if (response.status === 401) throw accessDenied(RABBITMQ_MANAGEMENT_SERVICE, this.address)
    if (!response.ok) {
      throw new OperationFailedError({
        code: 'RABBITMQ_MANAGEMENT_ERROR',
        message: `${RABBITMQ_MANAGEMENT_SERVICE} at ${this.address}: ${method} ${path} answered ${response.status} ${text.slice(0, 200)}`,
        details: { status: response.status },
      })
    }
    return (text ? JSON.parse(text) : undefined) as T
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path)
  }
}
