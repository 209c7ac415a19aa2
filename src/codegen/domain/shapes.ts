import ts from 'typescript'
import type { FactoryUnwrap, Property, PropertyRead, Reconstruct, ReconstructArgument, TypeRef, ValueObjectStorage } from '../model'
import { isPublic, isStatic } from './context'
import type { PropertyTypeResolver } from './resolver'
import { isIdTypeName } from './identity'
import { resultWrapperOf } from './result-wrapper'

export interface Shape {
  readonly kind: 'interface' | 'type-alias' | 'class'
  readonly location: Property['location']
  readonly properties: readonly Property[]
  readonly reconstruct: Reconstruct
}

/** Static factories that rebuild a stored instance, tried before the constructor. */
const RESTORE_FACTORIES = [
  'reconstitute',
  'fromPersistence',
  'rehydrate',
  'restore',
  'hydrate',
  'fromPrimitives',
  'fromSnapshot',
  'fromState',
  'fromProps',
  'fromRow',
  'fromData',
  'load',
  'createFromExisting',
  'fromExisting',
]
/** Factories for new instances, tried after the constructor (they may validate, or emit events). */
const CREATE_FACTORIES = ['create', 'of', 'from', 'fromValue', 'fromString', 'make', 'build']
/** Public methods returning a copy of the whole state (`getPropsCopy()` in domain-driven-hexagon). */
const SNAPSHOT_METHODS = ['getPropsCopy', 'getProps', 'toPrimitives', 'toSnapshot', 'snapshot', 'getState', 'toObject']
/** Public no-argument methods (or a `value` property) that take the instance out of a factory's `Result<T>`-style wrapper. */
const UNWRAP_METHODS = ['getValue', 'unwrap', 'getOrThrow', 'get', 'value', '_unsafeUnwrap']
/** Methods that give the primitive a single-value object wraps. */
const VALUE_METHODS = ['toValue', 'getValue', 'valueOf', 'toPrimitive', 'toJSON', 'toString']

/** The persisted properties of an entity or value object and how to rebuild an instance from them. */
export function readShape(
  resolver: PropertyTypeResolver,
  type: ts.Type,
  declaration: ts.Node,
  name: string,
  role: 'entity' | 'value-object',
  port?: string,
): Shape {
  if (ts.isClassLike(declaration)) return readClass(resolver, type, declaration, name, role, port)
  return readPlain(resolver, type, declaration, name, role, port)
}

/** Interfaces, type aliases, inline object types: every non-method property, rebuilt as an object literal. */
function readPlain(resolver: PropertyTypeResolver, type: ts.Type, declaration: ts.Node, name: string, role: 'entity' | 'value-object', port?: string): Shape {
  const { checker, ctx } = resolver
  const properties: Property[] = []
  const methods: string[] = []
  for (const symbol of checker.getPropertiesOfType(type)) {
    const decl = symbol.valueDeclaration ?? symbol.declarations?.[0]
    const propertyType = checker.getTypeOfSymbol(symbol)
    if (!decl || ts.isMethodSignature(decl) || ts.isMethodDeclaration(decl) || isFunctionType(checker, propertyType)) {
      methods.push(symbol.name)
      continue
    }
    const typeNode = ts.isPropertySignature(decl) || ts.isPropertyDeclaration(decl) ? decl.type : undefined
    const readonly = (ts.getCombinedModifierFlags(decl as ts.Declaration) & ts.ModifierFlags.Readonly) !== 0
    properties.push(
      property(resolver, {
        name: symbol.name,
        type: propertyType,
        declaration: decl,
        typeNode,
        owner: `${name}.${symbol.name}`,
        read: { kind: 'field' },
        readonly,
        optional: (symbol.flags & ts.SymbolFlags.Optional) !== 0,
        port,
        idValue: idValueOf(name, role),
      }),
    )
  }
  let reconstruct: Reconstruct = { kind: 'object-literal' }
  if (methods.length > 0) {
    reconstruct = { kind: 'none' }
    ctx.report(
      'error',
      'entity-not-reconstructible',
      declaration,
      `${name} declares methods (${methods.join(', ')}), so an object literal read from a row cannot be a ${name}`,
      `Make ${name} a class with a static factory (e.g. ${name}.reconstitute(props)), or move the methods out of the type.`,
      port,
    )
  }
  return { kind: ts.isInterfaceDeclaration(declaration) ? 'interface' : 'type-alias', location: ctx.location(declaration), properties, reconstruct }
}

