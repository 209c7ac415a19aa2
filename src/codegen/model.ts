/**
 * The DomainModel: what the domain reader (src/codegen/domain/) learns from a project's TypeScript domain layer,
 * as plain JSON data. Generators, templates and commands use only this; nothing downstream touches the TypeScript AST.
 *
 * Conventions:
 * - Every path is relative to the project root, with forward slashes (`src/domain/user.ts`).
 * - Named things (entities, value objects, enums, ports) are keyed by their declared name; a TypeRef refers to them by name.
 * - A property's `type` is never a `nullable` TypeRef: its nullability is in `optional` / `nullable` on the Property.
 *   `nullable` TypeRefs only appear inside other types (array elements, parameters, return values).
 * - The model only changes additively; a breaking change is announced in CHANGES below.
 *
 * CHANGES (for code built on this file), all additive:
 * - Reconstruct `assign`: `Object.assign(new X(), { ...props })` for public-field classes with a no-argument constructor.
 * - PropertyRead `snapshot`: `x.getPropsCopy().name` (a public no-argument method returning the whole state).
 * - ReconstructArgument `object` may carry `nested`: keys whose value is itself an object literal of properties
 *   (`new UserEntity({ id, createdAt, props: { email, name } })`).
 * - ReturnShape `page` carries `construct`: an object literal, or `new Paginated({ ... })` for a page class.
 * - BREAKING (issue 8): a factory returning a wrapper (`Result<User>`, stemmlerjs style) is its own Reconstruct variant,
 *   `wrapped-factory` with a required `unwrap` (`User.create({ ... }, id).getValue()`, or `.value` for a property),
 *   instead of an optional `unwrap` on `factory` that generators had to remember: the compiler now checks it.
 * - PrimitiveType may carry `widened`: the declared type is `string | number` (UniqueEntityID's Identifier<string | number>)
 *   stored as `string`, or `string | Date` stored as `Date`; generators MUST convert what reads it (`String(...)`,
 *   `new Date(...)`) before it goes into the column.
 * - ReconstructArgument `property` and the entries of `object` may carry `nullAsUndefined`: a stored null is passed
 *   as `undefined` to a parameter that takes `T | undefined` only (pvarentsov style `editedAt?: Date` behind
 *   `getEditedAt(): Nullable<Date>`). Generators MUST append `?? undefined`.
 * - Diagnostic may carry `method`: a warning about one port method's parameter or result; a generator that stubs the
 *   method names it in the stub's warning and lists it in its output's `covers`, so each method is warned about once.
 * - ReturnShape `single` may carry `wrapper`: `Promise<Option<User>>` with Option from the npm package oxide.ts
 *   (recognised by declaration, not by name). Generators MUST return `Some(x)` / `None` (imported from `module`)
 *   instead of the entity or null; without `wrapper` a single is the value itself.
 * - DomainModel `events` (issue 12, messaging): the domain events (declarations named by generate.eventSuffixes), with
 *   their properties and how to rebuild one; absent from models built before it (read as "no events").
 * - TypeRef `tagged-union` (issue 11): a discriminated union of classes or object types, stored as JSON with its tag.
 * - PropertyRead `snapshot` may carry `unwrapped` (issue 11): the state method gives a value object's single value
 *   (`toPrimitives().id` is the string of `id: UserId`). Generators MUST write that value as the column (no `.value`)
 *   and still rebuild the value object from the column.
 * - PortParameter `filterCriteria` (issue 11): the common criteria shape (filters of field, operator and value; an order;
 *   limit and offset), recognised by types; its `type` is then an `object` with no fields (the name and module only).
 * - PortParameter may carry `sequelizeTransaction` (issue 11): the parameter is Sequelize's `Transaction`, recognised by
 *   declaration; `withTransaction(tx: Transaction): this` returns the repository bound to it.
 * - ReturnShape `result` (issue 11): `Promise<Result<User, NotFound>>`, `Promise<Either<Error, void>>`, `Outcome<T>`...,
 *   a Result/Either recognised by its shape; `value` is the shape of its success type, `wrapper` how to build its
 *   variants (found by declaration). Generators MUST build the success variant through `wrapper.success`.
 */

