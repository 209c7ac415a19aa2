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

/** A small client of RabbitMQ's HTTP management API (basic auth from the URL, a deadline per request). */
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
    let response: { status: number; text: string }
    try {
      response = await this.send(method, `${this.base}/api${path}`, body === undefined ? undefined : JSON.stringify(body))
    } catch (error) {
      throw asServiceError(RABBITMQ_MANAGEMENT_SERVICE, this.address, error)
    }
    const { status, text } = response
    if (status === 401) throw accessDenied(RABBITMQ_MANAGEMENT_SERVICE, this.address)
    if (status < 200 || status >= 300) {
      throw new OperationFailedError({
        code: 'RABBITMQ_MANAGEMENT_ERROR',
        message: `${RABBITMQ_MANAGEMENT_SERVICE} at ${this.address}: ${method} ${path} answered ${status} ${text.slice(0, 200)}`,
        details: { status },
      })
    }
    return (text ? JSON.parse(text) : undefined) as T
  }

  /**
   * One request over node:http(s), with a deadline for the whole exchange. Not fetch: its first use loads undici, about
   * 50 ms of CPU that every `infra queue` command would pay before its first request.
   */
  private send(method: string, url: string, body: string | undefined): Promise<{ status: number; text: string }> {
    const target = new URL(url)
    const transport = (target.protocol === 'https:' ? require('node:https') : require('node:http')) as typeof import('node:http')
    return new Promise((resolve, reject) => {
      const request = transport.request(
        target,
        {
          method,
          headers: {
            ...(this.authorization ? { authorization: this.authorization } : {}),
            'content-type': 'application/json',
            ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }),
          },
        },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (chunk: Buffer) => chunks.push(chunk))
          response.on('error', reject)
          response.on('end', () => {
            clearTimeout(deadline)
            resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') })
          })
        },
      )
      const deadline = setTimeout(
        () => request.destroy(Object.assign(new Error(`${method} ${target.pathname} timed out after ${this.timeoutMs}ms`), { code: 'ETIMEDOUT' })),
        this.timeoutMs,
      )
      request.on('error', (error) => {
        clearTimeout(deadline)
        reject(error)
      })
      request.end(body)
    })
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path)
  }
}
