import { existsSync } from 'node:fs'
import path from 'node:path'
import type { Config } from '../core/config'
import { InvalidInputError } from '../core/errors'
import { cachePrerequisites } from './generators/cache/cache-generator'
import type { DomainModel } from './model'
import { planGeneration, readProjectDomain, type GenerationRun } from './pipeline'
import { selectFromModel } from './pipeline/select'
import { cacheGenerator } from './generators/cache/generator'

/**
 * `generate cache`: the generation pipeline with the cache generator, after checking that what the decorators import
 * exists (the generated mappers and transaction context): a missing one is invalid input naming the command that writes it.
 */
export function planCacheGeneration(config: Config, options: { ports: readonly string[]; all: boolean; force: boolean; model?: DomainModel }): GenerationRun {
  const model = options.model ?? readProjectDomain(config)
  const selection = selectFromModel(model, cacheGenerator.selects, options)
  const dir = path.relative(config.root, path.resolve(config.root, config.generate.infrastructureDir)).split(path.sep).join('/')
  const missing = cachePrerequisites(model, selection.ports, dir).filter((p) => !existsSync(path.join(config.root, p.path)))
  if (missing.length > 0) {
    throw new InvalidInputError({
      code: 'CACHE_NEEDS_REPOSITORY',
      message: `the cache decorators read values through generated code that does not exist yet: ${missing.map((m) => m.path).join(', ')}`,
      hint: [...new Set(missing.map((m) => m.writtenBy))].map((command) => `Run \`${command}\` first.`).join(' '),
      details: { missing },
    })
  }
  return planGeneration(config, { ...options, model, generators: ['cache'] })
}
