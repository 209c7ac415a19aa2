import type { Client } from '@elastic/elasticsearch'
import { InvalidInputError, OperationFailedError } from '../core/errors'
import { aliasHolders } from './live-state'
import { versionOf } from './plan'

export interface RollbackReport {
  alias: string
  from: string
  to: string
}

/** Points `alias` back at the newest older version (one _aliases call) and lifts the write block setup left on it. */
export async function rollbackAlias(client: Client, alias: string): Promise<RollbackReport> {
  const holders = await aliasHolders(client, alias)
  const current = holders.find((h) => h.isWriteIndex)?.index ?? holders[0]?.index
  if (!current)
    throw new InvalidInputError({
      code: 'INDEX_ALIAS_UNKNOWN',
      message: `no alias "${alias}" exists on the cluster`,
      hint: 'See `infra index status` for the managed aliases.',
    })
  const currentVersion = versionOf(alias, current) ?? 0
  const older = (await versionedIndices(client, alias)).filter((v) => v.version < currentVersion).sort((a, b) => b.version - a.version)[0]
  if (!older) {
    throw new OperationFailedError({
      code: 'INDEX_NO_PREVIOUS',
      message: `"${alias}" points to ${current} and no older ${alias}-v<N> index is left to roll back to`,
      hint: 'Old indices are kept until `infra index prune` or `setup --delete-old`.',
    })
  }
  await client.indices.putSettings({ index: older.index, settings: { 'index.blocks.write': null } as never })
  const extra = Object.keys((await client.indices.getAlias({ index: current }))[current]?.aliases ?? {}).filter((name) => name !== alias)
  await client.indices.updateAliases({
    actions: [
      { remove: { index: current, alias } },
      { add: { index: older.index, alias, is_write_index: true } },
      ...extra.flatMap((name) => [{ remove: { index: current, alias: name } }, { add: { index: older.index, alias: name } }]),
    ] as never,
  })
  return { alias, from: current, to: older.index }
}

export interface PruneReport {
  alias: string
  deleted: string[]
  kept: string
}

/** Deletes the `<alias>-v<N>` indices the alias no longer points to. */
export async function pruneAlias(client: Client, alias: string, options: { dryRun: boolean }): Promise<PruneReport> {
  const holders = new Set((await aliasHolders(client, alias)).map((h) => h.index))
  if (holders.size === 0)
    throw new InvalidInputError({
      code: 'INDEX_ALIAS_UNKNOWN',
      message: `no alias "${alias}" exists on the cluster`,
      hint: 'Prune only removes old versions of an existing alias.',
    })
  const old = (await versionedIndices(client, alias)).filter((v) => !holders.has(v.index)).map((v) => v.index)
  if (!options.dryRun && old.length > 0) await client.indices.delete({ index: old.join(',') })
  return { alias, deleted: old, kept: [...holders].join(',') }
}

async function versionedIndices(client: Client, alias: string): Promise<Array<{ index: string; version: number }>> {
  const found = await client.indices.get({
    index: `${alias}-v*`,
    expand_wildcards: 'all',
    ignore_unavailable: true,
    allow_no_indices: true,
    features: ['settings'],
  })
  return Object.keys(found)
    .map((index) => ({ index, version: versionOf(alias, index) }))
    .filter((v): v is { index: string; version: number } => v.version !== undefined)
}
