import ts from 'typescript'
import type { IdType, ObjectParameterType, PageField, Port, PortMethod, PortParameter, Property, ReturnShape, TypeRef } from '../model'
import { ReaderContext, declarationName, isPublic } from './context'
import { identityPropertyNames, isIdParameterName, looksLikeIdProperty } from './identity'
import { singularCandidates } from '../plural'
import { OXIDE_MODULE, oxideOptionInner } from './oxide-option'
import { packageExport } from './package-export'
import { isGenericOrUnion, resultReturnOf } from './result-return'
import { resultWrapperOf } from './result-wrapper'
import { TypeResolver, declarationOf, type Site } from './types'
import { readFilterCriteria } from './filter-criteria'

export type PortDeclaration = ts.InterfaceDeclaration | ts.ClassDeclaration | ts.TypeAliasDeclaration

/**
 * Port declarations of one file: interfaces, abstract classes and type aliases whose name ends with a suffix, or
 * (with a checker) that have the role of a repository whatever their name (see hasRepositoryRole); except generic
 * declarations with their own type parameters (bases like `Repository<T, ID>`, not ports).
 */
export function findPortDeclarations(sourceFile: ts.SourceFile, suffixes: readonly string[], checker?: ts.TypeChecker): PortDeclaration[] {
  const found: PortDeclaration[] = []
  for (const statement of sourceFile.statements) {
    if (!ts.isInterfaceDeclaration(statement) && !ts.isClassDeclaration(statement) && !ts.isTypeAliasDeclaration(statement)) continue
    const name = statement.name?.text
    if (!name) continue
    if (statement.typeParameters && statement.typeParameters.length > 0) continue
    if (ts.isClassDeclaration(statement) && !(ts.getCombinedModifierFlags(statement) & ts.ModifierFlags.Abstract)) continue
    const bySuffix = suffixes.some((suffix) => name.endsWith(suffix))
    if (bySuffix || (checker && !ts.isTypeAliasDeclaration(statement) && hasRepositoryRole(checker, statement))) found.push(statement)
  }
  return found
}

/**
 * A repository by role (`UserStore`, `Users`): every member is a method, and its methods both return (in a Promise)
 * and take an entity, i.e. an object type with an `id` property declared in the project (not in node_modules).
 * A service that only takes entities (`notify(user)`) or only returns them is not a repository.
 */
function hasRepositoryRole(checker: ts.TypeChecker, declaration: ts.InterfaceDeclaration | ts.ClassDeclaration): boolean {
  const symbol = declaration.name && checker.getSymbolAtLocation(declaration.name)
  if (!symbol) return false
  const type = checker.getDeclaredTypeOfSymbol(symbol)
  const members = checker.getPropertiesOfType(type)
  if (members.length === 0 || checker.getPropertyOfType(type, 'id')) return false
  let returns = false
  let takes = false
  for (const member of members) {
    const signatures = checker.getNonNullableType(checker.getTypeOfSymbol(member)).getCallSignatures()
    if (signatures.length === 0) return false
    for (const signature of signatures) {
      const result = checker.getReturnTypeOfSignature(signature)
      const awaited = checker.getAwaitedType(result)
      if (awaited && awaited !== result && isEntityLike(checker, awaited)) returns = true
      if (signature.getParameters().some((parameter) => isEntityLike(checker, checker.getTypeOfSymbol(parameter)))) takes = true
    }
  }
  return returns && takes
}

/** `E`, `E | null`, `E[]`, `readonly E[]` for an object type E with an identity property, declared outside node_modules. */
function isEntityLike(checker: ts.TypeChecker, type: ts.Type): boolean {
  const inner = checker.getNonNullableType(type)
  if (inner.isUnion()) return false
  const element = checker.isArrayType(inner) ? checker.getTypeArguments(inner as ts.TypeReference)[0] : inner
  const symbol = element && (element.aliasSymbol ?? element.getSymbol())
  if (!element || !symbol || !(element.flags & ts.TypeFlags.Object)) return false
  if (!identityPropertyNames(symbol.name).some((name) => checker.getPropertyOfType(element, name))) return false
  const file = symbol.declarations?.[0]?.getSourceFile().fileName
  return file !== undefined && !file.split(/[\\/]/).includes('node_modules')
}

