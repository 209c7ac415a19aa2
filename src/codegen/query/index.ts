export * from './derive-query'
export * from './types'
