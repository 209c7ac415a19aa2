import path from 'node:path'
import ts from 'typescript'
import type { EnumType, Entity, IdType, LibraryCollection, TypeRef, ValueObject, ValueObjectStorage } from '../model'
import { ReaderContext, declarationName } from './context'
import { readShape, storageOf } from './shapes'
import { isIdTypeName } from './identity'
import type { PropertyTypeResolver, Site } from './resolver'

export type { Site } from './resolver'

/** Generic wrappers that are not nullable aliases: named in the hint of `unsupported-wrapper`. */
const KNOWN_WRAPPERS = /^(Option|Optional|Maybe|Either|Result|Try|Validation|Some|None|Left|Right|Ok|Err)$/

/**
 * Turns checker types into TypeRefs and fills the registries of entities, value objects and enums on the way.
 * Everything it cannot map becomes an `unsupported` TypeRef plus a Diagnostic naming the place: never a guess.
 */
export class TypeResolver implements PropertyTypeResolver {
  readonly entities: Record<string, Entity> = {}
  readonly valueObjects: Record<string, ValueObject> = {}
  readonly enums: Record<string, EnumType> = {}
  /** declaration node -> registry key (entities, value objects, enums share one name space) */
  private readonly keys = new Map<ts.Node, string>()
  private readonly entityDeclarations = new Set<ts.Node>()
  private readonly inProgress = new Set<ts.Node>()

  constructor(readonly ctx: ReaderContext) {}

  get checker(): ts.TypeChecker {
    return this.ctx.checker
  }

  /** Marks `declaration` as an entity before its types are resolved, so references to it become EntityRefs. */
  markEntity(declaration: ts.Node): void {
    this.entityDeclarations.add(declaration)
  }

  /** Reads (once) the entity declared by `type`'s declaration; returns its registry key. */
  entity(type: ts.Type, port: string): string | undefined {
    const declaration = declarationOf(type)
    if (!declaration) return undefined
    this.markEntity(declaration)
    const existing = this.keys.get(declaration)
    if (existing) return existing
    const name = this.keyFor(declaration, typeName(type, declaration) ?? 'Entity', { port })
    this.keys.set(declaration, name)
    const shape = readShape(this, type, declaration, name, 'entity', port)
    this.entities[name] = { name, ...shape, ...this.moduleOf(declaration, name, port), idProperty: null }
    return name
  }

  /** Sets an entity's identity property and makes that property's type an IdType. */
  setIdentity(entityName: string, property: string, id: IdType): void {
    const entity = this.entities[entityName]
    if (!entity) return
    this.entities[entityName] = {
      ...entity,
      idProperty: property,
      // a getter's identity is always there: `create(props, id?: UniqueEntityID)` takes it optionally only to make new ones
      // (fields keep what they declare: `id?: number` may be an auto-increment key)
      properties: entity.properties.map((p) => (p.name === property ? { ...p, type: id, ...(p.read.kind === 'field' ? {} : { optional: false }) } : p)),
    }
  }

  /** `T`, or a `nullable` TypeRef when the type includes null/undefined. */
  storageOf(valueObject: string): ValueObjectStorage | undefined {
    return this.valueObjects[valueObject]?.storage
  }

  resolve(type: ts.Type, site: Site): TypeRef {
    if (type.isUnion()) {
      const hasNull = type.types.some((t) => (t.flags & ts.TypeFlags.Null) !== 0)
      const hasUndefined = type.types.some((t) => (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) !== 0)
      if (hasNull || hasUndefined) {
        const inner = this.checker.getNonNullableType(type)
        if (inner.flags & ts.TypeFlags.Never) return this.unsupported(type, site, 'is only null/undefined')
        return {
          kind: 'nullable',
          inner: this.resolveNonNull(inner, { ...site, typeNode: innerTypeNode(site.typeNode) }),
          null: hasNull,
          undefined: hasUndefined,
        }
      }
    }
    return this.resolveNonNull(type, site)
  }