/** Reads one port: its entity, its id type and every method (inherited ones included, type parameters substituted). */
export function readPort(ctx: ReaderContext, resolver: TypeResolver, declaration: PortDeclaration, suffixes: readonly string[]): Port {
  const { checker } = ctx
  const name = declaration.name?.text ?? 'Port'
  const symbol = checker.getSymbolAtLocation(declaration.name ?? declaration)
  const type = symbol ? checker.getDeclaredTypeOfSymbol(symbol) : checker.getTypeAtLocation(declaration)
  const declarationKind = ts.isInterfaceDeclaration(declaration) ? 'interface' : ts.isClassDeclaration(declaration) ? 'abstract-class' : 'type-alias'
  const module = ctx.moduleRef(declaration)
  if (!module) {
    ctx.report(
      'error',
      'not-exported',
      declaration,
      `${name} is not exported from its file, so a repository cannot implement it`,
      `Add \`export\` to ${name}.`,
      name,
    )
  }
  const members = methodSymbols(ctx, type, declaration)

  // the entity first, so that references to it resolve to EntityRefs rather than value objects
  const entityType = findEntityType(
    ctx,
    declaration,
    members.map((m) => m.signature),
    name,
    suffixes,
  )
  let entity: string | null = null
  let id: IdType | null = null
  let idType: ts.Type | undefined
  if (!entityType) {
    ctx.report(
      'error',
      'entity-not-found',
      declaration,
      `cannot tell which entity ${name} stores: no method returns or takes one`,
      `Give ${name} a findById(id): Promise<Entity | null> or save(entity: Entity) method, or extend a base like Repository<Entity, Id>.`,
      name,
    )
  } else {
    entity = resolver.entity(entityType, name) ?? null
    const identity = entity ? findIdentity(ctx, resolver, entity, entityType, name) : undefined
    if (identity && entity) {
      resolver.setIdentity(entity, identity.property, identity.id)
      id = identity.id
      idType = identity.type
    }
  }

  const methods = members.map(({ symbol: member, signature, declaration: memberDeclaration, inheritedFrom }) =>
    ctx.forMethod(name, member.name, () =>
      readMethod(ctx, resolver, {
        port: name,
        portDeclaration: declaration,
        name: member.name,
        signature,
        declaration: memberDeclaration,
        inheritedFrom,
        id,
        idType,
        entity,
      }),
    ),
  )
  return {
    name,
    declarationKind,
    location: ctx.location(declaration),
    module: module ?? { file: ctx.location(declaration).file, exportName: name, typeOnly: declarationKind !== 'abstract-class' },
    entity,
    id,
    methods,
  }
}

interface MemberSignature {
  readonly symbol: ts.Symbol
  readonly signature: ts.Signature
  readonly declaration: ts.Node
  readonly inheritedFrom?: string
}

/** The port's callable members; for abstract classes only the abstract ones (the rest is already implemented). */
function methodSymbols(ctx: ReaderContext, type: ts.Type, port: PortDeclaration): MemberSignature[] {
  const { checker } = ctx
  const found: MemberSignature[] = []
  for (const symbol of checker.getPropertiesOfType(type)) {
    const decl = symbol.valueDeclaration ?? symbol.declarations?.[0]
    if (!decl) continue
    if (
      ts.isClassDeclaration(port) &&
      (!isPublic(decl as ts.Declaration) || !(ts.getCombinedModifierFlags(decl as ts.Declaration) & ts.ModifierFlags.Abstract))
    )
      continue
    const signatures = checker.getNonNullableType(checker.getTypeOfSymbol(symbol)).getCallSignatures()
    const signature = signatures[0]
    if (!signature) continue
    if (signatures.length > 1) {
      ctx.report(
        'warning',
        'unsupported-parameter',
        decl,
        `${symbol.name} is overloaded; only its first signature is implemented`,
        'Give each overload its own method name.',
        declarationName(port),
      )
    }
    const owner = ownerOf(decl)
    const inheritedFrom = owner && owner !== port && !isWithin(decl, port) ? ownerName(owner) : undefined
    found.push({ symbol, signature, declaration: decl, ...(inheritedFrom ? { inheritedFrom } : {}) })
  }
  return found
}

