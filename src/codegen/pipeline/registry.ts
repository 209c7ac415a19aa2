import { cacheGenerator } from '../generators/cache/generator'
import { compositionGenerator } from '../generators/composition/generator'
import { consumerGenerator } from '../generators/messaging/consumer-generator'
import { publisherGenerator } from '../generators/messaging/publisher-generator'
import { repositoryGenerator } from '../generators/repository/generator'
import { searchGenerator } from '../generators/search/generator'
import type { Generator } from './generator'

/** Every generator, by name. A new adapter kind is one entry here (plus its folder, templates and command). */
export const GENERATORS = {
  repository: repositoryGenerator,
  cache: cacheGenerator,
  composition: compositionGenerator,
  publisher: publisherGenerator,
  consumer: consumerGenerator,
  search: searchGenerator,
} as const satisfies Record<string, Generator>

export type GeneratorName = keyof typeof GENERATORS
