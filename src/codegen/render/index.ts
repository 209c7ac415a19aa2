export * from './render'
