import ts from 'typescript'
import type { WrapperAccess } from '../model'
import { isPublic } from './context'

/**
 * Result/Either wrappers recognised by their shape, wherever they are declared (the project, a `.d.ts` of a package):
 * a success or failure guard that every variant has (`isOk`/`isRight`/`isSuccess`, or `isErr`/`isLeft`/`isFailure`;
 * a method, a type predicate `this is Right<L, R>`, or a boolean property) and a value accessor (`value`,
 * `getValue()`, `unwrap()`...) that gives the success value once the guard says success.
 *
 * Used to unwrap factories on rebuild (shapes.ts) and for port methods that return such a wrapper (result-return.ts).
 */
export interface ResultWrapper {
  readonly guard: WrapperAccess
  /** true when the guard is true on success (`isOk`), false when it is true on failure (`isFailure`) */
  readonly success: boolean
  readonly value: WrapperAccess
  /** the wrapper's name, for messages (`Either`, `Result`) */
  readonly wrapper: string
  /** what the accessor gives on success (the instance, for a factory) */
  readonly valueType: ts.Type
  /** the variants the guard says are successes (the wrapper itself when it is not a union) */
  readonly successVariants: readonly ts.Type[]
}

// `ok` / `success`: the tag of a union of object types (`{ ok: true; value: T } | { ok: false; error: E }`)
const SUCCESS_GUARDS = ['isOk', 'isOK', 'isRight', 'isSuccess', 'isSuccessful', 'isValid', 'ok', 'success']
const FAILURE_GUARDS = ['isErr', 'isError', 'isLeft', 'isFailure', 'isFail', 'isFailed', 'isInvalid']
/** accessors of the success value, in order of preference */
const VALUE_ACCESSORS = ['value', 'getValue', 'unwrap', 'get', 'getOrThrow', '_unsafeUnwrap', 'data']

interface Member {
  readonly access: WrapperAccess
  readonly type: ts.Type
  /** `isRight(): this is Right<L, R>`: the type the guard narrows to when true */
  readonly narrowsTo?: ts.Type
}

/**
 * The wrapper's shape when `type` is a Result/Either whose success value satisfies `isValue` (e.g. "is the entity
 * class"); undefined when it has no such guard and accessor, or when the guard cannot tell the variants apart.
 */
export function resultWrapperOf(checker: ts.TypeChecker, type: ts.Type, isValue: (value: ts.Type) => boolean): ResultWrapper | undefined {
  const variants = type.isUnion() ? type.types : [type]
  if (!variants.every((v) => (v.flags & ts.TypeFlags.Object) !== 0)) return undefined
  const wrapper = type.aliasSymbol?.name ?? type.getSymbol()?.name ?? checker.typeToString(type)
  const guards = [...SUCCESS_GUARDS.map((name) => ({ name, success: true })), ...FAILURE_GUARDS.map((name) => ({ name, success: false }))]
  for (const { name, success } of guards) {
    const verdicts = variants.map((variant) => guardOn(checker, variant, name))
    if (verdicts.some((v) => v === undefined)) continue
    // a union is only narrowed by a guard that is a literal or a type predicate on each variant
    if (variants.length > 1 && verdicts.some((v) => v!.verdict === 'runtime')) continue
    const successVariants = variants.filter((_, i) => {
      const verdict = verdicts[i]!.verdict
      return verdict === 'runtime' || verdict === success
    })
    if (successVariants.length === 0) continue
    for (const accessor of VALUE_ACCESSORS) {
      const reads = successVariants.map((variant) => memberOf(checker, variant, accessor))
      if (!reads.every((r) => r !== undefined && isValue(r.type))) continue
      const [first] = reads
      return { guard: verdicts[0]!.access, success, value: first!.access, wrapper, valueType: first!.type, successVariants }
    }
  }
  return undefined
}

/** What the guard `name` says on `variant`: always true, always false, or known only at run time (a `boolean`). */
function guardOn(checker: ts.TypeChecker, variant: ts.Type, name: string): { access: WrapperAccess; verdict: boolean | 'runtime' } | undefined {
  const member = memberOf(checker, variant, name)
  if (!member) return undefined
  if (member.narrowsTo) return { access: member.access, verdict: checker.isTypeAssignableTo(variant, member.narrowsTo) }
  const text = checker.typeToString(member.type)
  if (text === 'true' || text === 'false') return { access: member.access, verdict: text === 'true' }
  if (text === 'boolean') return { access: member.access, verdict: 'runtime' }
  return undefined
}

/** A public property, or a public method callable without arguments, with what it gives. */
function memberOf(checker: ts.TypeChecker, owner: ts.Type, name: string): Member | undefined {
  const symbol = checker.getPropertyOfType(owner, name)
  const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0]
  if (!symbol || !declaration || !isPublic(declaration as ts.Declaration)) return undefined
  const type = checker.getTypeOfSymbol(symbol)
  const isMethod = ts.isMethodDeclaration(declaration) || ts.isMethodSignature(declaration)
  if (!isMethod) return { access: { kind: 'property', name }, type }
  const signature = type.getCallSignatures().find((s) => s.getParameters().every((p) => isOptionalParameter(p)))
  if (!signature) return undefined
  const predicate = checker.getTypePredicateOfSignature(signature)
  const narrowsTo = predicate && predicate.kind === ts.TypePredicateKind.This ? predicate.type : undefined
  return { access: { kind: 'method', name }, type: checker.getReturnTypeOfSignature(signature), ...(narrowsTo ? { narrowsTo } : {}) }
}

function isOptionalParameter(parameter: ts.Symbol): boolean {
  const decl = parameter.valueDeclaration
  return decl !== undefined && ts.isParameter(decl) && (decl.questionToken !== undefined || decl.initializer !== undefined || decl.dotDotDotToken !== undefined)
}