function ownerOf(node: ts.Node): ts.Node | undefined {
  let current: ts.Node | undefined = node.parent
  while (current && !ts.isInterfaceDeclaration(current) && !ts.isClassLike(current) && !ts.isTypeAliasDeclaration(current)) current = current.parent
  return current
}

function ownerName(node: ts.Node): string | undefined {
  return ts.isInterfaceDeclaration(node) || ts.isClassLike(node) || ts.isTypeAliasDeclaration(node) ? node.name?.text : undefined
}

function isWithin(node: ts.Node, ancestor: ts.Node): boolean {
  for (let current: ts.Node | undefined = node; current; current = current.parent) if (current === ancestor) return true
  return false
}

/**
 * The entity a port stores: the declaration named like the port (`UserRepository` -> `User`) when it appears in
 * a signature or a base's type arguments; otherwise the object type most used by results, parameters and base arguments.
 */
function findEntityType(
  ctx: ReaderContext,
  port: PortDeclaration,
  signatures: readonly ts.Signature[],
  name: string,
  suffixes: readonly string[],
): ts.Type | undefined {
  const { checker } = ctx
  const scores = new Map<ts.Node, { type: ts.Type; score: number }>()
  const add = (type: ts.Type | undefined, weight: number): void => {
    const candidate = type && entityCandidate(ctx, type, port)
    if (!candidate) return
    const declaration = declarationOf(candidate)
    // `withTransaction(tx): NoteRepository` returns the port itself, never the entity it stores
    if (!declaration || declaration === port) return
    const entry = scores.get(declaration) ?? { type: candidate, score: 0 }
    entry.score += weight
    scores.set(declaration, entry)
  }
  for (const typeNode of baseTypeArguments(port)) add(checker.getTypeFromTypeNode(typeNode), 3)
  for (const signature of signatures) {
    add(checker.getReturnTypeOfSignature(signature), 2)
    for (const parameter of signature.getParameters()) add(checker.getTypeOfSymbol(parameter), 1)
  }
  const suffix = [...suffixes].sort((a, b) => b.length - a.length).find((s) => name.endsWith(s)) ?? ''
  const stem = name.slice(0, name.length - suffix.length).replace(/^I(?=[A-Z])/, '')
  // `UsersRepository` stores User, `CategoriesRepo` Category, `AddressesRepository` Address
  const stems = singularCandidates(stem)
  const ranked = [...scores.entries()].sort((a, b) => b[1].score - a[1].score)
  const named = stems.map((s) => ranked.find(([declaration]) => declarationName(declaration as ts.Declaration) === s)).find((n) => n !== undefined)
  return (named ?? ranked[0])?.[1].type
}

