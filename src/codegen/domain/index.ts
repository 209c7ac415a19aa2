export { readDomain, readDomainFromProgram, sourceMatcher } from './read-domain'
export type { ReadDomainOptions } from './read-domain'
export { loadProgram, type LoadedProgram } from './program'
export { checkDomainSources } from './source-errors'
