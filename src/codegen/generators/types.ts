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
  readonly kind: 'repository' | 'search' | 'indexer'
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
  /** where index definitions go, relative to the root (index.directory; default infra/elastic) */
  readonly indexDir?: string
  /** the indexer's default refresh policy (generate.search.refresh; default false) */
  readonly searchRefresh?: boolean | 'wait_for'
}