/** Where something is declared. `line` and `column` are 1-based. */
export interface SourceLocation {
  readonly file: string
  readonly line: number
  readonly column: number
}

/** How generated code imports a declaration: `import { exportName } from '<file, made relative to the importer>'`. */
export interface ModuleRef {
  /** the declaring file, relative to the root (`src/domain/user.ts`); generators compute the relative specifier */
  readonly file: string
  /** the exported name (`default` for a default export) */
  readonly exportName: string
  /** interfaces and type aliases only exist as types: import them with `import type` */
  readonly typeOnly: boolean
  /** a declaration of a package (`@acme/kernel`, `@acme/kernel/money`): generated code imports it by this specifier, not by file */
  readonly specifier?: string
}

/** Something the reader could not map. `error` stops generation of the port that needs it; `warning` does not. */
export interface Diagnostic {
  readonly severity: 'error' | 'warning'
  /** stable code, e.g. `unsupported-wrapper`, `entity-not-reconstructible`; see DiagnosticCode */
  readonly code: DiagnosticCode
  /** names the construct: `User.email: Option<string> is not a supported type` */
  readonly message: string
  readonly location: SourceLocation
  /** what the user can do about it */
  readonly hint: string
  /** the port (by name) this diagnostic blocks or concerns, when it concerns one */
  readonly port?: string
  /** the port method it concerns (a parameter or result type only that method needs): a stub's warning includes it */
  readonly method?: string
}

export type DiagnosticCode =
  | 'unsupported-type' // a type with no column mapping (Map, Set, function, class with methods only, symbol...)
  | 'unsupported-wrapper' // Option<T>, Either<L, R>, Maybe<T>, Result<T>...: a generic wrapper the reader does not know
  | 'entity-not-found' // a port whose entity type cannot be determined
  | 'entity-not-reconstructible' // a class with no public constructor/factory that takes all its state
  | 'property-not-readable' // a class property held privately with no getter/public field to read it
  | 'id-not-found' // an entity without an `id`-like property
  | 'not-exported' // a declaration generated code must import but which is not exported
  | 'unsupported-return' // a port method whose return type has no repository mapping
  | 'unsupported-parameter' // a port method parameter the reader cannot type
  | 'ambiguous-type' // a union of unrelated types (string | number, A | B)
  | 'tsconfig' // the project's tsconfig could not be read or has errors
  | 'no-ports' // no declaration in the domain sources matched the port suffixes
  | 'name-clash' // two ports, entities, value objects or enums of one name (bounded contexts): the run stops before writing

// ---------------------------------------------------------------- types

export type PrimitiveName = 'string' | 'number' | 'boolean' | 'bigint' | 'Date'

/** A resolved type, as far as persistence cares. */
export type TypeRef =
  PrimitiveType | LiteralUnionType | EnumRef | ArrayType | NullableType | ValueObjectRef | EntityRef | IdType | JsonType | TaggedUnionType | UnsupportedType

export interface PrimitiveType {
  readonly kind: 'primitive'
  readonly name: PrimitiveName
  /**
   * the declared type is wider than `name` (an identifier's `string | number` stored as a string, a `string | Date`
   * stored as a Date): what reads it back is not assignable to `name`, so generators convert it
   * (`String(entity.id.toValue())`, `new Date(entity.dateTimePosted)`)
   */
  readonly widened?: true
}

/** `'draft' | 'published'` (or a union of number literals). `alias` names a type alias when there is one. */
export interface LiteralUnionType {
  readonly kind: 'literal-union'
  readonly base: 'string' | 'number'
  readonly values: readonly (string | number)[]
  readonly alias?: { readonly name: string; readonly module: ModuleRef }
}

