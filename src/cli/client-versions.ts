import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

/** The libraries infra talks to the services and the domain with: what `infra version` reports. */
export const CLIENT_LIBRARIES = ['sequelize', 'mysql2', 'umzug', '@elastic/elasticsearch', 'ioredis', 'amqplib', 'typescript', '@oclif/core'] as const

export interface LibraryVersion {
  name: string
  /** null when it cannot be resolved from the CLI's install */
  version: string | null
}

/** The installed version of each library, as resolved from this CLI (not from the user's project). */
export function clientVersions(names: readonly string[] = CLIENT_LIBRARIES): LibraryVersion[] {
  return names.map((name) => ({ name, version: installedVersion(name) }))
}

/** Reads the package.json above the resolved entry: some packages do not export ./package.json. */
function installedVersion(name: string): string | null {
  let entry: string
  try {
    entry = require.resolve(name)
  } catch {
    return null
  }
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json')
    if (!existsSync(file)) continue
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string }
    if (pkg.name === name) return pkg.version ?? null
  }
  return null
}
