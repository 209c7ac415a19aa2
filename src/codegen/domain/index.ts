export { readDomain, sourceMatcher } from './read-domain'
export type { ReadDomainOptions } from './read-domain'
