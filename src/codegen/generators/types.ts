import type { Diagnostic } from '../model'

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
}
