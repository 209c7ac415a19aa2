import type { Client } from '@elastic/elasticsearch'
import { hostname } from 'node:os'
import { LockTimeoutError } from '../core/errors'

export interface LeaseOptions {
  /** the small internal index holding one lease document per alias */
  index: string
  /** how long a lease lasts without renewal: a killed run's lease expires after it */
  ttlMs: number
  /** how long to wait for a held lease before giving up (exit 3) */
  waitMs: number
}

interface LeaseDocument {
  holder: string
  acquired_at: string
  expires_at: number
}

export interface Lease {
  holder: string
  /** throws exit 3 when the lease expired and another run took it (checked before an irreversible step) */
  assertHeld(): Promise<void>
  /** stops renewing and deletes the lease document (only if still ours) */
  release(): Promise<void>
}

export function leaseHolder(): string {
  return `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`
}

/**
 * Takes the lease on `name`: created with op_type=create (only one run can create it); an expired one is taken over
 * with if_seq_no/if_primary_term (only one run can replace a given version). Renewed at a third of its ttl.
 * No refresh is needed: create, get by id and the if_seq_no checks are real-time.
 */
export async function acquireLease(client: Client, name: string, options: LeaseOptions): Promise<Lease> {
  await ensureLeaseIndex(client, options.index)
  const holder = leaseHolder()
  const deadline = Date.now() + options.waitMs
  for (;;) {
    const document: LeaseDocument = { holder, acquired_at: new Date().toISOString(), expires_at: Date.now() + options.ttlMs }
    let version = await tryCreate(client, options.index, name, document)
    if (!version) {
      const current = await client.get<LeaseDocument>({ index: options.index, id: name }, { ignore: [404] })
      if (current.found && current._source && current._source.expires_at < Date.now()) {
        version = await tryReplace(client, options.index, name, document, { seqNo: current._seq_no!, primaryTerm: current._primary_term! })
      }
      if (!version) {
        if (Date.now() >= deadline) {
          const held = current.found ? current._source : undefined
          throw new LockTimeoutError(
            `the index lease on "${name}" is held by ${held?.holder ?? 'another run'}${held ? ` (since ${held.acquired_at}, expires ${new Date(held.expires_at).toISOString()})` : ''}`,
            'Wait for that run to finish (or for its lease to expire if it was killed), or pass --wait to wait for it.',
            { lease: name, holder: held?.holder, index: options.index },
          )
        }
        await sleep(Math.min(500, Math.max(50, deadline - Date.now())))
        continue
      }
    }
    return startRenewal(client, name, options, holder, version)
  }
}

interface SeqVersion {
  seqNo: number
  primaryTerm: number
}

async function ensureLeaseIndex(client: Client, index: string): Promise<void> {
  if (await client.indices.exists({ index })) return
  await client.indices
    .create({
      index,
      settings: { number_of_shards: 1, auto_expand_replicas: '0-1', hidden: true },
      mappings: { dynamic: 'strict', properties: { holder: { type: 'keyword' }, acquired_at: { type: 'date' }, expires_at: { type: 'long' } } },
    })
    .catch((error: { meta?: { body?: { error?: { type?: string } } } }) => {
      if (error.meta?.body?.error?.type !== 'resource_already_exists_exception') throw error
    })
}

async function tryCreate(client: Client, index: string, id: string, document: LeaseDocument): Promise<SeqVersion | undefined> {
  try {
    const response = await client.create({ index, id, document })
    return { seqNo: response._seq_no!, primaryTerm: response._primary_term! }
  } catch (error) {
    if ((error as { meta?: { statusCode?: number } }).meta?.statusCode === 409) return undefined
    throw error
  }
}

async function tryReplace(client: Client, index: string, id: string, document: LeaseDocument, version: SeqVersion): Promise<SeqVersion | undefined> {
  try {
    const response = await client.index({ index, id, document, if_seq_no: version.seqNo, if_primary_term: version.primaryTerm })
    return { seqNo: response._seq_no!, primaryTerm: response._primary_term! }
  } catch (error) {
    if ((error as { meta?: { statusCode?: number } }).meta?.statusCode === 409) return undefined
    throw error
  }
}

function startRenewal(client: Client, name: string, options: LeaseOptions, holder: string, initial: SeqVersion): Lease {
  let version: SeqVersion | undefined = initial
  let renewing: Promise<void> = Promise.resolve()
  let released = false
  const acquiredAt = new Date().toISOString()
  const timer = setInterval(
    () => {
      const current = version
      if (!current || released) return
      renewing = tryReplace(client, options.index, name, { holder, acquired_at: acquiredAt, expires_at: Date.now() + options.ttlMs }, current)
        .then((next) => {
          // undefined: someone took it over after it expired (we were too slow); stop renewing
          version = next
        })
        .catch(() => undefined)
    },
    Math.max(1000, Math.floor(options.ttlMs / 3)),
  )
  timer.unref()
  return {
    holder,
    async assertHeld() {
      await renewing
      const current = await client.get<LeaseDocument>({ index: options.index, id: name }, { ignore: [404] })
      if (current.found && current._source?.holder === holder) return
      throw new LockTimeoutError(
        `the index lease on "${name}" was lost (not renewed in time) and is now held by ${current._source?.holder ?? 'nobody'}; nothing was switched`,
        'Raise index.leaseTtl if the cluster is slow to answer, and run setup again.',
        { lease: name, holder: current._source?.holder },
      )
    },
    async release() {
      released = true
      clearInterval(timer)
      // a renewal in flight changes the seq_no: delete with the version it leaves, or the lease stays until it expires
      await renewing
      const current = version
      version = undefined
      if (!current) return
      await client
        .delete({ index: options.index, id: name, if_seq_no: current.seqNo, if_primary_term: current.primaryTerm }, { ignore: [404, 409] })
        .catch(() => undefined)
    },
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
