/** The conventional operations every aggregate's repository offers. */
export interface Repository<T, ID> {
  findById(id: ID): Promise<T | null>
  findAll(): Promise<T[]>
  save(entity: T): Promise<void>
  saveMany(entities: T[]): Promise<void>
  deleteById(id: ID): Promise<void>
  exists(id: ID): Promise<boolean>
  count(): Promise<number>
}

export interface PageRequest {
  page: number
  pageSize: number
}

export interface Page<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}