/** A TypeScript enum; its members are in DomainModel.enums[name]. */
export interface EnumRef {
  readonly kind: 'enum'
  readonly name: string
}

export interface ArrayType {
  readonly kind: 'array'
  readonly element: TypeRef
  /** declared `readonly T[]` / `ReadonlyArray<T>` */
  readonly readonly: boolean
}

/** `T | null`, `T | undefined`, `Nullable<T>`: only inside other types (see the conventions at the top). */
export interface NullableType {
  readonly kind: 'nullable'
  readonly inner: TypeRef
  readonly null: boolean
  readonly undefined: boolean
}

/** A value object; its shape and storage are in DomainModel.valueObjects[name]. */
export interface ValueObjectRef {
  readonly kind: 'value-object'
  readonly name: string
}

/** An entity (the aggregate a port stores, or another one); its shape is in DomainModel.entities[name]. */
export interface EntityRef {
  readonly kind: 'entity'
  readonly name: string
}

/**
 * An identifier type, stored as one column of `primitive`.
 * - `branded`: `string & { __brand: 'UserId' }`, `Brand<string, 'UserId'>`: write with a cast `raw as UserId` (import `module`
 *   as a type), read as the primitive itself.
 * - `value-object`: a class/interface wrapping one primitive (`UserId`, `UniqueEntityID`): see valueObjects[name]
 *   (its `wraps` says which property holds the primitive and `reconstruct` how to build one).
 * - `alias`: `type UserId = string`: the primitive itself, typed by the alias.
 * - `primitive`: the entity's id is a plain string/number/bigint.
 */
export interface IdType {
  readonly kind: 'id'
  readonly form: 'branded' | 'value-object' | 'alias' | 'primitive'
  /** the type's name (`UserId`), or the primitive's name when `form` is `primitive` */
  readonly name: string
  readonly primitive: 'string' | 'number' | 'bigint'
  /** how to import the named type (absent for `primitive` and for inline brands) */
  readonly module?: ModuleRef
  /** the TypeScript text to cast a raw value to, for `branded` (`UserId`, or the inline `Brand<string, 'UserId'>`) */
  readonly castText?: string
}

/** Stored as a JSON column: index-signature records (`Record<string, unknown>`), `unknown`, plain object shapes in arrays. */
export interface JsonType {
  readonly kind: 'json'
  /** the type as written, to type the mapper's cast (`Record<string, string>`) */
  readonly text: string
}

/**
 * A discriminated union of classes or object types (`Envelope | Crate`, each with `kind: 'envelope'` / `kind: 'crate'`):
 * stored as one JSON value holding the variant's fields plus the tag, and rebuilt through the variant chosen by the tag
 * (each variant is a value object in DomainModel.valueObjects, with its own `reconstruct`). Generators MUST treat an
 * unknown stored tag as a stored-value error, never pick a variant for it.
 */
export interface TaggedUnionType {
  readonly kind: 'tagged-union'
  /** the property every variant has, typed by a distinct literal in each */
  readonly tag: string
  readonly variants: ReadonlyArray<{ readonly value: string | number; readonly type: ValueObjectRef }>
  /** the union as written (`PackageContent`, or `Envelope | Crate`), for messages */
  readonly text: string
}

/** No mapping; a Diagnostic with the same location says why. Generators skip or stub what needs it. */
export interface UnsupportedType {
  readonly kind: 'unsupported'
  readonly text: string
  readonly reason: string
  /**
   * A library Map or Set (no column maps one): its key and element types, for code that can carry it another way
   * (an event payload sends a Map as its entries and a Set as an array). Absent for every other unsupported type.
   */
  readonly collection?: LibraryCollection
}

