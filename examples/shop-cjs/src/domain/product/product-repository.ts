import type { RepositoryPort } from '../shared/repository-port'
import type { Product } from './product'

/** A port that is a type alias of a generic base. */
export type ProductRepositoryPort = RepositoryPort<Product>
