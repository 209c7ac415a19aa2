import type { ModuleRef } from '../model'
import type { ImportCollector } from './imports'

/** A declaration of the user's domain that generated code refers to. */
export interface Need {
  readonly module: ModuleRef
  readonly name: string
  /** only used as a type (import type) */
  readonly typeOnly: boolean
}

/** The domain declarations one piece of generated code refers to, added later to that file's imports. */
export class Needs {
  private readonly list: Need[] = []
  /** names imported from npm packages the user's domain already depends on (`Some` from oxide.ts) */
  private readonly packages: { specifier: string; name: string; typeOnly: boolean }[] = []

  type(module: ModuleRef | undefined, name: string): void {
    if (module) this.list.push({ module, name, typeOnly: true })
  }

  value(module: ModuleRef | undefined, name: string): void {
    if (module) this.list.push({ module, name, typeOnly: false })
  }

  fromPackage(specifier: string, name: string, typeOnly: boolean): void {
    this.packages.push({ specifier, name, typeOnly })
  }

  merge(other: Needs): void {
    this.list.push(...other.list)
    this.packages.push(...other.packages)
  }

  addTo(imports: ImportCollector): void {
    for (const need of this.list) imports.fromModule(need.module, need.name, need.typeOnly)
    for (const need of this.packages) imports.fromPackage(need.specifier, need.name, need.typeOnly)
  }
}