export type LibraryCollection =
  | { readonly kind: 'map'; readonly key: TypeRef; readonly value: TypeRef; readonly readonly: boolean }
  | { readonly kind: 'set'; readonly element: TypeRef; readonly readonly: boolean }

// ---------------------------------------------------------------- entities and value objects

/** How generated code reads a property from an instance `x`. */
export type PropertyRead =
  | { readonly kind: 'field' } // x.name (interfaces, type aliases, public fields)
  | { readonly kind: 'getter' } // x.name (get name())
  | { readonly kind: 'method'; readonly name: string } // x.getName(), x.toValue()
  | { readonly kind: 'props'; readonly via: string } // x.props.name (a public/readonly props object)
  /**
   * x.getPropsCopy().name (a public method returning the state). `unwrapped`: the property is a single-value object
   * (`id: UserId`) that the state gives as its value (`toPrimitives().id: string`): written as given, rebuilt as the value object.
   */
  | { readonly kind: 'snapshot'; readonly method: string; readonly unwrapped?: true }

export interface Property {
  readonly name: string
  /** the type without null/undefined (see `optional`, `nullable`) */
  readonly type: TypeRef
  /** `name?:` or `| undefined`: absent values are `undefined` */
  readonly optional: boolean
  /** `| null` or a Nullable<T>-style alias: absent values are `null` */
  readonly nullable: boolean
  readonly readonly: boolean
  readonly read: PropertyRead
  readonly location: SourceLocation
}

/** One argument of a constructor or factory call that rebuilds an instance. */
export type ReconstructArgument =
  /** a property passed as-is: `new Money(amount, currency)`; `nullAsUndefined`: see the object form */
  | { readonly kind: 'property'; readonly property: string; readonly nullAsUndefined?: true }
  /** an object literal of properties: `new User({ id, name })`, `User.reconstitute({ name }, id)`; `key` is the literal's key */
  | {
      readonly kind: 'object'
      /**
       * `nullAsUndefined`: the property reads back `T | null` but the parameter takes `T | undefined` (`editedAt?: Date`):
       * generators pass `value ?? undefined`
       */
      readonly properties: readonly { readonly key: string; readonly property: string; readonly nullAsUndefined?: true }[]
      /** keys whose value is a nested object literal: `{ id, props: { email, name } }` */
      readonly nested?: readonly { readonly key: string; readonly argument: ReconstructArgument }[]
    }

/** A public member of a wrapper read without arguments: `getValue()` (a method) or `value` (a property). */
export interface WrapperAccess {
  readonly kind: 'method' | 'property'
  readonly name: string
}

/**
 * How the instance is taken out of a factory's wrapper result:
 * - `Result<User>` whose `getValue(): User` hands it out (and throws itself on a failure):
 *   `{ kind: 'method', name: 'getValue', wrapper: 'Result' }`;
 * - a wrapper with a success/failure guard (`Either<E, User>` = `Left | Right` with `isRight(): this is Right`, a
 *   neverthrow-style `Ok | Err` with `isOk()`, a class with `isFailure` and `getValue()`): `kind: 'guarded'`, read as
 *   `result.isRight() ? result.value : <stored value error>` (`success` says whether the guard is true on success).
 */
export type FactoryUnwrap =
  | { readonly kind: 'method' | 'property'; readonly name: string; /** the wrapper's name, for messages (`Result`) */ readonly wrapper: string }
  | { readonly kind: 'guarded'; readonly guard: WrapperAccess; readonly success: boolean; readonly value: WrapperAccess; readonly wrapper: string }

