import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/**
 * Writes a synthetic CommonJS domain of `ports` aggregates under `dir`: per aggregate an entity (with an enum-like
 * union, a Date, a nullable field and a flattened value object) and a port extending a generic base with derived methods.
 */
export function writeSyntheticDomain(dir: string, ports: number): void {
  mkdirSync(path.join(dir, 'src/domain/shared'), { recursive: true })
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, types: [], noEmit: true }, include: ['src'] }),
  )
  writeFileSync(
    path.join(dir, 'src/domain/shared/base.ts'),
    [
      'export interface Repository<T, ID> {',
      '  findById(id: ID): Promise<T | null>',
      '  findAll(): Promise<T[]>',
      '  save(entity: T): Promise<void>',
      '  deleteById(id: ID): Promise<void>',
      '  count(): Promise<number>',
      '}',
      'export interface Address { street: string; city: string; zip: string }',
      'export type Brand<T, B extends string> = T & { readonly __brand: B }',
      '',
    ].join('\n'),
  )
  for (let i = 0; i < ports; i++) {
    const name = `Aggregate${i}`
    const folder = path.join(dir, 'src/domain', name.toLowerCase())
    mkdirSync(folder, { recursive: true })
    writeFileSync(
      path.join(folder, `${name.toLowerCase()}.ts`),
      [
        "import type { Address, Brand } from '../shared/base'",
        `export type ${name}Id = Brand<string, '${name}Id'>`,
        `export interface ${name} {`,
        `  id: ${name}Id`,
        '  name: string',
        '  amount: number',
        "  status: 'open' | 'closed'",
        '  createdAt: Date',
        '  closedAt: Date | null',
        '  address: Address',
        '  tags: string[]',
        '}',
        '',
      ].join('\n'),
    )
    writeFileSync(
      path.join(folder, `${name.toLowerCase()}-repository.ts`),
      [
        "import type { Repository } from '../shared/base'",
        `import type { ${name}, ${name}Id } from './${name.toLowerCase()}'`,
        `export interface ${name}Repository extends Repository<${name}, ${name}Id> {`,
        `  findByNameAndStatus(name: string, status: ${name}['status']): Promise<${name}[]>`,
        `  findByAddressCityOrderByCreatedAtDesc(city: string): Promise<${name}[]>`,
        `  existsByName(name: string): Promise<boolean>`,
        '}',
        '',
      ].join('\n'),
    )
  }
}
