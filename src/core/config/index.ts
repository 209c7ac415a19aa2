export * from './load'
export * from './schema'
export { maskedConfig, yamlValue } from './show'