/** The object type a result or parameter carries: Promise, null, arrays and page wrappers removed. */
function entityCandidate(ctx: ReaderContext, type: ts.Type, from?: ts.Node): ts.Type | undefined {
  const { checker } = ctx
  let current = checker.getNonNullableType(unwrapPromise(checker, type).type)
  if (checker.isArrayType(current)) current = checker.getNonNullableType(checker.getTypeArguments(current as ts.TypeReference)[0] ?? current)
  // `Either<MemberNotFound, Member>`: the success value, never the failure type that comes first (a union: before the object check)
  const result = isGenericOrUnion(checker, current) ? resultWrapperOf(checker, current, () => true) : undefined
  if (result) return entityCandidate(ctx, result.valueType, from)
  if (!(current.flags & ts.TypeFlags.Object) || current.getCallSignatures().length > 0) return undefined
  const option = from ? oxideOptionInner(ctx, current, from) : undefined
  if (option) return entityCandidate(ctx, option, from)
  const declaration = declarationOf(current)
  if (!declaration || !ctx.isProjectDeclaration(declaration)) return undefined
  const page = pageItems(checker, current)
  if (page) return entityCandidate(ctx, page.element, from)
  if ((current as ts.ObjectType).objectFlags & ts.ObjectFlags.Anonymous && !current.aliasSymbol) return undefined
  // generic wrappers (Option<User>) are not entities; their argument may be
  const args =
    current.aliasTypeArguments ??
    ((current as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference ? checker.getTypeArguments(current as ts.TypeReference) : [])
  if (args.length > 0) return args.map((a) => entityCandidate(ctx, a, from)).find((a) => a !== undefined)
  return current
}

/** Type arguments of the bases a port extends (`extends Repository<User, UserId>`, `= RepositoryPort<Wallet>`). */
function baseTypeArguments(port: PortDeclaration): ts.TypeNode[] {
  if (ts.isTypeAliasDeclaration(port)) {
    const references: ts.TypeNode[] = ts.isIntersectionTypeNode(port.type) ? [...port.type.types] : [port.type]
    return references.flatMap((r) => (ts.isTypeReferenceNode(r) ? [...(r.typeArguments ?? [])] : []))
  }
  return (port.heritageClauses ?? []).flatMap((clause) => clause.types.flatMap((t) => [...(t.typeArguments ?? [])]))
}

/** The entity's identity: `id`, `<entity>Id`, `_id`, or the property typed like findById's parameter. */
function findIdentity(
  ctx: ReaderContext,
  resolver: TypeResolver,
  entityName: string,
  entityType: ts.Type,
  port: string,
): { property: string; id: IdType; type: ts.Type } | undefined {
  const entity = resolver.entities[entityName]
  if (!entity) return undefined
  const names = identityPropertyNames(entityName)
  const property =
    names.map((n) => entity.properties.find((p) => p.name === n)).find((p) => p !== undefined) ??
    single(entity.properties.filter((p) => p.type.kind === 'id' && looksLikeIdProperty(p.name)))
  const declaration = declarationOf(entityType)
  if (!property) {
    // an entity that cannot be rebuilt is already an error; its fallback properties are not the stored ones
    if (declaration && entity.reconstruct.kind !== 'none') {
      ctx.report(
        'error',
        'id-not-found',
        declaration,
        `${entityName} has no identity property (looked for ${names.join(', ')})`,
        `Name the identity property \`id\` (or ${names[1]}).`,
        port,
      )
    }
    return undefined
  }
  const id = resolver.toId(property.type)
  const stateType = stateTypeOf(ctx.checker, entityType, property)
  const type = stateType ? ctx.checker.getNonNullableType(stateType) : undefined
  if (!id || !type) {
    if (declaration) {
      ctx.report(
        'error',
        'id-not-found',
        declaration,
        `${entityName}.${property.name} cannot be an identity column: it is ${describe(property.type)}`,
        'Type the identity as a string, number or bigint, a branded string, or a value object wrapping one of those.',
        port,
      )
    }
    return undefined
  }
  return { property: property.name, id, type }
}

/**
 * The declared type of a stored property, wherever it is read from: a member of the class, or a field of what a state
 * method or a props object gives (`toPrimitives().id`, `props.id`), or what a getter method returns.
 */
function stateTypeOf(checker: ts.TypeChecker, entityType: ts.Type, property: Property): ts.Type | undefined {
  const direct = checker.getPropertyOfType(entityType, property.name)
  if (direct) return checker.getTypeOfSymbol(direct)
  const read = property.read
  const returnOf = (method: string) => {
    const member = checker.getPropertyOfType(entityType, method)
    const signature = member && checker.getTypeOfSymbol(member).getCallSignatures()[0]
    return signature && checker.getReturnTypeOfSignature(signature)
  }
  if (read.kind === 'method') return returnOf(read.name)
  const via = read.kind === 'props' ? read.via : read.kind === 'snapshot' ? read.method : undefined
  if (!via) return undefined
  const holder =
    read.kind === 'snapshot'
      ? returnOf(via)
      : (() => {
          const member = checker.getPropertyOfType(entityType, via)
          return member && checker.getTypeOfSymbol(member)
        })()
  const inner = holder && checker.getPropertyOfType(holder, property.name)
  return inner && checker.getTypeOfSymbol(inner)
}

function single<T>(items: readonly T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined
}

function describe(type: TypeRef): string {
  return 'name' in type ? `${type.kind} ${type.name}` : type.kind
}

/** One member of a port to read, with the port's entity and identity. */
interface MethodSource {
  readonly port: string
  readonly portDeclaration: PortDeclaration
  readonly name: string
  readonly signature: ts.Signature
  readonly declaration: ts.Node
  /** the base it is inherited from, when it is */
  readonly inheritedFrom: string | undefined
  readonly id: IdType | null
  readonly idType: ts.Type | undefined
  readonly entity: string | null
}

function readMethod(ctx: ReaderContext, resolver: TypeResolver, source: MethodSource): PortMethod {
  const { port, name, signature, declaration, inheritedFrom, id, idType, entity } = source
  const { checker } = ctx
  const parameters: PortParameter[] = ctx.asWarnings(port, () =>
    signature.getParameters().map((parameter) => {
      const decl = parameter.valueDeclaration as ts.ParameterDeclaration | undefined
      const type = checker.getTypeOfSymbol(parameter)
      const optional = decl !== undefined && (decl.questionToken !== undefined || decl.initializer !== undefined)
      const site = {
        node: decl ?? declaration,
        owner: `${port}.${name}(${parameter.name})`,
        typeNode: inheritedFrom ? undefined : decl?.type,
        port,
        severity: 'warning' as const,
      }
      const text = checker.typeToString(type, declaration, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope)
      const nonNull = checker.getNonNullableType(type)
      // a named id type is recognised by identity; a plain string/number only by a parameter named like an id
      const isId = id && idType && nonNull === idType && (id.form !== 'primitive' || isIdParameterName(parameter.name, entity))
      if (id && isId) return { name: parameter.name, type: id, optional, text }
      // Sequelize's own Transaction (`withTransaction(tx: Transaction)`): a handle the repository can bind, never a value it stores
      const transaction = packageExport(ctx, 'sequelize', 'Transaction', declaration.getSourceFile())
      if (transaction && nonNull.getSymbol() === transaction)
        return { name: parameter.name, type: { kind: 'json', text }, optional, text, sequelizeTransaction: true }
      const filtered = filterCriteriaParameter(ctx, nonNull, entity ? resolver.entities[entity] : undefined)
      if (filtered) return { name: parameter.name, optional, text, ...filtered }
      const object = objectParameter(ctx, resolver, nonNull, site)
      if (object) {
        const pagination = paginationOf(object)
        return { name: parameter.name, type: object, optional, text, ...(pagination ? { pagination } : {}) }
      }
      return { name: parameter.name, type: stripOptional(resolver.resolve(type, site), optional), optional, text }
    }),
  )
  const returnType = checker.getReturnTypeOfSignature(signature)
  const returnsPort = returnsPortItself(checker, returnType, [source.portDeclaration, ownerOf(declaration)])
  const returns: ReturnShape = returnsPort
    ? { kind: 'port', async: returnsPort.async }
    : returnShape(ctx, resolver, returnType, { node: declaration, owner: `${port}.${name}()`, port, severity: 'warning' })
  return {
    name,
    parameters,
    returns,
    returnText: checker.typeToString(returnType, declaration, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope),
    ...(inheritedFrom ? { inheritedFrom } : {}),
    optional: (declaration as { questionToken?: ts.Node }).questionToken !== undefined,
    location: ctx.location(declaration),
  }
}

/**
 * `withTransaction(tx): NoteRepository`, `transactional(): this`, `Promise<this>`: the result is the port itself (its
 * `this` type, the port's declaration, or the base that declares the method), so a repository can return itself.
 */
function returnsPortItself(checker: ts.TypeChecker, type: ts.Type, owners: readonly (ts.Node | undefined)[]): { async: boolean } | undefined {
  const { type: inner, async } = unwrapPromise(checker, type)
  if (inner.flags & ts.TypeFlags.TypeParameter && (inner as { isThisType?: boolean }).isThisType) return { async }
  const declaration = declarationOf(inner)
  return declaration && owners.includes(declaration) ? { async } : undefined
}

/** `x?: T` already says optional: keep the `undefined` out of the TypeRef. */
function stripOptional(type: TypeRef, optional: boolean): TypeRef {
  if (optional && type.kind === 'nullable' && !type.null) return type.inner
  if (optional && type.kind === 'nullable') return { ...type, undefined: false }
  return type
}

/**
 * The common filter criteria shape (filter-criteria.ts), read by types only: its parts are never resolved as value
 * objects (they are not stored), the parameter's type is an object named for its import.
 */
function filterCriteriaParameter(
  ctx: ReaderContext,
  type: ts.Type,
  entity: { readonly properties: readonly { readonly name: string }[] } | undefined,
): Pick<PortParameter, 'type' | 'filterCriteria'> | undefined {
  const declaration = declarationOf(type)
  if (!declaration || !ctx.isProjectDeclaration(declaration)) return undefined
  const shape = readFilterCriteria(
    ctx.checker,
    type,
    (entity?.properties ?? []).map((p) => p.name),
  )
  if (!shape) return undefined
  const named =
    ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration) || ts.isClassDeclaration(declaration) ? declaration.name?.text : undefined
  const module = named ? ctx.moduleRef(declaration as ts.Declaration) : undefined
  return { type: { kind: 'object', ...(named ? { name: named } : {}), ...(module ? { module } : {}), fields: [] }, filterCriteria: shape }
}

