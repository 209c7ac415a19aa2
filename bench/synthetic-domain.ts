// The synthetic domain of bench/generate.ts and bench/generate-profile.ts: N entities, each with a port of derived
// queries, in a project whose tsconfig is strict and loads @types/node (the generated shared modules import node:crypto).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export function writeDomain(root: string, ports: number): void {
  rmSync(root, { recursive: true, force: true })
  mkdirSync(path.join(root, 'src', 'domain', 'shared'), { recursive: true })
  writeFileSync(
    path.join(root, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'CommonJS', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] },
      include: ['src/**/*.ts'],
    }),
  )
  writeFileSync(path.join(root, 'package.json'), '{"name":"bench","private":true}')
  writeFileSync(
    path.join(root, 'src/domain/shared/base.ts'),
    `export type Brand<T, B extends string> = T & { readonly __brand: B }
export interface PageRequest { page: number; pageSize: number }
export interface Page<T> { items: T[]; total: number; page: number; pageSize: number }
export interface Repository<T, ID> {
  findById(id: ID): Promise<T | null>
  save(entity: T): Promise<void>
  deleteById(id: ID): Promise<void>
  count(): Promise<number>
}
`,
  )
  for (let i = 0; i < ports; i++) {
    const name = `Thing${i}`
    const dir = path.join(root, 'src', 'domain', `thing${i}`)
    mkdirSync(dir, { recursive: true })
    writeFileSync(
      path.join(dir, `thing${i}.ts`),
      `import type { Brand } from '../shared/base'
export type ${name}Id = Brand<string, '${name}Id'>
export enum ${name}Status { Draft = 'draft', Live = 'live', Gone = 'gone' }
export interface ${name}Place { street: string; city: string; zip: string | null }
export interface ${name} {
  readonly id: ${name}Id
  title: string
  status: ${name}Status
  kind: 'a' | 'b' | 'c'
  score: number
  views: bigint
  active: boolean
  tags: string[]
  place: ${name}Place | null
  createdAt: Date
  archivedAt: Date | null
}
`,
    )
    writeFileSync(
      path.join(dir, `thing${i}-repository.ts`),
      `import type { Page, PageRequest, Repository } from '../shared/base'
import type { ${name}, ${name}Id, ${name}Status } from './thing${i}'
export interface ${name}Repository extends Repository<${name}, ${name}Id> {
  findByTitle(title: string): Promise<${name} | null>
  findByStatusAndKind(status: ${name}Status, kind: 'a' | 'b' | 'c'): Promise<${name}[]>
  findByScoreBetweenOrderByCreatedAtDesc(min: number, max: number): Promise<${name}[]>
  findByTitleContaining(text: string): Promise<${name}[]>
  findByPlaceCity(city: string): Promise<${name}[]>
  findByActiveTrue(page: PageRequest): Promise<Page<${name}>>
  countByStatus(status: ${name}Status): Promise<number>
  existsByTitle(title: string): Promise<boolean>
}
`,
    )
  }
}
