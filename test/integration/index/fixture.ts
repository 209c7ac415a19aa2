import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { stringify } from 'yaml'
import type { Client } from '@elastic/elasticsearch'
import { loadConfig } from '../../../src/core/config'
import { openIndexSession, type IndexSession } from '../../../src/index/session'
import { uniqueName } from '../../support/services'

/** A project directory with infra/elastic definitions and its own lease index, against one server; cleanup deletes every index it named. */
export class IndexProject {
  readonly prefix: string
  readonly dir: string
  readonly leaseIndex: string

  constructor(
    readonly url: string,
    prefix: string,
  ) {
    this.prefix = uniqueName(prefix)
    this.leaseIndex = `${this.prefix}_leases`
    this.dir = mkdtempSync(path.join(tmpdir(), 'infra-index-'))
    mkdirSync(path.join(this.dir, 'infra', 'elastic'), { recursive: true })
    writeFileSync(path.join(this.dir, 'infra.config.json'), JSON.stringify({ elasticsearch: { url }, index: { leaseIndex: this.leaseIndex, leaseTtl: '5s' } }))
  }

  alias(name: string): string {
    return `${this.prefix}_${name}`
  }

  define(alias: string, body: Record<string, unknown>): void {
    writeFileSync(path.join(this.dir, 'infra', 'elastic', `${alias}.yaml`), stringify(body))
  }

  async session(): Promise<IndexSession> {
    const config = await loadConfig({ cwd: this.dir, env: {} })
    return openIndexSession(config)
  }

  async cleanup(client: Client): Promise<void> {
    // by name: wildcard deletes are refused where action.destructive_requires_name is on (the 8.x+ default)
    const found = await client.indices.get({ index: `${this.prefix}*`, expand_wildcards: 'all', allow_no_indices: true, features: ['settings'] })
    const names = Object.keys(found)
    if (names.length > 0) await client.indices.delete({ index: names.join(',') })
    rmSync(this.dir, { recursive: true, force: true })
  }
}
