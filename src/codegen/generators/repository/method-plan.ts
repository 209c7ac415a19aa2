import type { FailureValue, FilterCriteriaShape, ModuleRef, SpelledMember, VariantBuilder } from '../../model'
import type { FilterComparison } from '../../domain/filter-criteria'
import type { Operator, QueryProperty } from '../../query'

/**
 * What one repository port method does, as plain data (no target code): built once from the DomainModel and the query
 * grammar by `planMethod` (../methods.ts), turned into code by a backend emitter (../mysql/sequelize-emitter.ts) and
 * the partial of its `kind` (templates/repository/partials/<kind>.hbs).
 */
export type MethodPlan =
  | FindOnePlan
  | FindManyPlan
  | FindPagePlan
  | CountPlan
  | ExistsPlan
  | DeletePlan
  | SavePlan
  | SaveManyPlan
  | UpdatePlan
  | ItselfPlan
  | ResultPlan
  | FilterPlan
  | StubPlan

/** The operation kinds: each names the template partial that renders its body. */
export type OperationKind = MethodPlan['kind']

interface PlanBase {
  readonly name: string
  /** one line saying what the method does (the query in SQL terms) */
  readonly summary: string
  /** the method as the port declares it, written out for the class (types from the port, names of its parameters) */
  readonly signature: MethodSignature
  /** columns an index should cover for this method's query (equality columns first) */
  readonly indexColumns?: readonly string[]
  /** a single-result finder on these columns: they form a unique key (unless the config says otherwise) */
  readonly uniqueColumns?: readonly string[]
  /** set when the method could not be generated (stubs only): the body throws and the command warns */
  readonly notImplemented?: string
  /** set when the body does less than the port declares (a failure infra cannot build is thrown instead): the command warns */
  readonly caveat?: string
}

export interface MethodSignature {
  readonly async: boolean
  /** a stub whose signature cannot be written out (a generic member): declared as `readonly name: Port['name'] = () => ...` */
  readonly property: boolean
  /** the parameter list as TypeScript (`email: Email, page?: PageRequest`) */
  readonly parameters: string
  readonly returnType: string
}

/** A column a query reads, and the entity property it stores. */
export interface ColumnRef {
  readonly property: string
  readonly column: string
}

/**
 * An argument of the method compared with a column. `as-given`: the argument already is the stored value (a string
 * given for an id class); `to-column`: it is a domain value (value object, enum, id class) unwrapped into the column's
 * stored form by the entity mapping.
 */
export interface ArgumentRef {
  readonly parameter: string
  readonly index: number
  readonly unwrap: 'as-given' | 'to-column'
}

/** One comparison of a column: `values` holds 0 (IS NULL, = TRUE), 1, or 2 (BETWEEN) arguments; IN takes a list. */
export interface Condition {
  readonly column: ColumnRef
  readonly operator: Operator
  readonly values: readonly ArgumentRef[]
}

/** One field of a criteria object: compared for equality when the caller gives it. */
export interface OptionalEquality {
  readonly field: string
  readonly column: ColumnRef
  readonly unwrap: 'as-given' | 'to-column'
  /** the field's type admits null and the property is nullable: an explicit null means IS NULL */
  readonly nullMeansIsNull: boolean
}

/**
 * Which rows: every row, an OR of AND-groups of conditions (a derived query, a list of ids), or the fields of a
 * criteria object that the caller gave (absent fields are not compared).
 */
export type Criteria =
  | { readonly kind: 'every-row' }
  | { readonly kind: 'any-of'; readonly groups: readonly (readonly Condition[])[] }
  | { readonly kind: 'criteria-object'; readonly parameter: string; readonly fields: readonly OptionalEquality[] }

export interface Ordering {
  readonly column: ColumnRef
  readonly direction: 'ASC' | 'DESC'
}

/** A page request parameter: its size field (limit or pageSize) and its offset or page number field. */
export interface Paging {
  readonly parameter: string
  readonly index: number
  /** the request itself may be absent */
  readonly optional: boolean
  readonly limit: PagingField
  readonly start: { readonly kind: 'offset'; readonly field: PagingField } | { readonly kind: 'page'; readonly field: PagingField } | { readonly kind: 'first' }
  /** no size given (optional request or size): every matching row, no LIMIT */
  readonly sizeMayBeAbsent: boolean
}

export interface PagingField {
  readonly name: string
  readonly optional: boolean
}

/** What a one-entity finder returns when no row matches. */
export type SingleResult =
  | { readonly kind: 'entity-or-throw' }
  | { readonly kind: 'entity-or-absent'; readonly absent: 'null' | 'undefined' }
  | { readonly kind: 'option'; readonly module: string }

export type PageFieldRole = 'items' | 'total' | 'page' | 'pageSize' | 'limit' | 'offset' | 'totalPages' | 'hasNext' | 'hasPrevious'

export interface PageResult {
  readonly fields: readonly { readonly name: string; readonly role: PageFieldRole }[]
  /** a page class built with `new Page({ ... })`; an interface is an object literal */
  readonly pageClass?: { readonly name: string; readonly module: ModuleRef }
}

