import type { Brand } from '../shared/brand.js'

export type UserId = Brand<string, 'UserId'>

export enum UserStatus {
  Active = 'active',
  Suspended = 'suspended',
  Closed = 'closed',
}

export type Role = 'admin' | 'member' | 'guest'

/** A postal address, stored in address_* columns. */
export interface Address {
  street: string
  city: string
  zip: string | null
}

/** A user: a plain interface entity with a branded id. */
export interface User {
  readonly id: UserId
  email: string
  name: string
  status: UserStatus
  role: Role
  age: number | null
  address: Address | null
  tags: string[]
  createdAt: Date
  verified: boolean
  nickname?: string
}
