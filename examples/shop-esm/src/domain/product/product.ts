import type { Nullable } from '../shared/brand.js'

/** A class entity with public readonly fields and a props constructor. */
export class Product {
  readonly id: string
  readonly sku: string
  readonly title: string
  readonly priceCents: number
  readonly stock: number
  readonly viewCount: bigint
  readonly categories: readonly string[]
  readonly discontinued: boolean
  readonly description: Nullable<string>
  readonly releasedAt: Date | null

  constructor(props: {
    id: string
    sku: string
    title: string
    priceCents: number
    stock: number
    viewCount: bigint
    categories: readonly string[]
    discontinued: boolean
    description: Nullable<string>
    releasedAt: Date | null
  }) {
    this.id = props.id
    this.sku = props.sku
    this.title = props.title
    this.priceCents = props.priceCents
    this.stock = props.stock
    this.viewCount = props.viewCount
    this.categories = props.categories
    this.discontinued = props.discontinued
    this.description = props.description
    this.releasedAt = props.releasedAt
  }
}
