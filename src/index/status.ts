import type { Client } from '@elastic/elasticsearch'
import { readLiveIndex } from './live-state'
import { planAll } from './plan'
import { readLiveTemplate } from './live-state'
import type { IndexSession } from './session'

export interface AliasStatus {
  alias: string
  file: string
  /** the index the alias points to, undefined when not created yet */
  index?: string
  documents?: number
  health?: string
  /** older versions kept for rollback */
  previous: string[]
  /** what setup would do */
  pending: string
  reasons: string[]
}

export interface StatusReport {
  aliases: AliasStatus[]
  templates: Array<{ kind: string; name: string; pending: string }>
  /** definitions not yet applied (anything but unchanged) */
  pending: number
}

export async function indexStatus(session: IndexSession): Promise<StatusReport> {
  const { client, definitions } = session
  const live = {
    indices: await Promise.all(definitions.indices.map((d) => readLiveIndex(client, d.alias))),
    templates: await Promise.all(definitions.templates.map((d) => readLiveTemplate(client, d))),
  }
  const plan = planAll(definitions, live)
  const aliases: AliasStatus[] = []
  for (const entry of plan.indices) {
    const state = live.indices.find((l) => l.alias === entry.alias)!
    const status: AliasStatus = { alias: entry.alias, file: entry.file, index: state.index, previous: [], pending: entry.action, reasons: entry.reasons }
    if (state.index) Object.assign(status, await indexFacts(client, state.index))
    status.previous = state.versions
      .map((v) => `${entry.alias}-v${v}`)
      .filter((name) => name !== state.index)
      .sort()
    aliases.push(status)
  }
  return { aliases, templates: plan.templates.map((t) => ({ kind: t.kind, name: t.name, pending: t.action })), pending: plan.changes }
}

async function indexFacts(client: Client, index: string): Promise<{ documents: number; health: string }> {
  const [count, health] = await Promise.all([client.count({ index }), client.cluster.health({ index, level: 'cluster' })])
  return { documents: Number(count.count), health: String(health.status) }
}