/** Criteria, page requests, `Partial<User>`: object parameters that are neither entities nor class value objects. */
function objectParameter(ctx: ReaderContext, resolver: TypeResolver, type: ts.Type, site: Site): ObjectParameterType | undefined {
  const { checker } = ctx
  if (!(type.flags & ts.TypeFlags.Object) || checker.isArrayType(type) || type.getCallSignatures().length > 0) return undefined
  const declaration = declarationOf(type)
  if (!declaration || (!ctx.isProjectDeclaration(declaration) && !((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Mapped))) return undefined
  if (ts.isClassLike(declaration)) return undefined
  const isEntity = Object.values(resolver.entities).some(
    (e) => e.location.file === ctx.location(declaration).file && e.location.line === ctx.location(declaration).line,
  )
  if (isEntity) return undefined
  const properties = checker.getPropertiesOfType(type)
  if (properties.length === 0) return undefined
  const fields = properties.map((member) => {
    const memberType = checker.getTypeOfSymbol(member)
    // a nested plain object of a criteria/options parameter (`orderBy: { field, param }`) is not stored: it stays an
    // opaque JSON-like value instead of becoming a value object whose problems would block the whole port
    const nested = checker.getNonNullableType(memberType)
    const nestedDeclaration = declarationOf(nested)
    if (
      nested.flags & ts.TypeFlags.Object &&
      !checker.isArrayType(nested) &&
      nested.getCallSignatures().length === 0 &&
      nestedDeclaration &&
      !ts.isClassLike(nestedDeclaration) &&
      !ts.isEnumDeclaration(nestedDeclaration) &&
      nested.getSymbol()?.name !== 'Date'
    ) {
      const optional = (member.flags & ts.SymbolFlags.Optional) !== 0
      return { name: member.name, type: { kind: 'json' as const, text: checker.typeToString(nested, undefined, ts.TypeFormatFlags.NoTruncation) }, optional }
    }
    const resolved = resolver.resolve(memberType, { ...site, owner: `${site.owner}.${member.name}` })
    const optional = (member.flags & ts.SymbolFlags.Optional) !== 0
    return { name: member.name, type: stripOptional(resolved, optional), optional }
  })
  const named = ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration) ? declaration.name.text : undefined
  const module = named ? ctx.moduleRef(declaration as ts.Declaration) : undefined
  return { kind: 'object', ...(named ? { name: named } : {}), ...(module ? { module } : {}), fields }
}

