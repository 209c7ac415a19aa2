import type { TableDefinition } from '../schema/evolve'
import type { ConfigValues } from '../../core/config/schema'
import type { Diagnostic } from '../model'

/** One file a generator wants written: rendered from `template` with `data`. */
export interface Artifact {
  /** relative to the project root, forward slashes */
  readonly path: string
  /** relative to templates/, e.g. `repository/mysql-repository.ts.hbs` */
  readonly template: string
  readonly data: Record<string, unknown>
}

import type { ModuleRef } from '../model'

/** The kinds of adapter generators export; the composition root wires each by what its constructor takes. */
export type AdapterKind = 'repository' | 'cache-decorator' | 'search' | 'indexer' | 'publisher' | 'consumer' | 'outbox-writer'

/** The connections the composition root builds (one of each kind, shared by every adapter that takes it). */
export type ConnectionKind = 'sequelize' | 'redis' | 'elasticsearch' | 'amqp-channel'

/** One constructor argument of a generated adapter, in order. */
export type AdapterArgument =
  | { readonly connection: ConnectionKind }
  /** the adapter of the same port this one decorates (a cache decorator wraps the repository) */
  | { readonly decorates: AdapterKind }

/** A class the generated code exports: for `--json` consumers, and what the composition root wires. */
export interface GeneratedExport {
  /** the class name */
  readonly name: string
  /** its file, relative to the root */
  readonly path: string
  readonly kind: AdapterKind
  /** the port it implements ('' when none, e.g. a consumer) */
  readonly implements: string
  /** where that port is declared, so the composition root types the adapter by it; null when it implements none */
  readonly portModule: ModuleRef | null
  readonly constructorArguments: readonly AdapterArgument[]
  /** a method the composition root awaits in close() before closing the connections (a consumer's stop, a publisher's drain) */
  readonly drain?: string
  /** false: the application builds it itself, so the composition root leaves it out */
  readonly wired?: false
  /**
   * a consumer factory (`name` takes `{ connection, sequelize, handler }`): the composition root starts it with the
   * application's handler of `handler` (an interface exported from `path`), in Infrastructure.consume
   */
  readonly consumes?: { readonly handler: string }
}

export interface GenerationResult {
  readonly artifacts: Artifact[]
  readonly exports: GeneratedExport[]
  readonly warnings: string[]
  /** the tables it generates; the pipeline writes their migrations (src/codegen/schema/evolve.ts) */
  readonly tables?: TableDefinition[]
  /** the reader's method warnings a stub's warning already says (the pipeline leaves them out: one warning per method) */
  readonly covers?: Diagnostic[]
  /** what stopped some selected ports (not generated) while the others were: the command exits 4 after writing */
  readonly blocked?: Diagnostic[]
}

export interface GenerateOptions {
  /** where the infrastructure layer goes, relative to the root (src/infrastructure) */
  readonly infrastructureDir: string
  readonly migrationsDir: string
  /** name of an existing migration file that creates `table`, so regeneration keeps it (see existingMigrationName in pipeline/plan-generation.ts) */
  readonly existingMigration: (table: string) => string | undefined
  /** timestamp for new migrations (YYYYMMDDHHmmss); successive tables get successive seconds */
  readonly now: Date
  /** the packages the project's package.json names (dependencies, devDependencies, peerDependencies); none when unknown */
  readonly projectDependencies?: readonly string[]
  /** whether the project has this file (relative to the root): on disk, or written earlier in this run; unknown: false */
  readonly projectHas?: (file: string) => boolean
  /** the `cache` configuration section (TTLs, prefix...): the cache decorators' defaults; absent: the section's defaults */
  readonly cache?: ConfigValues['cache']
  /** settings of the messaging generators (config `messaging`, exchange resolved); absent in runs that build none */
  readonly messaging?: MessagingOptions
  /** write semantics, schema settings and the outbox table (absent: the defaults of WriteSettings) */
  readonly writes?: WriteSettings
  /** where index definitions go, relative to the root (index.directory; default infra/elastic) */
  readonly indexDir?: string
  /** the indexer's default refresh policy (generate.search.refresh; default false) */
  readonly searchRefresh?: boolean | 'wait_for'
}

export interface MessagingOptions {
  readonly exchange: string
  readonly queuePrefix: string
  readonly prefetch: number
  readonly attempts: number
  readonly retryDelayMs: number
  readonly inboxTable: string
}

/** Per-entity settings of the generated repositories (config `generate.entities`). */
export interface EntityWriteSettings {
  readonly locking?: boolean | undefined
  readonly timestamps?: boolean | undefined
  readonly unique?: Readonly<Record<string, boolean>> | undefined
}

/** What the repository and outbox writer generators take from the config, resolved (plain data). */
export interface WriteSettings {
  readonly entities: Readonly<Record<string, EntityWriteSettings>>
  /** column type overrides by `Entity.path` or `path` */
  readonly columns: Readonly<Record<string, string>>
  readonly events: { readonly pull: string; readonly list: string; readonly clear: string; readonly nameProperty: string; readonly idProperty: string }
  /** the outbox table the writer fills: exactly what `infra outbox replay` reads */
  readonly outbox: {
    readonly kind: 'default' | 'debezium'
    readonly table: string
    readonly columns: {
      readonly id: string
      readonly messageId: string | null
      readonly aggregateType: string
      readonly aggregateId: string
      readonly eventType: string
      readonly payload: string
      readonly headers: string | null
    }
  }
}

export const DEFAULT_WRITE_SETTINGS: WriteSettings = {
  entities: {},
  columns: {},
  events: { pull: 'pullDomainEvents', list: 'domainEvents', clear: 'clearEvents', nameProperty: 'eventName', idProperty: 'eventId' },
  outbox: {
    kind: 'default',
    table: 'outbox_messages',
    columns: {
      id: 'id',
      messageId: 'message_id',
      aggregateType: 'aggregate_type',
      aggregateId: 'aggregate_id',
      eventType: 'event_type',
      payload: 'payload',
      headers: 'headers',
    },
  },
}
