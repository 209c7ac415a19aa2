export * from './load'
export * from './schema'
export { maskedConfig } from './show'
