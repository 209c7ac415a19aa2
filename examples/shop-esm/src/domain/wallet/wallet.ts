/** A single-value value object, stored as one column. */
export class Email {
  private constructor(readonly value: string) {}

  static of(value: string): Email {
    if (!value.includes('@')) throw new Error(`invalid email: ${value}`)
    return new Email(value.toLowerCase())
  }
}

/** An id that is a plain alias of string. */
export type WalletId = string

export type Currency = 'EUR' | 'USD'

/** An entity declared as a type alias. */
export type Wallet = {
  readonly id: WalletId
  owner: Email
  balance: bigint
  currency: Currency
  frozen: boolean
  limits: number[]
  openedAt: Date
  closedAt?: Date | undefined
  labels: Record<string, string>
}