/** How to build an instance from its stored properties. */
export type Reconstruct =
  /** interfaces and type aliases: an object literal `{ id, name }` typed as the entity */
  | { readonly kind: 'object-literal' }
  /** `new X(...arguments)` */
  | { readonly kind: 'constructor'; readonly arguments: readonly ReconstructArgument[] }
  /** `X.method(...arguments)`, a static factory returning X (`reconstitute`, `fromPersistence`, `create`...) */
  | { readonly kind: 'factory'; readonly method: string; readonly arguments: readonly ReconstructArgument[] }
  /**
   * a static factory returning a wrapper of X (`Result<User>`, stemmlerjs style): the instance is
   * `X.method(...).getValue()` (`unwrap` a method) or `X.method(...).value` (a property)
   */
  | { readonly kind: 'wrapped-factory'; readonly method: string; readonly arguments: readonly ReconstructArgument[]; readonly unwrap: FactoryUnwrap }
  /** a class with a no-argument constructor and public writable fields: `Object.assign(new X(), { id, name })` */
  | { readonly kind: 'assign' }
  /** no way found; a Diagnostic `entity-not-reconstructible` says why */
  | { readonly kind: 'none' }

/** How a value object is stored (chosen by the reader; see docs/generate-domain.md "Domain reader"). */
export type ValueObjectStorage =
  /** wraps one primitive (Email with `value: string`): one column holding `wraps` */
  | 'column'
  /** several scalar fields (Address): one column per field, `address_city`, so derived queries reach `Address.city` */
  | 'flattened'
  /** holds arrays or nested structures that cannot be flattened: one JSON column */
  | 'json'

export interface Declared {
  readonly name: string
  readonly kind: 'interface' | 'type-alias' | 'class'
  readonly location: SourceLocation
  /** absent for anonymous inline object types (their name is then `Owner.property`) */
  readonly module?: ModuleRef
  readonly properties: readonly Property[]
  readonly reconstruct: Reconstruct
}

export interface Entity extends Declared {
  /** the identity property (`id`, or the one typed by the port's id type); null when none was found (with a Diagnostic) */
  readonly idProperty: string | null
}

export interface ValueObject extends Declared {
  readonly storage: ValueObjectStorage
  /** for `column` storage: the property holding the primitive (Email.value) */
  readonly wraps?: { readonly property: string; readonly type: TypeRef }
  /** an anonymous inline object type (`location: { lat: number; lng: number }`) */
  readonly anonymous: boolean
}

export interface EnumType {
  readonly name: string
  readonly location: SourceLocation
  readonly module: ModuleRef
  readonly members: readonly { readonly name: string; readonly value: string | number }[]
  /** `const enum`: members are inlined, so generated code can use them only if isolatedModules is off */
  readonly const: boolean
}

// ---------------------------------------------------------------- ports

/** A field of a page result or page request, with the role the reader recognised from its name. */
export interface PageField {
  readonly name: string
  readonly role: 'items' | 'total' | 'page' | 'pageSize' | 'limit' | 'offset' | 'totalPages' | 'hasNext' | 'hasPrevious' | 'cursor' | 'other'
  readonly type: TypeRef
  readonly optional: boolean
}

/** A known wrapper around a single result: oxide.ts `Option<T>`, built with `Some(value)` and `None`. */
export interface ReturnWrapper {
  readonly kind: 'oxide-option'
  /** the package specifier generated code imports `Some`, `None` and `Option` from */
  readonly module: 'oxide.ts'
}

/**
 * How generated code builds one variant of a Result/Either from a value: `ok(value)` (a function exported next to the
 * wrapper), `Outcome.ok(value)` (a static method of the wrapper class), `new Right(value)` (the variant's class), or an
 * object literal of the variant's literal fields plus the value (`{ ok: true, value }`, a union of object types).
 */
export type VariantBuilder =
  | { readonly kind: 'call'; readonly callee: ModuleRef }
  | { readonly kind: 'static'; readonly owner: ModuleRef; readonly method: string }
  | { readonly kind: 'new'; readonly variant: ModuleRef }
  | { readonly kind: 'literal'; readonly fields: readonly { readonly name: string; readonly value: string }[]; readonly valueField: string }

