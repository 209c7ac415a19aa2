import type { FactoryUnwrap, WrapperAccess } from '../model'

/**
 * The instance out of a factory call returning a wrapper: `X.create(...).getValue()`, or, through the wrapper's guard,
 * `((result) => (result.isRight() ? result.value : <failure>))(X.create(...))`. The arrow is called in place so the
 * guard narrows the union (TypeScript types an immediately called arrow's parameter from its argument); `failure`
 * gives the expression (of type never) for a failed result.
 */
export function unwrappedCall(call: string, unwrap: FactoryUnwrap, failure: (result: string) => string): string {
  if (unwrap.kind !== 'guarded') return `${call}${accessText(unwrap)}`
  const guard = `result${accessText(unwrap.guard)}`
  const value = `result${accessText(unwrap.value)}`
  const chosen = unwrap.success ? `${guard} ? ${value} : ${failure('result')}` : `${guard} ? ${failure('result')} : ${value}`
  return `((result) => (${chosen}))(${call})`
}

function accessText(access: WrapperAccess): string {
  return access.kind === 'method' ? `.${access.name}()` : `.${access.name}`
}