const ROLES: readonly [PageField['role'], RegExp][] = [
  ['items', /^(items|data|results|content|rows|records|list|entries|nodes|elements|values)$/i],
  ['total', /^(total|totalCount|totalItems|totalElements|totalRecords|count)$/i],
  ['page', /^(page|pageNumber|currentPage|pageIndex)$/i],
  ['pageSize', /^(pageSize|perPage|size|itemsPerPage)$/i],
  ['limit', /^(limit|take|first)$/i],
  ['offset', /^(offset|skip)$/i],
  ['totalPages', /^(totalPages|pages|pageCount|lastPage)$/i],
  ['hasNext', /^(hasNext|hasMore|hasNextPage)$/i],
  ['hasPrevious', /^(hasPrevious|hasPrev|hasPreviousPage)$/i],
  ['cursor', /^(cursor|nextCursor|after)$/i],
]

export function roleOf(name: string): PageField['role'] {
  return ROLES.find(([, pattern]) => pattern.test(name))?.[0] ?? 'other'
}

/** A page request parameter: only paging fields (page/pageSize, limit/offset, cursor) and optional sort fields. */
function paginationOf(object: ObjectParameterType): { fields: PageField[] } | undefined {
  const fields: PageField[] = object.fields.map((f) => ({ name: f.name, role: roleOf(f.name), type: f.type, optional: f.optional }))
  const paging = fields.filter((f) => f.role === 'page' || f.role === 'pageSize' || f.role === 'limit' || f.role === 'offset' || f.role === 'cursor')
  const other = fields.filter((f) => f.role === 'other' || f.role === 'items' || f.role === 'total')
  if (paging.length === 0 || other.some((f) => !/^(sort|sortBy|order|orderBy|direction|sortOrder)$/i.test(f.name))) return undefined
  return { fields }
}

