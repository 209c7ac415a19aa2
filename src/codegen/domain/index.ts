export { readDomain, sourceMatcher, DEFAULT_PORT_SUFFIXES } from './read-domain'
export type { ReadDomainOptions } from './read-domain'
