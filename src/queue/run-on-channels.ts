// Many AMQP operations at once: each of a few channels gets a share and issues them without awaiting each one (amqplib
// queues the methods of a channel and sends the next when the reply comes). A refused operation closes only its
// channel: it is recorded as failed and what was queued behind it is issued again on a new channel.
import type { Channel, ChannelModel } from 'amqplib'

export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown }

export interface RunOptions {
  /** channels used side by side (the broker serves each channel in its own process) */
  channels?: number
  /** called after each operation that succeeded (progress) */
  onDone?: () => void
}

export async function runOnChannels<T, R>(
  connection: ChannelModel,
  items: readonly T[],
  operation: (channel: Channel, item: T) => Promise<R>,
  options: RunOptions = {},
): Promise<Outcome<R>[]> {
  const results: Outcome<R>[] = new Array(items.length)
  if (items.length === 0) return results
  const channels = Math.max(1, Math.min(options.channels ?? 8, Math.ceil(items.length / 50)))
  const shares: number[][] = Array.from({ length: channels }, () => [])
  items.forEach((_, i) => shares[i % channels]!.push(i))
  await Promise.all(shares.map((share) => runShare(connection, share, (channel, i) => operation(channel, items[i]!), results, options.onDone)))
  return results
}

async function runShare<R>(
  connection: ChannelModel,
  indexes: number[],
  operation: (channel: Channel, index: number) => Promise<R>,
  results: Outcome<R>[],
  onDone?: () => void,
): Promise<void> {
  let pending = indexes
  while (pending.length > 0) {
    const channel = await connection.createChannel()
    let closeError: unknown
    channel.on('error', (error: unknown) => (closeError = error))
    const settled = await Promise.allSettled(
      pending.map((i) =>
        operation(channel, i).then((value) => {
          onDone?.()
          return value
        }),
      ),
    )
    // the broker's reason arrives as the channel's error event, just after the pending methods were rejected
    if (settled.some((s) => s.status === 'rejected') && closeError === undefined) await new Promise((resolve) => setTimeout(resolve, 20))
    const retry: number[] = []
    let culprit = false
    settled.forEach((s, position) => {
      const index = pending[position]!
      if (s.status === 'fulfilled') results[index] = { ok: true, value: s.value }
      else if (!culprit) {
        // methods go out one at a time: the first refusal is the one the broker closed the channel for
        culprit = true
        results[index] = { ok: false, error: closeError ?? s.reason }
      } else retry.push(index)
    })
    if (!culprit) await channel.close().catch(() => undefined)
    pending = retry
  }
}
