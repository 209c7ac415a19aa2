import type { ModuleRef } from '../model'
import { importSpecifier } from './naming'

/** Collects the imports one generated file needs, and prints them sorted (packages first, then relative paths). */
export class ImportCollector {
  private readonly byModule = new Map<string, { defaultName?: string; defaultTypeOnly?: boolean; names: Map<string, boolean> }>()

  constructor(
    private readonly importer: string,
    private readonly suffix: '' | '.js',
  ) {}

  /** a named import from a package (`sequelize`) */
  fromPackage(specifier: string, name: string, typeOnly: boolean): void {
    this.add(specifier, name, typeOnly, false)
  }

  /** a project file, by the file path relative to the root */
  fromFile(file: string, name: string, typeOnly: boolean): void {
    this.add(importSpecifier(this.importer, file, this.suffix), name, typeOnly, false)
  }

  /** what a ModuleRef names (a declaration of the user's domain) */
  fromModule(module: ModuleRef, localName: string, typeOnly: boolean): void {
    const specifier = module.specifier ?? importSpecifier(this.importer, module.file, this.suffix)
    if (module.exportName === 'default') this.add(specifier, localName, typeOnly || module.typeOnly, true)
    else this.add(specifier, module.exportName, typeOnly || module.typeOnly, false)
  }

  lines(): string[] {
    const specifiers = [...this.byModule.keys()].sort((a, b) => {
      const relativeA = a.startsWith('.')
      const relativeB = b.startsWith('.')
      return relativeA === relativeB ? a.localeCompare(b) : relativeA ? 1 : -1
    })
    return specifiers.map((specifier) => {
      const entry = this.byModule.get(specifier)!
      const names = [...entry.names.entries()].sort(([a], [b]) => a.localeCompare(b))
      const allTypes = names.every(([, typeOnly]) => typeOnly) && (entry.defaultName === undefined || entry.defaultTypeOnly === true)
      const named = names.map(([name, typeOnly]) => (typeOnly && !allTypes ? `type ${name}` : name))
      const parts = [entry.defaultName, named.length > 0 ? `{ ${named.join(', ')} }` : undefined].filter(Boolean)
      return `import ${allTypes ? 'type ' : ''}${parts.join(', ')} from '${specifier}'`
    })
  }

  private add(specifier: string, name: string, typeOnly: boolean, isDefault: boolean): void {
    let entry = this.byModule.get(specifier)
    if (!entry) {
      entry = { names: new Map() }
      this.byModule.set(specifier, entry)
    }
    if (isDefault) {
      entry.defaultName = name
      entry.defaultTypeOnly = (entry.defaultTypeOnly ?? true) && typeOnly
      return
    }
    // a value import wins over a type import of the same name
    entry.names.set(name, (entry.names.get(name) ?? true) && typeOnly)
  }
}
