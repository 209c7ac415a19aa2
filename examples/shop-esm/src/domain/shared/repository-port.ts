import type { Page, PageRequest } from './repository.js'

/** A smaller generic port: ids are plain strings. */
export interface RepositoryPort<T> {
  findById(id: string): Promise<T | null>
  findAll(page: PageRequest): Promise<Page<T>>
  save(entity: T): Promise<T>
  delete(entity: T): Promise<void>
}