/** A page-like object: exactly one array property, every other property a scalar. */
function pageItems(checker: ts.TypeChecker, type: ts.Type): { element: ts.Type; property: ts.Symbol } | undefined {
  if (!(type.flags & ts.TypeFlags.Object) || checker.isArrayType(type)) return undefined
  const properties = checker.getPropertiesOfType(type)
  const arrays = properties.filter((p) => checker.isArrayType(checker.getNonNullableType(checker.getTypeOfSymbol(p))))
  const [items] = arrays
  if (arrays.length !== 1 || !items) return undefined
  const scalars =
    ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.StringLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.Null | ts.TypeFlags.Undefined
  const othersScalar = properties
    .filter((p) => p !== items)
    .every((p) => {
      const t = checker.getTypeOfSymbol(p)
      return t.isUnion() ? t.types.every((u) => (u.flags & scalars) !== 0) : (t.flags & scalars) !== 0
    })
  // an entity with one array field (`User.posts`) is not a page: the array must be named like items, next to a counter
  const counters = properties.filter((p) => p !== items && !['items', 'other'].includes(roleOf(p.name)))
  if (!othersScalar || properties.length < 2 || roleOf(items.name) !== 'items' || counters.length === 0) return undefined
  const element = checker.getTypeArguments(checker.getNonNullableType(checker.getTypeOfSymbol(items)) as ts.TypeReference)[0]
  return element ? { element, property: items } : undefined
}

/**
 * How a page is built: an object literal for interfaces and type aliases; `new Page({ ... })` for a class whose public
 * constructor takes one object with every field (`constructor(props: Paginated<T>)`); otherwise it cannot be.
 */
function pageConstruct(checker: ts.TypeChecker, type: ts.Type, declaration: ts.Node): 'object-literal' | 'new-with-props' | undefined {
  if (!ts.isClassLike(declaration)) return 'object-literal'
  const symbol = declaration.name ? checker.getSymbolAtLocation(declaration.name) : undefined
  if (!symbol || ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Abstract) return undefined
  const fields = checker.getPropertiesOfType(type).map((p) => p.name)
  const fits = checker
    .getTypeOfSymbol(symbol)
    .getConstructSignatures()
    .some((signature) => {
      const [only, ...rest] = signature.getParameters()
      const decl = signature.getDeclaration() as ts.Declaration | undefined
      if (!only || rest.length > 0 || (decl && !isPublic(decl))) return false
      const keys = checker.getPropertiesOfType(checker.getTypeOfSymbol(only)).map((p) => p.name)
      return fields.every((f) => keys.includes(f))
    })
  return fits ? 'new-with-props' : undefined
}