interface Reader {
  readonly read: PropertyRead
  readonly readonly: boolean
  readonly writable: boolean
  readonly declaration: ts.Node
  readonly type: ts.Type
}

/** Classes: state read through public fields, getters, a public `props` object or getX() methods; rebuilt by a factory or constructor. */
function readClass(
  resolver: PropertyTypeResolver,
  type: ts.Type,
  declaration: ts.ClassLikeDeclaration,
  name: string,
  role: 'entity' | 'value-object',
  port?: string,
): Shape {
  const { checker, ctx } = resolver
  const readers = new Map<string, Reader>()
  const methods = new Map<string, ts.Signature>()
  for (const symbol of checker.getPropertiesOfType(type)) {
    const decl = symbol.valueDeclaration ?? symbol.declarations?.[0]
    if (!decl || !isPublic(decl as ts.Declaration)) continue
    const memberType = checker.getTypeOfSymbol(symbol)
    if (ts.isMethodDeclaration(decl) || ts.isMethodSignature(decl)) {
      const [signature] = memberType.getCallSignatures()
      if (signature) methods.set(symbol.name, signature)
      continue
    }
    if (isFunctionType(checker, memberType)) continue
    const isGetter = (symbol.flags & ts.SymbolFlags.GetAccessor) !== 0
    const readonly = isGetter
      ? (symbol.flags & ts.SymbolFlags.SetAccessor) === 0
      : (ts.getCombinedModifierFlags(decl as ts.Declaration) & ts.ModifierFlags.Readonly) !== 0
    readers.set(symbol.name, {
      read: isGetter ? { kind: 'getter' } : { kind: 'field' },
      readonly,
      writable: !isGetter && !readonly,
      declaration: decl,
      type: memberType,
    })
  }
  // `key` of the plain state a no-argument method returns (`toPrimitives().title`)
  const snapshotReader = (method: string, key: string): Reader | undefined => {
    const signature = methods.get(method)
    const state = signature && signature.getParameters().length === 0 ? checker.getReturnTypeOfSignature(signature) : undefined
    const member = state ? checker.getPropertyOfType(state, key) : undefined
    if (!signature || !member) return undefined
    return {
      read: { kind: 'snapshot', method },
      readonly: true,
      writable: false,
      declaration: signature.getDeclaration(),
      type: checker.getTypeOfSymbol(member),
    }
  }
  const readerFor = (key: string, single: boolean): Reader | undefined => {
    const direct = readers.get(key)
    if (direct) return direct
    const props = readers.get('props')
    const viaProps = props ? checker.getPropertyOfType(props.type, key) : undefined
    if (props && viaProps)
      return { read: { kind: 'props', via: 'props' }, readonly: true, writable: false, declaration: props.declaration, type: checker.getTypeOfSymbol(viaProps) }
    for (const method of SNAPSHOT_METHODS) {
      const viaSnapshot = snapshotReader(method, key)
      if (viaSnapshot) return viaSnapshot
    }
    const capital = key.charAt(0).toUpperCase() + key.slice(1)
    const candidates = [`get${capital}`, `is${capital}`, ...(single ? VALUE_METHODS : [])]
    for (const method of candidates) {
      const signature = methods.get(method)
      if (signature && signature.getParameters().length === 0) {
        return {
          read: { kind: 'method', name: method },
          readonly: true,
          writable: false,
          declaration: signature.getDeclaration(),
          type: checker.getReturnTypeOfSignature(signature),
        }
      }
    }
    return undefined
  }

  const classSymbol = declaration.name ? checker.getSymbolAtLocation(declaration.name) : type.getSymbol()
  const staticType = classSymbol ? checker.getTypeOfSymbol(classSymbol) : undefined
  const reasons: string[] = []
  type ReaderFor = (key: string, single: boolean) => Reader | undefined
  const candidates: {
    label: string
    kind: 'constructor' | 'factory'
    method?: string
    signature: ts.Signature
    unwrap?: FactoryUnwrap
    /** a primitives pair reads its state through its own method, before getters */
    readers?: ReaderFor
  }[] = []
  const factories = new Map<string, ts.Signature>()
  const wrapping = new Map<string, { signature: ts.Signature; unwrap: FactoryUnwrap }>()
  if (staticType) {
    for (const symbol of checker.getPropertiesOfType(staticType)) {
      const decl = symbol.valueDeclaration
      if (!decl || !ts.isMethodDeclaration(decl) || !isStatic(decl) || !isPublic(decl)) continue
      const signature = checker.getTypeOfSymbol(symbol).getCallSignatures()[0]
      if (!signature) continue
      const returned = checker.getReturnTypeOfSignature(signature)
      if (returned.getSymbol() === type.getSymbol() || buildsThisClass(checker, decl, returned, type)) {
        factories.set(symbol.name, signature)
        continue
      }
      // `static create(props, id?): Either<Error, User>` (or Result<User>): unwrapped through the wrapper's guard and accessor
      const guarded = resultWrapperOf(checker, returned, (value) => value.getSymbol() === type.getSymbol())
      if (guarded) {
        const { guard, success, value, wrapper } = guarded
        wrapping.set(symbol.name, { signature, unwrap: { kind: 'guarded', guard, success, value, wrapper } })
        continue
      }
      if (!RESTORE_FACTORIES.includes(symbol.name) && !CREATE_FACTORIES.includes(symbol.name)) continue
      // `static create(props, id?): Result<User>`: usable when the wrapper hands out the instance (`getValue(): User`)
      const unwrap = unwrapOf(checker, returned, type)
      if (unwrap) wrapping.set(symbol.name, { signature, unwrap })
      else {
        reasons.push(
          `${name}.${symbol.name}() returns ${checker.typeToString(returned)}, not ${name}, and no public ${UNWRAP_METHODS.map((m) => `${m}()`).join('/')} or \`value\` of it returns ${name} (nor does a success guard such as isOk()/isRight()/isSuccess narrow it to one)`,
        )
      }
    }
  }
  const addFactories = (names: readonly string[]): void => {
    for (const method of names) {
      if (method === pair?.factory) continue // already the first candidate
      const signature = factories.get(method)
      if (signature) candidates.push({ label: `${name}.${method}()`, kind: 'factory', method, signature })
      const wrapped = wrapping.get(method)
      if (wrapped) candidates.push({ label: `${name}.${method}()`, kind: 'factory', method, signature: wrapped.signature, unwrap: wrapped.unwrap })
    }
  }
  // a primitives pair, recognised by types (`toSnapshot(): S` and `static restore(s: S): X`): the first way to rebuild
  const pair = primitivesPair(checker, methods, new Map([...factories, ...[...wrapping].map(([key, w]) => [key, w.signature] as const)]))
  if (pair) {
    const wrapped = wrapping.get(pair.factory)
    candidates.push({
      label: `${name}.${pair.factory}()`,
      kind: 'factory',
      method: pair.factory,
      signature: wrapped?.signature ?? factories.get(pair.factory)!,
      ...(wrapped ? { unwrap: wrapped.unwrap } : {}),
      readers: (key, single) => snapshotReader(pair.method, key) ?? readerFor(key, single),
    })
  }
  addFactories(RESTORE_FACTORIES)
  const isAbstract = (ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Abstract) !== 0
  const constructors = staticType?.getConstructSignatures() ?? []
  for (const signature of constructors) {
    const decl = signature.getDeclaration() as ts.Declaration | undefined
    if (isAbstract) reasons.push(`${name} is abstract`)
    else if (decl && !isPublic(decl)) reasons.push(`the constructor of ${name} is not public`)
    else candidates.push({ label: `new ${name}()`, kind: 'constructor', signature })
  }
  addFactories(CREATE_FACTORIES)
  // other public static methods returning the class, recognised by their type (`static rebuild(...)`, `static fromDb(...)`)
  const named = new Set([...RESTORE_FACTORIES, ...CREATE_FACTORIES])
  addFactories([...new Set([...factories.keys(), ...wrapping.keys()])].filter((method) => !named.has(method)).sort())

  const hasIdentity = role === 'entity' && readers.has('id')
  for (const candidate of candidates) {
    const recorder = recordedEvent(candidate.signature.getDeclaration())
    if (recorder) {
      // rebuilding a stored instance through it would record its creation again on every load
      reasons.push(`${candidate.label} records a domain event (${recorder}), so it only makes new instances`)
      continue
    }
    const mapped = mapSignature(checker, candidate.signature, candidate.readers ?? readerFor, role === 'value-object', !ctx.strictNulls)
    if (typeof mapped === 'string') {
      reasons.push(`${candidate.label}: ${mapped}`)
      continue
    }
    if (hasIdentity && !mapped.properties.some((p) => p.name === 'id')) {
      reasons.push(`${candidate.label} does not take the id (it would give the instance a new identity)`)
      continue
    }
    const properties = mapped.properties.map((p) =>
      property(resolver, {
        name: p.name,
        type: p.type,
        declaration: p.declaration,
        typeNode: p.typeNode,
        owner: `${name}.${p.name}`,
        read: p.reader.read,
        readonly: p.reader.readonly,
        optional: p.optional,
        port,
        idValue: idValueOf(name, role),
      }),
    )
    // a value object given by its value must be stored as that one value
    const spread = properties.find((p) => p.read.kind === 'snapshot' && p.read.unwrapped && !isSingleValue(resolver, p.type))
    if (spread) {
      reasons.push(
        `${candidate.label}: ${name}.${spread.name} is given by ${spread.read.kind === 'snapshot' ? spread.read.method : ''}() as one value, but its type is not stored as one`,
      )
      continue
    }
    const reconstruct: Reconstruct =
      candidate.kind === 'constructor'
        ? { kind: 'constructor', arguments: mapped.arguments }
        : candidate.unwrap
          ? { kind: 'wrapped-factory', method: candidate.method ?? '', arguments: mapped.arguments, unwrap: candidate.unwrap }
          : { kind: 'factory', method: candidate.method ?? '', arguments: mapped.arguments }
    return { kind: 'class', location: ctx.location(declaration), properties, reconstruct }
  }

  // one stored property read through a reader (a field or a getter) of the class
  const propertyOfReader = (key: string, r: Reader) =>
    property(resolver, {
      name: key,
      type: r.type,
      declaration: r.declaration,
      typeNode: typeNodeOf(r.declaration),
      owner: `${name}.${key}`,
      read: r.read,
      readonly: r.readonly,
      optional: isOptionalMember(r.declaration),
      port,
      idValue: idValueOf(name, role),
    })
  // `class User { id!: string; name!: string }` with a no-argument constructor: Object.assign(new User(), row)
  const writable = [...readers.entries()].filter(([, r]) => r.writable)
  const noArgConstructor = !isAbstract && constructors.some((s) => s.getParameters().every((p) => isOptional(p)) && isPublicSignature(s))
  if (noArgConstructor && writable.length > 0 && writable.length === [...readers.values()].filter((r) => r.read.kind === 'field').length) {
    const properties = writable.map(([key, r]) => propertyOfReader(key, { ...r, readonly: false }))
    return { kind: 'class', location: ctx.location(declaration), properties, reconstruct: { kind: 'assign' } }
  }
  if (candidates.length === 0 && reasons.length === 0) reasons.push('it has no public constructor or static factory returning it')
  ctx.report(
    'error',
    'entity-not-reconstructible',
    declaration,
    `cannot rebuild ${name} from stored columns: ${reasons.join('; ')}`,
    `Add a static factory that takes every stored property, e.g. \`static reconstitute(props: ${name}Props): ${name}\`, with a public getter for each property${reasons.some((r) => r.includes('does not accept')) ? ', or let each parameter accept what its getter returns (`editedAt?: Date | null`)' : ''}.`,
    port,
  )
  // what the class itself exposes: a generic base's plumbing (`props`, `domainEvents` of AggregateRoot<T>) would only add noise
  const own = [...readers.entries()].filter(([key, r]) => key === 'id' || !declaredInGenericBase(r.declaration, declaration))
  const properties = own.map(([key, r]) => propertyOfReader(key, r))
  return { kind: 'class', location: ctx.location(declaration), properties, reconstruct: { kind: 'none' } }
}