/**
 * What the failure variant can hold, by its declared type: an Error (`Either<Error, T>`, `unknown`: infra's own
 * EntityNotFoundError, and database errors), a string (a message), or an instance of a class constructible from a
 * message (`new NotFound(message)`).
 */
export type FailureValue =
  { readonly kind: 'error' } | { readonly kind: 'message' } | { readonly kind: 'class'; readonly name: string; readonly module: ModuleRef }

/** A Result/Either a port method returns, with how to build its variants (see VariantBuilder). */
export interface ResultWrapperReturn {
  /** the wrapper's name, for messages (`Result`, `Either`) */
  readonly name: string
  /** the failure type as written, for messages */
  readonly failureText: string
  /** undefined: no constructor or factory of the success variant was found (the method is a stub saying so) */
  readonly success?: VariantBuilder
  /** the failure variant's builder and what it can hold; undefined when infra cannot build one */
  readonly failure?: { readonly builder: VariantBuilder; readonly value: FailureValue }
}

/** What a port method returns. `async` is true for Promise<...>. */
export type ReturnShape =
  | { readonly kind: 'void'; readonly async: boolean }
  /** one value: `Promise<User>`, `Promise<User | null>`; `type` is usually an EntityRef */
  | {
      readonly kind: 'single'
      readonly async: boolean
      readonly type: TypeRef
      readonly orNull: boolean
      readonly orUndefined: boolean
      readonly wrapper?: ReturnWrapper
    }
  /** `Promise<User[]>` */
  | { readonly kind: 'list'; readonly async: boolean; readonly element: TypeRef }
  /** `Promise<Page<User>>`-like: an object type with one array field (`items`) and counters */
  | {
      readonly kind: 'page'
      readonly async: boolean
      readonly element: TypeRef
      /** the page type's name and import (absent for an inline object type) */
      readonly name?: string
      readonly module?: ModuleRef
      readonly fields: readonly PageField[]
      /** how to build one: `{ items, total }` typed as the page, or `new Paginated({ items, total })` for a page class */
      readonly construct: 'object-literal' | 'new-with-props'
    }
  /** number, boolean, string, ids: `Promise<number>` (count), `Promise<boolean>` (exists) */
  | { readonly kind: 'scalar'; readonly async: boolean; readonly type: TypeRef }
  /** the port itself (`withTransaction(tx): UserRepository`, `transactional(): this`): the repository can return itself */
  | { readonly kind: 'port'; readonly async: boolean }
  /** a Result/Either of a value (`Promise<Result<User, NotFound>>`): `value` is the success type's shape (its `async` is the method's) */
  | { readonly kind: 'result'; readonly async: boolean; readonly value: ReturnShape; readonly wrapper: ResultWrapperReturn }
  /** no mapping; a Diagnostic `unsupported-return` says why */
  | { readonly kind: 'unsupported'; readonly async: boolean; readonly text: string }

export interface PortParameter {
  readonly name: string
  readonly type: TypeRef | ObjectParameterType
  readonly optional: boolean
  /** set when the parameter looks like a page request (`{ page, pageSize }`, `{ limit, offset }`) */
  readonly pagination?: { readonly fields: readonly PageField[] }
  /** set when the parameter is Sequelize's own `Transaction` (by declaration); its `type` is then opaque JSON, never stored */
  readonly sequelizeTransaction?: true
  /** the parameter's type as written, for the generated signature */
  readonly text: string
  /** set when the parameter has the common filter criteria shape (see FilterCriteriaShape) */
  readonly filterCriteria?: FilterCriteriaShape
}

/** One step reading a member of a value: `x.name` (a field or a getter); `optional`: it may be undefined or null. */
export interface MemberRead {
  readonly name: string
  readonly optional: boolean
}

/** A member of an operator or direction type: its run-time value, and its name for an enum member. */
export interface SpelledMember {
  readonly value: string | number
  readonly name?: string
}

