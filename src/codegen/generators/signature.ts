import type { DomainModel, ModuleRef, PortMethod, TypeRef } from '../model'
import type { Needs } from './needs'

const BUILTIN_TYPES = new Set([
  'Promise',
  'Array',
  'ReadonlyArray',
  'Record',
  'Partial',
  'Readonly',
  'Required',
  'Pick',
  'Omit',
  'NonNullable',
  'Date',
  'string',
  'number',
  'boolean',
  'bigint',
  'null',
  'undefined',
  'void',
  'unknown',
  'never',
  'true',
  'false',
  'readonly',
  'Map',
  'Set',
  'ReadonlyMap',
  'ReadonlySet',
  'keyof',
  'typeof',
])

/** Every named declaration of the model that generated code may need to import, by name. */
export function knownDeclarations(model: DomainModel): Map<string, ModuleRef> {
  const known = new Map<string, ModuleRef>()
  const add = (name: string | undefined, module: ModuleRef | undefined) => {
    if (name && module && !known.has(name)) known.set(name, module)
  }
  const visit = (type: TypeRef | { kind: 'object'; name?: string; module?: ModuleRef; fields: readonly { type: TypeRef }[] }): void => {
    switch (type.kind) {
      case 'id':
        add(type.name, type.module)
        break
      case 'literal-union':
        add(type.alias?.name, type.alias?.module)
        break
      case 'array':
        visit(type.element)
        break
      case 'nullable':
        visit(type.inner)
        break
      case 'object':
        add(type.name, type.module)
        type.fields.forEach((f) => visit(f.type))
        break
      default:
        break
    }
  }
  for (const entity of Object.values(model.entities)) {
    add(entity.name, entity.module)
    entity.properties.forEach((p) => visit(p.type))
  }
  for (const vo of Object.values(model.valueObjects)) {
    add(vo.name, vo.module)
    vo.properties.forEach((p) => visit(p.type))
  }
  for (const e of Object.values(model.enums)) add(e.name, e.module)
  for (const port of model.ports) {
    add(port.name, port.module)
    for (const method of port.methods) {
      method.parameters.forEach((p) => visit(p.type))
      if (method.returns.kind === 'page') add(method.returns.name, method.returns.module)
    }
  }
  return known
}

/**
 * The type text as the port wrote it, when every name in it can be imported; otherwise null
 * (the caller then refers to the port's own declaration: `Parameters<Port['m']>[0]`).
 */
export function importableText(text: string, known: Map<string, ModuleRef>, needs: Needs, packages: ReadonlyMap<string, string> = new Map()): string | null {
  // string literals and the keys of object type literals (`{ limit: number }`) name nothing to import
  const names =
    text
      .replace(/'[^']*'|"[^"]*"/g, '')
      .replace(/[A-Za-z_$][\w$]*\??\s*:/g, '')
      .match(/[A-Za-z_$][\w$]*/g) ?? []
  const toImport: Array<[string, ModuleRef]> = []
  const fromPackages = new Set<string>()
  for (const name of names) {
    if (BUILTIN_TYPES.has(name)) continue
    if (packages.has(name)) {
      fromPackages.add(name)
      continue
    }
    const module = known.get(name)
    if (!module) return null
    toImport.push([name, module])
  }
  for (const [name, module] of toImport) needs.type(module, name)
  for (const name of fromPackages) needs.fromPackage(packages.get(name)!, name, true)
  return text
}

/** names the generated method bodies declare or use */
const GENERATED_LOCALS = new Set(['row', 'rows', 'count', 'limit', 'offset', 'created', 'deleted', 'updated', 'where', 'escapeLike', 'Op', 'item'])

export interface RenderedSignature {
  readonly parameters: string
  readonly returnType: string
  /** parameter names as used in the body */
  readonly names: readonly string[]
}

/** `prefix` marks unused parameters (`_options`) so noUnusedParameters projects compile: all of them, or those it names */
export function signatureOf(
  port: string,
  method: PortMethod,
  known: Map<string, ModuleRef>,
  needs: Needs,
  prefix: string | ((index: number) => string) = '',
): RenderedSignature {
  const names = method.parameters.map((p, index) => {
    const name = /^[A-Za-z_$][\w$]*$/.test(p.name) ? p.name : `arg${index}`
    // a parameter may not share its name with a local of the generated body
    return `${typeof prefix === 'string' ? prefix : prefix(index)}${GENERATED_LOCALS.has(name) ? `${name}Value` : name}`
  })
  const parameters = method.parameters
    .map((p, index) => {
      const text = importableText(p.text, known, needs) ?? `Parameters<${port}['${method.name}']>[${index}]`
      return `${names[index]}${p.optional ? '?' : ''}: ${text}`
    })
    .join(', ')
  // `Option` in the return text is oxide.ts's when the reader recognised it (a local `Option` stays unknown)
  const wrapper = method.returns.kind === 'single' ? method.returns.wrapper : undefined
  const packages = new Map(wrapper?.kind === 'oxide-option' ? [['Option', wrapper.module]] : [])
  const returnType = importableText(method.returnText, known, needs, packages) ?? `ReturnType<${port}['${method.name}']>`
  return { parameters, returnType, names }
}