  /** Converts a resolved type to an identifier type, or undefined when it cannot be one. */
  toId(ref: TypeRef): IdType | undefined {
    if (ref.kind === 'id') return ref
    if (ref.kind === 'primitive' && (ref.name === 'string' || ref.name === 'number' || ref.name === 'bigint')) {
      return { kind: 'id', form: 'primitive', name: ref.name, primitive: ref.name }
    }
    if (ref.kind === 'value-object') {
      const vo = this.valueObjects[ref.name]
      const wrapped = vo?.wraps?.type
      if (vo && wrapped?.kind === 'primitive' && (wrapped.name === 'string' || wrapped.name === 'number' || wrapped.name === 'bigint')) {
        return { kind: 'id', form: 'value-object', name: vo.name, primitive: wrapped.name, ...(vo.module ? { module: vo.module } : {}) }
      }
      if (vo && wrapped?.kind === 'id') return { ...wrapped, form: 'value-object', name: vo.name, ...(vo.module ? { module: vo.module } : {}) }
    }
    return undefined
  }

  private resolveNonNull(type: ts.Type, site: Site): TypeRef {
    const f = type.flags
    if (f & ts.TypeFlags.Any) {
      this.ctx.report(
        'warning',
        'unsupported-type',
        site.node,
        `${site.owner} is typed \`any\`: stored as JSON, unchecked`,
        'Give it a precise type to get a typed column.',
        site.port,
      )
      return { kind: 'json', text: 'unknown' }
    }
    if (f & ts.TypeFlags.Unknown) return { kind: 'json', text: 'unknown' }
    if (f & ts.TypeFlags.TypeParameter || (type.isIntersection() && type.types.some((t) => t.flags & ts.TypeFlags.TypeParameter))) {
      return this.unsupported(
        type,
        site,
        'is a type parameter of a generic member',
        'unsupported-type',
        'Give the member a concrete type, or implement it by hand.',
      )
    }
    if (f & ts.TypeFlags.EnumLike) {
      const enumRef = this.enumOf(type, site.port)
      if (enumRef) return enumRef
    }
    if (f & ts.TypeFlags.String) return { kind: 'primitive', name: 'string' }
    if (f & ts.TypeFlags.Number) return { kind: 'primitive', name: 'number' }
    if (f & ts.TypeFlags.BigInt) return { kind: 'primitive', name: 'bigint' }
    if (f & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return { kind: 'primitive', name: 'boolean' }
    if (type.isStringLiteral() || type.isNumberLiteral()) return this.literalUnion([type], site)
    // `type Either<L, R> = Left<L> | Right<R>`: a wrapper even when it is a union underneath
    if (type.aliasSymbol && type.aliasTypeArguments && KNOWN_WRAPPERS.test(type.aliasSymbol.name)) return this.wrapper(type, site, type.aliasSymbol.name)
    if (type.isUnion()) {
      if (type.types.every((t) => t.isStringLiteral()) || type.types.every((t) => t.isNumberLiteral())) return this.literalUnion(type.types, site)
      if (site.idValue && type.types.every((t) => t.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike))) {
        this.ctx.report(
          'warning',
          'ambiguous-type',
          site.node,
          `${site.owner}: ${this.checker.typeToString(type)} is stored as a string column (VARCHAR); a number id is read back as its string`,
          'Narrow the identifier to `string` (or `number`) if ids are compared with ===, or keep string ids only (uuid).',
          site.port,
        )
        return { kind: 'primitive', name: 'string', widened: true }
      }
      // `dateTimePosted: string | Date` (a date the caller may pass as an ISO string): a DATETIME column, read back as a Date
      if (
        type.types.length === 2 &&
        type.types.some((t) => t.flags & ts.TypeFlags.String) &&
        type.types.some((t) => !(t.flags & ts.TypeFlags.String) && this.isLibraryDate(t))
      ) {
        this.ctx.report(
          'warning',
          'ambiguous-type',
          site.node,
          `${site.owner}: string | Date is stored as a DATETIME column; a string is stored as new Date(string) and read back as a Date`,
          'Type it `Date` if only dates are passed, or keep strings in a string-typed property.',
          site.port,
        )
        return { kind: 'primitive', name: 'Date', widened: true }
      }
      const tagged = this.taggedUnion(type, site)
      if (tagged) return tagged
      return this.unsupported(
        type,
        site,
        'is a union of unrelated types',
        'ambiguous-type',
        'Use one type (or a string-literal union / enum); store a variant as a JSON value object.',
      )
    }
    if (type.isIntersection()) return this.branded(type, site)
    if (!(f & ts.TypeFlags.Object)) return this.unsupported(type, site, 'has no column mapping')
    return this.resolveObject(type as ts.ObjectType, site)
  }

