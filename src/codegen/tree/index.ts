export * from './commit'
export * from './line-diff'
export * from './manifest'
export * from './tree'