/**
 * `class TeamId extends Uuid {}` calling the inherited `static of(value): Uuid { return new this(value) }`: typed as the
 * base, the call builds the class it is called on (`new this`), and what it returns fits the class (TeamId adds no
 * member), so `TeamId.of(row.team_id)` is a TeamId. A base factory building `new Uuid(...)` is not one.
 */
function buildsThisClass(checker: ts.TypeChecker, declaration: ts.MethodDeclaration, returned: ts.Type, type: ts.Type): boolean {
  if (!declaration.body || !checker.isTypeAssignableTo(returned, type)) return false
  const bases = (type.getBaseTypes?.() ?? []).flatMap(function chain(base: ts.Type): ts.Type[] {
    return [base, ...(base.getBaseTypes?.() ?? []).flatMap(chain)]
  })
  if (!bases.some((base) => base.getSymbol() === returned.getSymbol())) return false
  let found = false
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node)) return
    if (ts.isNewExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword) found = true
    else ts.forEachChild(node, visit)
  }
  ts.forEachChild(declaration.body, visit)
  return found
}

/**
 * A primitives pair, by types whatever the names (toPrimitives/fromPrimitives, toJSON/fromJSON, toSnapshot/restore,
 * serialize/hydrate...): a public no-argument instance method returning a plain object shape, and a public static
 * method of one parameter that accepts that shape and returns the class (or a wrapper of it). Methods are tried in
 * declaration order.
 */
