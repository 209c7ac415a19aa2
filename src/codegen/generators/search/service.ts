import type { Config } from '../../../core/config'
import type { DomainModel } from '../../model'
import { planGeneration, type GenerationRun } from '../../pipeline'

/** `generate search`: the generation pipeline with the search generator. */
export function planSearchGeneration(
  config: Config,
  options: { ports: readonly string[]; all: boolean; force: boolean; now?: Date; model?: DomainModel },
): GenerationRun {
  return planGeneration(config, { ...options, generators: ['search'] })
}