export interface FindOnePlan extends PlanBase {
  readonly kind: 'find-one'
  readonly criteria: Criteria
  readonly order: readonly Ordering[]
  readonly result: SingleResult
}

export interface FindManyPlan extends PlanBase {
  readonly kind: 'find-many'
  readonly criteria: Criteria
  readonly order: readonly Ordering[]
  readonly limit?: number
  readonly paging?: Paging
}

export interface FindPagePlan extends PlanBase {
  readonly kind: 'find-page'
  readonly criteria: Criteria
  readonly order: readonly Ordering[]
  readonly paging: Paging
  readonly page: PageResult
}

export interface CountPlan extends PlanBase {
  readonly kind: 'count'
  readonly criteria: Criteria
}

export interface ExistsPlan extends PlanBase {
  readonly kind: 'exists'
  readonly criteria: Criteria
}

/** What a delete returns: nothing, the number of rows deleted, or whether any was. */
export type DeleteResult = 'void' | 'count' | 'boolean'

export interface DeletePlan extends PlanBase {
  readonly kind: 'delete'
  /** the entity (through the repository, so its last events reach the outbox) or the rows matching criteria */
  readonly target: { readonly kind: 'entity'; readonly parameter: string } | { readonly kind: 'rows'; readonly criteria: Criteria }
  readonly result: DeleteResult
}

/** What a write of one entity returns: nothing, the entity, or an object of its id (`{ id: string }`). */
export type WriteResult = { readonly kind: 'void' } | { readonly kind: 'entity' } | { readonly kind: 'id'; readonly key: string }

export interface SavePlan extends PlanBase {
  readonly kind: 'save'
  readonly parameter: string
  /** `insert`: a taken id or unique key is a DuplicateEntityError; `save`: insert a new aggregate, update a known one */
  readonly mode: 'insert' | 'save'
  readonly result: WriteResult
  /** the database assigns the id (AUTO_INCREMENT): a new entity returned is the one read back */
  readonly idFromDatabase: boolean
}

export interface SaveManyPlan extends PlanBase {
  readonly kind: 'save-many'
  readonly parameter: string
  readonly mode: 'insert' | 'update' | 'save'
  readonly result: 'void' | 'list'
}

export interface UpdatePlan extends PlanBase {
  readonly kind: 'update'
  readonly parameter: string
  readonly result: WriteResult
}

/**
 * A method returning the port itself (`transactional(): this`): the repository returns itself, since every generated
 * query already joins the ambient transaction of `inTransaction` (infra/persistence/mysql/transaction.ts); given
 * Sequelize's Transaction (`withTransaction(tx)`), a view of itself whose calls run in that transaction.
 */
export interface ItselfPlan extends PlanBase {
  readonly kind: 'itself'
  /** `withTransaction(tx: Transaction)` (Sequelize's own): the parameter whose transaction the returned repository runs in */
  readonly transaction?: string
}

/** The plan of a success type's body, wrapped by a ResultPlan. */
export type ValuePlan = Exclude<MethodPlan, ResultPlan | StubPlan | ItselfPlan>

/**
 * A method returning a Result/Either (`Promise<Result<User, NotFound>>`): the body of its success type (`value`, a
 * plan of its own kind), whose value is returned through the wrapper's own success builder.
 */
export interface ResultPlan extends PlanBase {
  readonly kind: 'result'
  readonly value: ValuePlan
  readonly success: VariantBuilder
  /**
   * a one-entity finder that finds nothing: `failure`, the failure variant holding `value` (a message, infra's
   * EntityNotFoundError, `new E(message)`); `throw`, the failure cannot be built, so EntityNotFoundError is thrown
   * (with a caveat); absent when the success type admits null (the value plan returns null)
   */
  readonly notFound?: { readonly kind: 'failure'; readonly builder: VariantBuilder; readonly value: FailureValue } | { readonly kind: 'throw' }
  /** set when the failure variant can hold an Error: what the body throws (a database error...) is returned through it */
  readonly errorsAsFailure?: VariantBuilder
}

export interface StubPlan extends PlanBase {
  readonly kind: 'stub'
  readonly notImplemented: string
}

/** A property a criteria filter may name: a single-column property, and what its column stores. */
export interface FilterableColumn extends ColumnRef {
  readonly kind: QueryProperty['kind']
}

/**
 * A method taking the common filter criteria shape (`search(criteria: Criteria)`): each filter's field is looked up at
 * run time in `columns`, its operator in `operators` (the operator type's members, mapped at generation time by their
 * spelling; `comparison: null` for a member infra cannot map, which throws when used), its value bound as a
 * parameter; then the order, limit and offset. `result`: the rows, or their count (order, limit and offset ignored).
 */
export interface FilterPlan extends PlanBase {
  readonly kind: 'filter'
  readonly parameter: string
  readonly shape: FilterCriteriaShape
  readonly columns: readonly FilterableColumn[]
  readonly operators: readonly (SpelledMember & { readonly comparison: FilterComparison | null })[]
  readonly directions: readonly (SpelledMember & { readonly direction: 'ASC' | 'DESC' | 'none' | null })[]
  readonly result: 'list' | 'count'
  /** operator or direction members infra could not map (each throws when a caller uses it) */
  readonly unmapped: readonly string[]
}
