/** One file a generator wants written: rendered from `template` with `data`. */
export interface Artifact {
  /** relative to the project root, forward slashes */
  readonly path: string
  /** relative to templates/, e.g. `repository/mysql-repository.ts.hbs` */
  readonly template: string
  readonly data: Record<string, unknown>
}

/** A class the generated code exports, for `--json` consumers. */
export interface GeneratedExport {
  readonly name: string
  readonly path: string
  readonly kind: 'repository'
  readonly implements: string
}

export interface GenerationResult {
  readonly artifacts: Artifact[]
  readonly exports: GeneratedExport[]
  readonly warnings: string[]
}

export interface GenerateOptions {
  /** where the infrastructure layer goes, relative to the root (src/infrastructure) */
  readonly infrastructureDir: string
  readonly migrationsDir: string
  /** name of an existing migration file that creates `table`, so regeneration keeps it (see existingMigrationName in pipeline/plan-generation.ts) */
  readonly existingMigration: (table: string) => string | undefined
  /** timestamp for new migrations (YYYYMMDDHHmmss); successive tables get successive seconds */
  readonly now: Date
  /** write semantics, schema settings and the outbox table (absent: the defaults of WriteSettings) */
  readonly writes?: WriteSettings
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