function unwrapPromise(checker: ts.TypeChecker, type: ts.Type): { type: ts.Type; async: boolean } {
  const symbol = type.getSymbol()
  if (symbol && (symbol.name === 'Promise' || symbol.name === 'PromiseLike')) {
    const [inner] = checker.getTypeArguments(type as ts.TypeReference)
    return { type: inner ?? checker.getVoidType(), async: true }
  }
  return { type, async: false }
}

function returnShape(ctx: ReaderContext, resolver: TypeResolver, type: ts.Type, site: Site): ReturnShape {
  const { checker } = ctx
  const { type: inner, async } = unwrapPromise(checker, type)
  if (inner.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined)) return { kind: 'void', async }
  const members = inner.isUnion() ? inner.types : [inner]
  const orNull = members.some((t) => (t.flags & ts.TypeFlags.Null) !== 0)
  const orUndefined = members.some((t) => (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) !== 0)
  const value = checker.getNonNullableType(inner)
  // `Result<User, NotFound>`, `Either<Error, void>`: the success type's shape, built through the wrapper's own builders
  const result = orNull || orUndefined ? undefined : resultReturnOf(ctx, value)
  if (result) {
    const success = returnShape(ctx, resolver, result.valueType, { ...site, owner: `${site.owner} ${result.wrapper.name}` })
    return { kind: 'result', async, value: { ...success, async }, wrapper: result.wrapper }
  }
  if (checker.isArrayType(value)) {
    const element = checker.getTypeArguments(value as ts.TypeReference)[0] ?? checker.getUnknownType()
    return { kind: 'list', async, element: resolver.resolve(element, { ...site, owner: `${site.owner}[]` }) }
  }
  const page = pageItems(checker, value)
  const pageDeclaration = declarationOf(value)
  const construct = page && pageDeclaration ? pageConstruct(checker, value, pageDeclaration) : undefined
  if (page && pageDeclaration && construct && ctx.isProjectDeclaration(pageDeclaration)) {
    const element = resolver.resolve(page.element, { ...site, owner: `${site.owner}.${page.property.name}[]` })
    const fields: PageField[] = checker.getPropertiesOfType(value).map((p) => {
      const optional = (p.flags & ts.SymbolFlags.Optional) !== 0
      if (p === page.property) return { name: p.name, role: 'items', type: { kind: 'array', element, readonly: false }, optional }
      const resolved = resolver.resolve(checker.getTypeOfSymbol(p), { ...site, owner: `${site.owner}.${p.name}` })
      return { name: p.name, role: roleOf(p.name), type: stripOptional(resolved, optional), optional }
    })
    const named =
      ts.isInterfaceDeclaration(pageDeclaration) || ts.isTypeAliasDeclaration(pageDeclaration) || ts.isClassDeclaration(pageDeclaration)
        ? pageDeclaration.name?.text
        : undefined
    const module = named ? ctx.moduleRef(pageDeclaration as ts.Declaration) : undefined
    return { kind: 'page', async, element, ...(named ? { name: named } : {}), ...(module ? { module } : {}), fields, construct }
  }
  // oxide.ts `Option<Entity>`: a single result wrapped in Some/None (another library's Option stays unsupported)
  const optionInner = oxideOptionInner(ctx, value, site.node)
  if (optionInner && !orNull && !orUndefined) {
    const inner = resolver.resolve(optionInner, { ...site, owner: `${site.owner} Option` })
    if (inner.kind === 'entity')
      return { kind: 'single', async, type: inner, orNull: false, orUndefined: false, wrapper: { kind: 'oxide-option', module: OXIDE_MODULE } }
  }
  const resolved = resolver.resolve(value, site)
  switch (resolved.kind) {
    case 'unsupported':
      return { kind: 'unsupported', async, text: resolved.text }
    // a variant value is no finder's result (no query returns a part of the entity): the method is a stub
    case 'tagged-union':
      return { kind: 'unsupported', async, text: resolved.text }
    case 'entity':
    case 'value-object':
    case 'json':
      return { kind: 'single', async, type: resolved, orNull, orUndefined }
    default: {
      const type = orNull || orUndefined ? { kind: 'nullable' as const, inner: resolved, null: orNull, undefined: orUndefined } : resolved
      return { kind: 'scalar', async, type }
    }
  }
}
