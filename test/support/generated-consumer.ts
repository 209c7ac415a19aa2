// The view the messaging tests take of a generated consumer (templates/messaging/rabbitmq/consume.ts.hbs): the
// generated modules are loaded with require() from the compiled copy, so these types stand in for their declarations.

export type Outcome = 'handled' | 'duplicate' | 'retried' | 'dead-lettered'

/** the MessageContext fields the tests read */
export interface MessageContext {
  messageId: string
  attempt: number
  redelivered: boolean
}

export interface GeneratedConsumer {
  start(): Promise<void>
  stop(): Promise<void>
}