  /**
   * `Envelope | Crate` where every member is a class or object type with one property (`kind`, `type`...) typed by a
   * distinct literal in each: a discriminated union, each variant read as a value object. Undefined when no property
   * tells the members apart, so the caller reports the union as ambiguous.
   */
  private taggedUnion(type: ts.UnionType, site: Site): TypeRef | undefined {
    const members = type.types
    const isPlainObject = (t: ts.Type) =>
      (t.flags & ts.TypeFlags.Object) !== 0 && !this.checker.isArrayType(t) && !this.checker.isTupleType(t) && t.getCallSignatures().length === 0
    if (members.length < 2 || !members.every(isPlainObject)) return undefined
    const tag = members[0]!
      .getProperties()
      .map((p) => p.name)
      .find((name) => {
        const values = members.map((m) => this.literalOf(m, name))
        return values.every((v) => v !== undefined) && new Set(values).size === members.length
      })
    if (!tag) return undefined
    const text = this.checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation)
    const variants: Array<{ value: string | number; type: { kind: 'value-object'; name: string } }> = []
    for (const member of members) {
      const value = this.literalOf(member, tag)!
      // an inline object type is named after the property and its tag (`content.pallet`), so variants do not collide
      const { typeNode: _written, ...at } = site
      const ref = this.resolveObject(member as ts.ObjectType, { ...at, owner: `${site.owner}.${String(value)}` })
      if (ref.kind === 'unsupported') return ref
      if (ref.kind !== 'value-object')
        return this.unsupported(type, site, `has the variant ${this.checker.typeToString(member)}, which is not a class or object type`, 'ambiguous-type')
      variants.push({ value, type: ref })
    }
    return { kind: 'tagged-union', tag, variants, text: type.aliasSymbol?.name ?? text }
  }

  /** the single string/number literal type of `member.name`, if that is its type */
  private literalOf(member: ts.Type, name: string): string | number | undefined {
    const property = member.getProperty(name)
    if (!property || property.flags & ts.SymbolFlags.Optional) return undefined
    const type = this.checker.getTypeOfSymbol(property)
    return type.isStringLiteral() || type.isNumberLiteral() ? type.value : undefined
  }

  /** the global Date of the TypeScript library (not a project class named Date) */
  private isLibraryDate(type: ts.Type): boolean {
    const declaration = declarationOf(type)
    return type.getSymbol()?.name === 'Date' && (!declaration || !this.ctx.isProjectDeclaration(declaration))
  }

  private resolveObject(type: ts.ObjectType, site: Site): TypeRef {
    const checker = this.checker
    const symbol = type.getSymbol()
    const declaration = declarationOf(type)
    // a package's declarations (a shared kernel's value objects) are read like the project's own
    const isLibrary = !declaration || !(this.ctx.isProjectDeclaration(declaration) || this.ctx.isPackageDeclaration(declaration))
    if (symbol?.name === 'Date' && isLibrary) return { kind: 'primitive', name: 'Date' }
    if (checker.isArrayType(type)) {
      const [element] = checker.getTypeArguments(type as ts.TypeReference)
      const elementNode = site.typeNode && ts.isArrayTypeNode(site.typeNode) ? site.typeNode.elementType : undefined
      const readonly = symbol?.name === 'ReadonlyArray' || (site.typeNode !== undefined && ts.isTypeOperatorNode(site.typeNode))
      return {
        kind: 'array',
        element: this.resolve(element ?? checker.getUnknownType(), { ...site, owner: `${site.owner}[]`, typeNode: elementNode }),
        readonly,
      }
    }
    if (checker.isTupleType(type)) return this.unsupported(type, site, 'is a tuple', 'unsupported-type', 'Use an array or a value object.')
    if (type.getCallSignatures().length > 0) return this.unsupported(type, site, 'is a function')
    const typeArguments = type.aliasTypeArguments ?? (type.objectFlags & ts.ObjectFlags.Reference ? checker.getTypeArguments(type as ts.TypeReference) : [])
    const genericName = type.aliasSymbol?.name ?? symbol?.name
    if (typeArguments.length > 0 && genericName && KNOWN_WRAPPERS.test(genericName)) return this.wrapper(type, site, genericName)
    if (isLibrary) {
      if (isRecord(type, checker)) return { kind: 'json', text: checker.typeToString(type) }
      const collection = this.libraryCollection(genericName, typeArguments, site)
      const unsupported = this.unsupported(
        type,
        site,
        `is ${symbol?.name ?? 'a library type'}, which has no column mapping`,
        'unsupported-type',
        'Use an array, a value object, or a Record<string, ...> stored as JSON.',
      )
      return collection && unsupported.kind === 'unsupported' ? { ...unsupported, collection } : unsupported
    }
    if (typeArguments.length > 0 && (type.aliasSymbol || (symbol && !(symbol.flags & ts.SymbolFlags.TypeLiteral)))) {
      return this.wrapper(type, site, genericName ?? checker.typeToString(type))
    }
    if (isRecord(type, checker)) return { kind: 'json', text: checker.typeToString(type) }
    if (this.entityDeclarations.has(declaration)) {
      const name = this.keys.get(declaration)
      if (name) return { kind: 'entity', name }
    }
    return this.valueObject(type, declaration, site)
  }

  private valueObject(type: ts.ObjectType, declaration: ts.Node, site: Site): TypeRef {
    const existing = this.keys.get(declaration)
    if (existing) return this.voRef(existing)
    if (this.inProgress.has(declaration)) {
      return this.unsupported(
        type,
        site,
        'refers to itself recursively',
        'unsupported-type',
        'Store the recursive part as a JSON value (Record<string, unknown>).',
      )
    }
    const named = typeName(type, declaration)
    const anonymous = named === undefined
    const name = this.keyFor(declaration, named ?? site.owner, { port: site.port, anonymous })
    this.inProgress.add(declaration)
    try {
      const shape = readShape(this, type, declaration, name, 'value-object', site.port)
      for (const property of shape.properties) {
        const related = entityIn(property.type)
        if (related) {
          // `posts: Post[]` whose Post has `author: User`: a relation, which a JSON or flattened column cannot hold
          // reported where the relation is declared (`author: User`), not at the class holding it
          const member = type.getProperty(property.name)?.valueDeclaration ?? declaration
          this.ctx.report(
            site.severity ?? 'error',
            'unsupported-type',
            member,
            `${site.owner}: ${name}.${property.name} refers to the entity ${related}: relations between entities are not stored`,
            `Keep the related entity's id instead (\`${property.name}Id\`), or leave the relation out of the type the repository stores.`,
            site.port,
          )
        }
      }
      const { storage, wraps } = storageOf(shape.properties)
      this.keys.set(declaration, name)
      this.valueObjects[name] = {
        name,
        ...shape,
        ...(anonymous ? {} : this.moduleOf(declaration, name, site.port)),
        storage,
        ...(wraps ? { wraps } : {}),
        anonymous,
      }
    } finally {
      this.inProgress.delete(declaration)
    }
    return this.voRef(name)
  }

  /** A single-primitive value object named like an identifier (`UserId`) is an IdType; others stay value objects. */
  private voRef(name: string): TypeRef {
    const ref: TypeRef = { kind: 'value-object', name }
    if (isIdTypeName(name)) return this.toId(ref) ?? ref
    return ref
  }

  private branded(type: ts.IntersectionType, site: Site): TypeRef {
    const primitive = type.types.find((t) => t.flags & (ts.TypeFlags.String | ts.TypeFlags.Number | ts.TypeFlags.BigInt))
    const rest = type.types.filter((t) => t !== primitive)
    if (!primitive || !rest.every((t) => t.flags & ts.TypeFlags.Object)) {
      return this.unsupported(type, site, 'is an intersection the reader cannot store', 'unsupported-type', 'Use an interface or class for the combined shape.')
    }
    const base = primitive.flags & ts.TypeFlags.String ? 'string' : primitive.flags & ts.TypeFlags.Number ? 'number' : 'bigint'
    const alias = this.aliasOf(site.typeNode) ?? (type.aliasSymbol && !type.aliasTypeArguments ? type.aliasSymbol : undefined)
    const aliasDeclaration = alias?.declarations?.find(ts.isTypeAliasDeclaration)
    if (alias && aliasDeclaration) {
      const module = this.ctx.moduleRef(aliasDeclaration)
      if (!module) this.notExported(aliasDeclaration, alias.name, site.port)
      return { kind: 'id', form: 'branded', name: alias.name, primitive: base, castText: alias.name, ...(module ? { module } : {}) }
    }
    // an inline brand (`id: string & { __brand: 'UserId' }` or `Brand<string, 'UserId'>` written in place)
    const generic = type.aliasSymbol?.declarations?.find(ts.isTypeAliasDeclaration)
    const module = generic ? this.ctx.moduleRef(generic) : undefined
    const text = this.checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation)
    return { kind: 'id', form: 'branded', name: site.owner, primitive: base, castText: text, ...(module ? { module } : {}) }
  }

  /** The alias a type node names (`UserId` in `id: UserId`), followed through imports. */
  private aliasOf(typeNode: ts.TypeNode | undefined): ts.Symbol | undefined {
    if (!typeNode || !ts.isTypeReferenceNode(typeNode)) return undefined
    let symbol = this.checker.getSymbolAtLocation(typeNode.typeName)
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol)
    return symbol && symbol.flags & ts.SymbolFlags.TypeAlias && !typeNode.typeArguments ? symbol : undefined
  }

  private literalUnion(types: readonly ts.Type[], site: Site): TypeRef {
    const values = types.map((t) => (t as ts.LiteralType).value as string | number)
    const base = typeof values[0] === 'number' ? 'number' : 'string'
    const alias = this.aliasOf(site.typeNode)
    const declaration = alias?.declarations?.find(ts.isTypeAliasDeclaration)
    const module = declaration ? this.ctx.moduleRef(declaration) : undefined
    return { kind: 'literal-union', base, values, ...(alias && module ? { alias: { name: alias.name, module } } : {}) }
  }

  private enumOf(type: ts.Type, port: string | undefined): TypeRef | undefined {
    let symbol = type.getSymbol()
    if (symbol && symbol.flags & ts.SymbolFlags.EnumMember) symbol = (symbol as ts.Symbol & { parent?: ts.Symbol }).parent
    const declaration = symbol?.declarations?.find(ts.isEnumDeclaration)
    if (!declaration) return undefined
    const existing = this.keys.get(declaration)
    if (existing) return { kind: 'enum', name: existing }
    const name = this.keyFor(declaration, declaration.name.text, { port })
    this.keys.set(declaration, name)
    const members = declaration.members.map((member) => {
      const value = this.checker.getConstantValue(member)
      return { name: declarationName(member) ?? member.name.getText(), value: value ?? member.name.getText() }
    })
    const module = this.ctx.moduleRef(declaration)
    if (!module) this.notExported(declaration, name)
    const isConst = (ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Const) !== 0
    this.enums[name] = {
      name,
      location: this.ctx.location(declaration),
      module: module ?? { file: this.ctx.location(declaration).file, exportName: name, typeOnly: false },
      members,
      const: isConst,
    }
    return { kind: 'enum', name }
  }

  /** Map / ReadonlyMap / Set / ReadonlySet of the TypeScript library: their type arguments, read like any property type */
  private libraryCollection(name: string | undefined, typeArguments: readonly ts.Type[], site: Site): LibraryCollection | undefined {
    const readonly = name?.startsWith('Readonly') ?? false
    const { typeNode: _written, ...at } = site
    if ((name === 'Map' || name === 'ReadonlyMap') && typeArguments.length === 2) {
      const [key, value] = typeArguments as [ts.Type, ts.Type]
      return {
        kind: 'map',
        key: this.resolve(key, { ...at, owner: `${site.owner} key` }),
        value: this.resolve(value, { ...at, owner: `${site.owner} value` }),
        readonly,
      }
    }
    if ((name === 'Set' || name === 'ReadonlySet') && typeArguments.length === 1) {
      return { kind: 'set', element: this.resolve(typeArguments[0]!, { ...at, owner: `${site.owner} element` }), readonly }
    }
    return undefined
  }

  private wrapper(type: ts.Type, site: Site, wrapperName: string): TypeRef {
    const text = this.checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation)
    this.ctx.report(
      site.severity ?? 'error',
      'unsupported-wrapper',
      site.node,
      `${site.owner}: ${text} is a generic wrapper (${wrapperName}<...>) the reader does not know how to store`,
      `Use \`T | null\` (or a Nullable<T> = T | null alias) instead of ${wrapperName}<T>, or implement this part of the repository by hand.`,
      site.port,
    )
    return { kind: 'unsupported', text, reason: `${wrapperName}<...> is not supported` }
  }

  unsupported(type: ts.Type, site: Site, why: string, code: 'unsupported-type' | 'ambiguous-type' = 'unsupported-type', hint?: string): TypeRef {
    const text = this.checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation)
    this.ctx.report(
      site.severity ?? 'error',
      code,
      site.node,
      `${site.owner}: ${text} ${why}`,
      hint ?? 'Use a supported type (see docs/generate-domain.md) or implement this part by hand.',
      site.port,
    )
    return { kind: 'unsupported', text, reason: why }
  }

  moduleOf(declaration: ts.Node, name: string, port?: string): { module?: ReturnType<ReaderContext['moduleRef']> } {
    const module = this.ctx.moduleRef(declaration as ts.Declaration)
    if (!module) this.notExported(declaration, name, port)
    return module ? { module } : {}
  }

  private notExported(declaration: ts.Node, name: string, port?: string): void {
    this.ctx.report(
      'error',
      'not-exported',
      declaration,
      `${name} is not exported from its file, so generated code cannot import it`,
      `Add \`export\` to ${name}.`,
      port,
    )
  }

  /**
   * The registry key for a declaration: its name, or `Name$2` when another declaration already took it. Two named
   * declarations with one name (the same entity name in two bounded contexts) would give generated code two files and
   * identifiers of one name: an error `name-clash` naming both files, which stops the run before anything is written.
   */
  private keyFor(declaration: ts.Node, name: string, options: { port: string | undefined; anonymous?: boolean }): string {
    const taken = new Set([...Object.keys(this.entities), ...Object.keys(this.valueObjects), ...Object.keys(this.enums), ...this.keys.values()])
    if (!taken.has(name)) return name
    const first = [...this.keys].find(([, key]) => key === name)?.[0]
    const folder = path.posix.basename(path.posix.dirname(this.ctx.location(declaration).file))
    const context = folder.replace(/(^|[-_.\s]+)(\w)/g, (_m, _s, c: string) => c.toUpperCase())
    if (options.anonymous) {
      this.ctx.report(
        'warning',
        'ambiguous-type',
        declaration,
        `two different declarations are named ${name}; this one is registered as ${name}$2`,
        'Rename one of them to keep generated names readable.',
      )
    } else {
      this.ctx.report(
        'error',
        'name-clash',
        declaration,
        `${name} is declared twice: here and at ${first ? this.ctx.where(first) : 'another file'}; generated files and identifiers would clash`,
        `Rename one of them (e.g. after its bounded context: ${context}${name}), or limit generate.domainSources to one context per run.`,
        options.port,
      )
    }
    let n = 2
    while (taken.has(`${name}$${n}`)) n++
    return `${name}$${n}`
  }
}

