// One factory per service; each loads its driver only when called, so a command pays only for what it uses.
export * from './errors'
export * from './mysql'
export * from './elasticsearch'
export * from './redis'
export * from './rabbitmq'