/**
 * The common criteria shape, recognised by types (plain interfaces or classes whose parts are value objects wrapping
 * one primitive): a list of filters each with a field, an operator (an enum or literal union) and a value; an optional
 * order of a field and a direction; optional `limit` and `offset` numbers. Each part is the chain of members that reads
 * it (`criteria.filters.filters`, `filter.field.value`).
 */
export interface FilterCriteriaShape {
  /** from the criteria to the array of filters */
  readonly filters: readonly MemberRead[]
  /** from one filter to its field name, its operator and its value */
  readonly field: readonly MemberRead[]
  readonly operator: readonly MemberRead[]
  readonly value: readonly MemberRead[]
  /** the operator type's members, as declared */
  readonly operators: readonly SpelledMember[]
  /** the operator type as written (`FilterOperator`, `'=' | '>'`), for messages */
  readonly operatorType: string
  readonly order?: {
    readonly path: readonly MemberRead[]
    readonly field: readonly MemberRead[]
    readonly direction: readonly MemberRead[]
    readonly directions: readonly SpelledMember[]
  }
  readonly limit?: readonly MemberRead[]
  readonly offset?: readonly MemberRead[]
}

/** An object-typed parameter that is not an entity or value object (criteria, page requests, options). */
export interface ObjectParameterType {
  readonly kind: 'object'
  readonly name?: string
  readonly module?: ModuleRef
  readonly fields: readonly { readonly name: string; readonly type: TypeRef; readonly optional: boolean }[]
}

export interface PortMethod {
  readonly name: string
  readonly parameters: readonly PortParameter[]
  readonly returns: ReturnShape
  /** the return type as written after type-parameter substitution (`Promise<User | null>`), for the generated signature */
  readonly returnText: string
  /** the declaration that declares it, when inherited through a base (`Repository<T, ID>`) */
  readonly inheritedFrom?: string
  /** declared with `?` */
  readonly optional: boolean
  readonly location: SourceLocation
}

export interface Port {
  readonly name: string
  readonly declarationKind: 'interface' | 'abstract-class' | 'type-alias'
  readonly location: SourceLocation
  readonly module: ModuleRef
  /** the entity it stores (a key of DomainModel.entities); null when not found (with a Diagnostic) */
  readonly entity: string | null
  readonly id: TypeRef | null
  /** own and inherited methods (inherited ones carry `inheritedFrom`), type parameters substituted */
  readonly methods: readonly PortMethod[]
}

// ---------------------------------------------------------------- the whole model

export interface ProjectInfo {
  /** absolute path of the project root */
  readonly root: string
  /** the tsconfig read, relative to the root */
  readonly tsconfig: string
  /** `commonjs`, or `esm` (NodeNext/Node16 with "type": "module", or ES module targets): generated imports then need `.js` */
  readonly moduleSystem: 'commonjs' | 'esm'
  /** the suffix relative imports need: `.js` for esm under Node16/NodeNext resolution, '' otherwise */
  readonly importSuffix: '' | '.js'
  /** the configured source root (`src`) */
  readonly sourceRoot: string
}

/**
 * A domain event: an exported class, interface or type alias whose name ends in one of the event suffixes
 * (`UserRegistered`, `OrderPlacedEvent`), except bases other events extend or implement. Its properties are its payload.
 */
export interface DomainEvent extends Declared {
  /** the event type sent as the AMQP `type` and `x-event-type` (the configured name, default the declaration's name) */
  readonly eventType: string
}

export interface DomainModel {
  readonly project: ProjectInfo
  /** the domain events, by name (see DomainEvent); absent when the model was built without reading them */
  readonly events?: Readonly<Record<string, DomainEvent>>
  readonly ports: readonly Port[]
  readonly entities: Readonly<Record<string, Entity>>
  readonly valueObjects: Readonly<Record<string, ValueObject>>
  readonly enums: Readonly<Record<string, EnumType>>
  readonly diagnostics: readonly Diagnostic[]
}