function primitivesPair(
  checker: ts.TypeChecker,
  methods: ReadonlyMap<string, ts.Signature>,
  statics: ReadonlyMap<string, ts.Signature>,
): { method: string; factory: string } | undefined {
  for (const [method, signature] of methods) {
    if (signature.getParameters().length > 0) continue
    const state = checker.getReturnTypeOfSignature(signature)
    if (!isPlainObject(checker, state) || checker.getPropertiesOfType(state).length === 0) continue
    for (const [factory, restore] of statics) {
      const [parameter, ...rest] = restore.getParameters()
      if (!parameter || rest.some((p) => !isOptional(p))) continue
      const accepts = checker.getTypeOfSymbol(parameter)
      if (isPlainObject(checker, checker.getNonNullableType(accepts)) && checker.isTypeAssignableTo(state, accepts)) return { method, factory }
    }
  }
  return undefined
}

/** Calls that record a domain event, by the shape of the code: `this.record(...)`, `x.addDomainEvent(...)`, `x.events.push(...)`. */
const RECORDING_CALLS = /^(record|recordEvent|recordThat|apply|addDomainEvent|addEvent|raise|raiseEvent|pushEvent|registerEvent|emit)$/

/** The recording call in a constructor's or factory's body (`note.events.push`), or undefined when it records none. */
function recordedEvent(declaration: ts.Node | undefined): string | undefined {
  const body = declaration && (ts.isMethodDeclaration(declaration) || ts.isConstructorDeclaration(declaration)) ? declaration.body : undefined
  if (!body) return undefined
  // `if (!id) x.record(...)`: recording only when an optional parameter (the id of a new instance) is left out is a
  // factory that also rebuilds (stemmlerjs's `create(props, id?)`)
  const optional = new Set(
    (declaration as ts.SignatureDeclaration).parameters
      .filter((p) => p.questionToken !== undefined && ts.isIdentifier(p.name))
      .map((p) => (p.name as ts.Identifier).text),
  )
  const mentionsOptional = (expression: ts.Node): boolean =>
    (ts.isIdentifier(expression) && optional.has(expression.text)) || (ts.forEachChild(expression, (child) => mentionsOptional(child) || undefined) ?? false)
  let found: string | undefined
  const visit = (node: ts.Node): void => {
    if (found) return
    if (ts.isIfStatement(node) && mentionsOptional(node.expression)) {
      if (node.elseStatement) visit(node.elseStatement)
      return
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const callee = node.expression
      const method = callee.name.text
      const target = callee.expression
      const onEvents = ts.isPropertyAccessExpression(target) && /events$/i.test(target.name.text)
      if (RECORDING_CALLS.test(method) || (onEvents && /^(push|add|unshift)$/.test(method))) {
        found = callee.getText()
        return
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(body)
  return found
}

interface MappedProperty {
  readonly name: string
  readonly type: ts.Type
  readonly declaration: ts.Node
  readonly typeNode?: ts.TypeNode
  readonly optional: boolean
  readonly reader: Reader
}

/** Maps each parameter of a constructor/factory to readable properties, or says why it cannot. */
function mapSignature(
  checker: ts.TypeChecker,
  signature: ts.Signature,
  readerFor: (key: string, single: boolean) => Reader | undefined,
  valueObject: boolean,
  loose: boolean,
): { arguments: ReconstructArgument[]; properties: MappedProperty[] } | string {
  const args: ReconstructArgument[] = []
  const properties: MappedProperty[] = []
  const parameters = signature.getParameters()
  for (const [index, parameter] of parameters.entries()) {
    const decl = parameter.valueDeclaration as ts.ParameterDeclaration | undefined
    if (!decl) return `parameter ${parameter.name} has no declaration`
    if (decl.dotDotDotToken) return `takes a rest parameter ...${parameter.name}`
    const type = checker.getTypeOfSymbol(parameter)
    const objectType = checker.getNonNullableType(type)
    // `create(props: UserProps, id)` next to a public `props` field: store each prop (through the getters), not the bag
    if (
      isPlainObject(checker, objectType) &&
      readerFor(parameter.name, false)?.read.kind === 'field' &&
      isPlainObject(checker, checker.getNonNullableType(readerFor(parameter.name, false)?.type ?? type))
    ) {
      const expanded = mapObject(checker, objectType, readerFor, properties, loose)
      if (typeof expanded !== 'string') {
        args.push(expanded)
        continue
      }
    }
    const found = readerFor(parameter.name, false) ?? (valueObject && parameters.length === 1 ? readerFor('value', true) : undefined)
    let fit = found ? fits(checker, found.type, type, loose) : false
    // `new User(id: UserId, ...)` whose state method gives `id: string`: the value object is rebuilt from that value
    const unwrapped = found && !fit ? asUnwrapped(checker, found, type) : undefined
    if (unwrapped) fit = true
    const reader = unwrapped ?? found
    if (reader && !fit) {
      const name = readerFor(parameter.name, false) ? parameter.name : 'value'
      return `parameter ${parameter.name}: ${checker.typeToString(type)} does not accept what reads back ${name} (${checker.typeToString(reader.type)})`
    }
    if (reader) {
      const name = readerFor(parameter.name, false) ? parameter.name : 'value'
      args.push({ kind: 'property', property: name, ...(fit === 'null-as-undefined' ? { nullAsUndefined: true as const } : {}) })
      // the one value of a value object is always there, even when the constructor may make it (`id?: string | number`)
      properties.push(stored(name, reader, decl, decl.type, loose && isOptional(parameter) && name === parameter.name))
      continue
    }
    if (isPlainObject(checker, objectType)) {
      const mappedObject = mapObject(checker, objectType, readerFor, properties, loose)
      if (typeof mappedObject === 'string') return mappedObject
      args.push(mappedObject)
      continue
    }
    // optional trailing parameters that match nothing are left out
    if (isOptional(parameter) && parameters.slice(index).every(isOptional)) break
    return `parameter ${parameter.name} matches no public field or getter`
  }
  if (properties.length === 0) return 'it takes no stored property'
  return { arguments: args, properties }
}

/**
 * A state method's field (`toPrimitives().id: string`) for a parameter taking a single-value object (`id: UserId`,
 * `email: Email`, a class whose public `value` accepts that primitive): read as the value object, its value given
 * by the state method. Only the readers of a state method: a getter giving another type is a mismatch.
 */
function asUnwrapped(checker: ts.TypeChecker, reader: Reader, parameterType: ts.Type): Reader | undefined {
  if (reader.read.kind !== 'snapshot' || !isPrimitiveLike(reader.type)) return undefined
  const target = checker.getNonNullableType(parameterType)
  if (!isClassInstance(target)) return undefined
  const value = checker.getPropertyOfType(target, 'value')
  const declaration = value?.valueDeclaration ?? value?.declarations?.[0]
  if (!value || !declaration || !isPublic(declaration as ts.Declaration)) return undefined
  if (!checker.isTypeAssignableTo(reader.type, checker.getTypeOfSymbol(value))) return undefined
  return { ...reader, type: parameterType, read: { ...reader.read, unwrapped: true } }
}

function isSingleValue(resolver: PropertyTypeResolver, type: TypeRef): boolean {
  if (type.kind === 'id') return type.form === 'value-object'
  return type.kind === 'value-object' && resolver.storageOf(type.name) === 'column'
}

function isPrimitiveLike(type: ts.Type): boolean {
  const flags = ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike
  return (type.flags & flags) !== 0 || type.getSymbol()?.name === 'Date'
}

/**
 * A stored property is typed by what reads it back (the getter/field), not by the factory parameter: a getter
 * `get createdAt(): Date` stores a non-null Date even when the constructor takes `createdAt?: Date`. Except in projects
 * without strictNullChecks, where a getter's type says nothing about undefined: there, filling an optional parameter
 * (`reputation?: number` of the props) makes the property optional.
 */
function stored(name: string, reader: Reader, parameter: ts.Node, parameterTypeNode: ts.TypeNode | undefined, fillsOptional: boolean): MappedProperty {
  const direct = reader.read.kind === 'field' || reader.read.kind === 'getter'
  return {
    name,
    type: reader.type,
    declaration: direct ? reader.declaration : parameter,
    typeNode: direct ? typeNodeOf(reader.declaration) : parameterTypeNode,
    // a field says itself whether it is optional; a getter or method may hide an optional prop behind a plain type
    optional: reader.read.kind === 'field' ? isOptionalMember(reader.declaration) : (direct && isOptionalMember(reader.declaration)) || fillsOptional,
    reader,
  }
}

/** An object parameter (`props: UserProps`, `{ id, props, createdAt }`): each key read back, nested objects recursively. */
function mapObject(
  checker: ts.TypeChecker,
  objectType: ts.Type,
  readerFor: (key: string, single: boolean) => Reader | undefined,
  properties: MappedProperty[],
  loose: boolean,
): ReconstructArgument | string {
  const keys: { key: string; property: string; nullAsUndefined?: true }[] = []
  const nested: { key: string; argument: ReconstructArgument }[] = []
  const missing: string[] = []
  for (const member of checker.getPropertiesOfType(objectType)) {
    const memberDecl = member.valueDeclaration ?? member.declarations?.[0]
    const memberType = checker.getTypeOfSymbol(member)
    const memberReader = readerFor(member.name, false)
    const fit = memberReader ? fits(checker, memberReader.type, memberType, loose) : false
    if (memberReader && !fit) {
      return `${checker.typeToString(objectType)}.${member.name}: ${checker.typeToString(memberType)} does not accept what reads it back (${checker.typeToString(memberReader.type)})`
    }
    if (memberReader && memberDecl) {
      keys.push({ key: member.name, property: member.name, ...(fit === 'null-as-undefined' ? { nullAsUndefined: true as const } : {}) })
      const memberTypeNode = ts.isPropertySignature(memberDecl) || ts.isPropertyDeclaration(memberDecl) ? memberDecl.type : undefined
      properties.push(stored(member.name, memberReader, memberDecl, memberTypeNode, loose && (member.flags & ts.SymbolFlags.Optional) !== 0))
      continue
    }
    const inner = checker.getNonNullableType(memberType)
    if (isPlainObject(checker, inner)) {
      const argument = mapObject(checker, inner, readerFor, properties, loose)
      if (typeof argument === 'string') return argument
      nested.push({ key: member.name, argument })
      continue
    }
    if (member.flags & ts.SymbolFlags.Optional) continue
    missing.push(member.name)
  }
  if (missing.length > 0) return `${checker.typeToString(objectType)} has ${missing.join(', ')} with no public field, getter or state method to read back`
  return { kind: 'object', properties: keys, ...(nested.length > 0 ? { nested } : {}) }
}

/** The state of an identifier value object (`UniqueEntityID`, `UserId`): a `string | number` there is stored as a string. */
function idValueOf(name: string, role: 'entity' | 'value-object'): boolean {
  return role === 'value-object' && isIdTypeName(name)
}

/** What a getter/field returns can be passed back to the parameter (both sides as the project's compiler sees them). */
function fits(checker: ts.TypeChecker, readType: ts.Type, parameterType: ts.Type, loose: boolean): boolean | 'null-as-undefined' {
  if (checker.isTypeAssignableTo(readType, parameterType)) return true
  // without strictNullChecks the project itself accepts null/undefined anywhere
  const nonNull = checker.isTypeAssignableTo(checker.getNonNullableType(readType), parameterType)
  if (loose) return nonNull
  // with them, `getEditedAt(): Date | null` fills `editedAt?: Date` when the mapper passes `?? undefined` for null
  const acceptsUndefined = checker.isTypeAssignableTo(checker.getUndefinedType(), parameterType)
  return nonNull && acceptsUndefined && checker.isTypeAssignableTo(checker.getNullType(), readType) ? 'null-as-undefined' : false
}

/**
 * `Result<User>` whose public `getValue(): User` (or `unwrap()`, `get()`, a `value: User` property...) hands out the
 * instance. Unions (`Either<E, User>` = Left | Right) have no such member and are not unwrapped.
 */
function unwrapOf(checker: ts.TypeChecker, wrapper: ts.Type, instance: ts.Type): FactoryUnwrap | undefined {
  if (!(wrapper.flags & ts.TypeFlags.Object)) return undefined
  const wrapperName = wrapper.aliasSymbol?.name ?? wrapper.getSymbol()?.name ?? checker.typeToString(wrapper)
  for (const name of UNWRAP_METHODS) {
    const member = checker.getPropertyOfType(wrapper, name)
    const decl = member?.valueDeclaration ?? member?.declarations?.[0]
    if (!member || !decl || !isPublic(decl as ts.Declaration)) continue
    const memberType = checker.getTypeOfSymbol(member)
    const [signature] = memberType.getCallSignatures()
    if (signature) {
      if (signature.getParameters().length === 0 && checker.getReturnTypeOfSignature(signature).getSymbol() === instance.getSymbol()) {
        return { kind: 'method', name, wrapper: wrapperName }
      }
      continue
    }
    if (name === 'value' && memberType.getSymbol() === instance.getSymbol()) return { kind: 'property', name, wrapper: wrapperName }
  }
  return undefined
}

/** A member declared by a generic base class (`props` of `Entity<Props>`, `domainEvents` of `AggregateRoot<T>`). */
function declaredInGenericBase(member: ts.Node, cls: ts.ClassLikeDeclaration): boolean {
  let owner: ts.Node | undefined = member.parent
  while (owner && !ts.isClassLike(owner)) owner = owner.parent
  return owner !== undefined && owner !== cls && ts.isClassLike(owner) && (owner.typeParameters?.length ?? 0) > 0
}

function isPlainObject(checker: ts.TypeChecker, type: ts.Type): boolean {
  // `Omit<GymProps, 'id'> & { id: string }`: an intersection of plain objects is one (a brand `string & {...}` is not)
  if (type.isIntersection()) return type.types.every((member) => isPlainObject(checker, member))
  return (
    (type.flags & ts.TypeFlags.Object) !== 0 &&
    !checker.isArrayType(type) &&
    type.getSymbol()?.name !== 'Date' &&
    !isClassInstance(type) &&
    type.getCallSignatures().length === 0
  )
}

/** One property of a shape, as the shape readers found it. */
interface PropertySource {
  readonly name: string
  readonly type: ts.Type
  readonly declaration: ts.Node
  readonly typeNode: ts.TypeNode | undefined
  /** `User.email`, for messages */
  readonly owner: string
  readonly read: PropertyRead
  readonly readonly: boolean
  readonly optional: boolean
  readonly port?: string
  /** the state of an identifier value object (see idValueOf) */
  readonly idValue: boolean
}

function property(resolver: PropertyTypeResolver, source: PropertySource): Property {
  const { name, type, declaration, typeNode, owner, read, readonly, optional, port, idValue } = source
  const resolved = resolver.resolve(type, { node: declaration, owner, typeNode, port, ...(idValue ? { idValue } : {}) })
  const location = resolver.ctx.location(declaration)
  if (resolved.kind === 'nullable') {
    return { name, type: resolved.inner, optional: optional || resolved.undefined, nullable: resolved.null, readonly, read, location }
  }
  return { name, type: resolved, optional, nullable: false, readonly, read, location }
}

/**
 * How a value object is stored: one primitive-like property -> `column`; only scalar and flattenable properties
 * -> `flattened` (one column per leaf, `address_city`); arrays, JSON or unsupported parts -> `json`.
 */
export function storageOf(properties: readonly Property[]): { storage: ValueObjectStorage; wraps?: { property: string; type: TypeRef } } {
  const [only] = properties
  if (properties.length === 1 && only && isScalar(only.type)) return { storage: 'column', wraps: { property: only.name, type: only.type } }
  if (properties.length > 0 && properties.every((p) => isScalar(p.type) || p.type.kind === 'value-object')) return { storage: 'flattened' }
  return { storage: 'json' }
}

function isScalar(type: TypeRef): boolean {
  return type.kind === 'primitive' || type.kind === 'enum' || type.kind === 'literal-union' || type.kind === 'id'
}

function isFunctionType(checker: ts.TypeChecker, type: ts.Type): boolean {
  const nonNull = checker.getNonNullableType(type)
  return nonNull.getCallSignatures().length > 0 && nonNull.getProperties().length === 0
}

function isOptional(parameter: ts.Symbol): boolean {
  const decl = parameter.valueDeclaration
  return decl !== undefined && ts.isParameter(decl) && (decl.questionToken !== undefined || decl.initializer !== undefined)
}

function isPublicSignature(signature: ts.Signature): boolean {
  const decl = signature.getDeclaration() as ts.Declaration | undefined
  return !decl || isPublic(decl)
}

function isClassInstance(type: ts.Type): boolean {
  return type.getSymbol()?.declarations?.some(ts.isClassLike) ?? false
}

function isOptionalMember(declaration: ts.Node): boolean {
  return (
    (ts.isPropertyDeclaration(declaration) || ts.isPropertySignature(declaration) || ts.isParameter(declaration)) && declaration.questionToken !== undefined
  )
}

function typeNodeOf(declaration: ts.Node): ts.TypeNode | undefined {
  return ts.isPropertyDeclaration(declaration) || ts.isPropertySignature(declaration) || ts.isParameter(declaration) || ts.isGetAccessor(declaration)
    ? declaration.type
    : undefined
}