/** The declaration of a class/interface/type-literal/alias type (the alias wins: `type Money = { ... }`). */
export function declarationOf(type: ts.Type): ts.Node | undefined {
  const alias = type.aliasSymbol?.declarations?.find(ts.isTypeAliasDeclaration)
  if (alias && !type.aliasTypeArguments) return alias
  const symbol = type.getSymbol()
  return (
    symbol?.declarations?.find((d) => ts.isClassLike(d) || ts.isInterfaceDeclaration(d) || ts.isTypeLiteralNode(d) || ts.isTypeAliasDeclaration(d)) ??
    symbol?.declarations?.[0]
  )
}

/** The declared name of a type, or undefined for an anonymous object type. */
export function typeName(type: ts.Type, declaration: ts.Node): string | undefined {
  if (
    ts.isTypeAliasDeclaration(declaration) ||
    ts.isInterfaceDeclaration(declaration) ||
    ts.isClassDeclaration(declaration) ||
    ts.isEnumDeclaration(declaration)
  ) {
    return declaration.name?.text
  }
  const name = type.getSymbol()?.name
  return name && !name.startsWith('__') ? name : undefined
}

/** The entity a stored type holds, through arrays and nullables. */
function entityIn(type: TypeRef): string | undefined {
  if (type.kind === 'entity') return type.name
  if (type.kind === 'array') return entityIn(type.element)
  if (type.kind === 'nullable') return entityIn(type.inner)
  return undefined
}

/** `Record<string, X>` / `{ [key: string]: X }`: only an index signature, no named properties. */
function isRecord(type: ts.Type, checker: ts.TypeChecker): boolean {
  return checker.getIndexInfosOfType(type).length > 0 && type.getProperties().length === 0
}

/** The non-null member of a `T | null` type node, or `T` of a `Nullable<T>`-style reference. */
function innerTypeNode(node: ts.TypeNode | undefined): ts.TypeNode | undefined {
  if (!node) return undefined
  if (ts.isParenthesizedTypeNode(node)) return innerTypeNode(node.type)
  if (ts.isUnionTypeNode(node)) {
    const rest = node.types.filter(
      (t) => !(ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword) && t.kind !== ts.SyntaxKind.UndefinedKeyword,
    )
    return rest.length === 1 ? rest[0] : undefined
  }
  if (ts.isTypeReferenceNode(node) && node.typeArguments?.length === 1) return node.typeArguments[0]
  return undefined
}
