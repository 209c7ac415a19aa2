import type { Config } from '../core/config'
import type { DomainModel } from './model'
import { planGeneration, type GenerationRun, type SchemaRequest } from './pipeline'

export { readProjectDomain } from './pipeline'

export type RepositoryRun = GenerationRun

/** `generate repository`: the generation pipeline with the repository generator. */
export function planRepositoryGeneration(
  config: Config,
  options: { ports: readonly string[]; all: boolean; force: boolean; now?: Date; model?: DomainModel; schema?: SchemaRequest },
): RepositoryRun {
  return planGeneration(config, { ...options, generators: ['repository'] })
}
