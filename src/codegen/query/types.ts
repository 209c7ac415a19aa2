/** A property a derived query may name: a column of the entity's table (value-object fields flattened into columns included). */
export interface QueryProperty {
  /** dotted path in the domain object, e.g. "address.city" */
  readonly path: string
  readonly column: string
  /** the scalar kind stored in the column; drives which operators make sense */
  readonly kind: 'string' | 'number' | 'bigint' | 'boolean' | 'date' | 'enum' | 'json'
  readonly nullable: boolean
}

export type Operator =
  | 'equals'
  | 'not'
  | 'in'
  | 'notIn'
  | 'lessThan'
  | 'lessThanEqual'
  | 'greaterThan'
  | 'greaterThanEqual'
  | 'between'
  | 'like'
  | 'startingWith'
  | 'endingWith'
  | 'containing'
  | 'isNull'
  | 'isNotNull'
  | 'true'
  | 'false'

export interface Condition {
  readonly property: QueryProperty
  readonly operator: Operator
  /** indices of the method's parameters this condition consumes (0, 1 or 2 of them) */
  readonly parameters: readonly number[]
}

export interface Ordering {
  readonly property: QueryProperty
  readonly direction: 'ASC' | 'DESC'
}

export type QuerySubject = 'find' | 'count' | 'exists' | 'delete'

/** A query derived from a method name: `where` is an OR of AND-groups. */
export interface DerivedQuery {
  readonly subject: QuerySubject
  /** `findAll...` / `find...` as written: the return type decides one vs many */
  readonly limit?: number
  readonly where: ReadonlyArray<ReadonlyArray<Condition>>
  readonly orderBy: readonly Ordering[]
  /** index of the trailing pagination parameter, when there is one */
  readonly paginationParameter?: number
}

export interface MethodParameterInfo {
  readonly name: string
  /** a pagination parameter (limit/offset or page/size object) is recognised by the domain reader */
  readonly pagination: boolean
  /** the parameter's type is an array (In/NotIn take arrays) */
  readonly array: boolean
}

export interface DeriveInput {
  readonly methodName: string
  readonly parameters: readonly MethodParameterInfo[]
  readonly properties: readonly QueryProperty[]
  /** where the method is declared, for messages: "src/domain/user-repository.ts:12" */
  readonly location: string
  /** the entity's name, for messages */
  readonly entityName: string
}

/** Either a query, or why this name cannot be turned into one (the method is then generated to throw). */
export type DeriveResult = { readonly ok: true; readonly query: DerivedQuery } | { readonly ok: false; readonly reason: string }
