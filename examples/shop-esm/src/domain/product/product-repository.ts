import type { RepositoryPort } from '../shared/repository-port.js'
import type { Product } from './product.js'

/** A port that is a type alias of a generic base. */
export type ProductRepositoryPort = RepositoryPort<Product>
