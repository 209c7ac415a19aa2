import type { Operator, QueryProperty } from './types'

interface OperatorSpec {
  readonly operator: Operator
  readonly arity: 0 | 1 | 2
  /** kinds it applies to (undefined: any) */
  readonly kinds?: ReadonlyArray<QueryProperty['kind']>
}

const SPECS: Record<Operator, OperatorSpec> = {
  equals: { operator: 'equals', arity: 1 },
  not: { operator: 'not', arity: 1 },
  in: { operator: 'in', arity: 1 },
  notIn: { operator: 'notIn', arity: 1 },
  lessThan: { operator: 'lessThan', arity: 1, kinds: ['number', 'bigint', 'date', 'string'] },
  lessThanEqual: { operator: 'lessThanEqual', arity: 1, kinds: ['number', 'bigint', 'date', 'string'] },
  greaterThan: { operator: 'greaterThan', arity: 1, kinds: ['number', 'bigint', 'date', 'string'] },
  greaterThanEqual: { operator: 'greaterThanEqual', arity: 1, kinds: ['number', 'bigint', 'date', 'string'] },
  between: { operator: 'between', arity: 2, kinds: ['number', 'bigint', 'date', 'string'] },
  like: { operator: 'like', arity: 1, kinds: ['string', 'enum'] },
  startingWith: { operator: 'startingWith', arity: 1, kinds: ['string', 'enum'] },
  endingWith: { operator: 'endingWith', arity: 1, kinds: ['string', 'enum'] },
  containing: { operator: 'containing', arity: 1, kinds: ['string', 'enum'] },
  isNull: { operator: 'isNull', arity: 0 },
  isNotNull: { operator: 'isNotNull', arity: 0 },
  true: { operator: 'true', arity: 0, kinds: ['boolean'] },
  false: { operator: 'false', arity: 0, kinds: ['boolean'] },
}

/** Keywords as written in method names (Spring Data's, with their `Is` forms), longest first so `LessThanEqual` wins over `LessThan`. */
const KEYWORDS: ReadonlyArray<readonly [string, Operator]> = (
  [
    ['Is', 'equals'],
    ['Equals', 'equals'],
    ['IsEqualTo', 'equals'],
    ['Not', 'not'],
    ['IsNot', 'not'],
    ['In', 'in'],
    ['IsIn', 'in'],
    ['NotIn', 'notIn'],
    ['IsNotIn', 'notIn'],
    ['LessThan', 'lessThan'],
    ['IsLessThan', 'lessThan'],
    ['Before', 'lessThan'],
    ['IsBefore', 'lessThan'],
    ['LessThanEqual', 'lessThanEqual'],
    ['IsLessThanEqual', 'lessThanEqual'],
    ['GreaterThan', 'greaterThan'],
    ['IsGreaterThan', 'greaterThan'],
    ['After', 'greaterThan'],
    ['IsAfter', 'greaterThan'],
    ['GreaterThanEqual', 'greaterThanEqual'],
    ['IsGreaterThanEqual', 'greaterThanEqual'],
    ['Between', 'between'],
    ['IsBetween', 'between'],
    ['Like', 'like'],
    ['IsLike', 'like'],
    ['StartingWith', 'startingWith'],
    ['IsStartingWith', 'startingWith'],
    ['StartsWith', 'startingWith'],
    ['EndingWith', 'endingWith'],
    ['IsEndingWith', 'endingWith'],
    ['EndsWith', 'endingWith'],
    ['Containing', 'containing'],
    ['IsContaining', 'containing'],
    ['Contains', 'containing'],
    ['IsNull', 'isNull'],
    ['Null', 'isNull'],
    ['IsNotNull', 'isNotNull'],
    ['NotNull', 'isNotNull'],
    ['True', 'true'],
    ['IsTrue', 'true'],
    ['False', 'false'],
    ['IsFalse', 'false'],
  ] as const
)
  .slice()
  .sort((a, b) => b[0].length - a[0].length)

export function operatorSpec(operator: Operator): OperatorSpec {
  return SPECS[operator]
}

/** The operator keywords that `text` starts with at `position`, longest first (empty keyword = equals is added by the caller). */
export function keywordsAt(text: string, position: number): Array<{ keyword: string; operator: Operator }> {
  return KEYWORDS.filter(([keyword]) => text.startsWith(keyword, position)).map(([keyword, operator]) => ({ keyword, operator }))
}
