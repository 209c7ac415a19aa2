import ts from 'typescript'
import type { FailureValue, ModuleRef, ResultWrapperReturn, VariantBuilder } from '../model'
import { isPublic, type ReaderContext } from './context'
import { resultWrapperOf, type ResultWrapper } from './result-wrapper'

/** A port method's Result/Either return: the success value's type, and how generated code builds each variant. */
export interface ResultReturn {
  readonly valueType: ts.Type
  readonly wrapper: ResultWrapperReturn
}

/** A function, static method or constructor that may build a variant, with the signature that would be called. */
interface Candidate {
  readonly builder: VariantBuilder
  readonly signature: ts.Signature
}

/**
 * `type` (a method's result, Promise removed) as a Result/Either recognised by its shape (resultWrapperOf), with the
 * builders of its variants found by declaration among the exports of the modules that declare the wrapper and its
 * variants: a function or static method of one parameter whose result is the wrapper (or a variant) and whose success
 * value is that parameter, or a class of a success variant constructed from it. The failure builder is the one whose
 * failure variant holds its parameter. Names play no part.
 */
export function resultReturnOf(ctx: ReaderContext, type: ts.Type): ResultReturn | undefined {
  const { checker } = ctx
  if (!isGenericOrUnion(checker, type)) return undefined
  const shape = resultWrapperOf(checker, type, () => true)
  if (!shape) return undefined
  const variants = type.isUnion() ? type.types : [type]
  const failureVariants = variants.filter((v) => !shape.successVariants.includes(v))
  let success: VariantBuilder | undefined
  let failure: { builder: VariantBuilder; parameter: ts.Type; returned: ts.Type } | undefined
  for (const candidate of candidatesNextTo(ctx, type, variants)) {
    const parameter = singleParameter(checker, candidate.signature)
    if (!parameter) continue
    const returned = checker.getReturnTypeOfSignature(candidate.signature)
    if (!relatesTo(checker, returned, type, variants)) continue
    if (isSuccessBuilder(checker, returned, parameter)) success ??= candidate.builder
    else if (!failure && holdsFailure(checker, returned, parameter, failureVariants)) failure = { builder: candidate.builder, parameter, returned }
  }
  success ??= literalBuilder(checker, shape.successVariants, shape)
  const failureType = failure ? concreteOf(checker, failure.parameter, failure.returned, type, variants) : undefined
  const literalFailure = failure ? undefined : literalFailureOf(checker, failureVariants)
  const held = failureType ?? literalFailure?.type
  const value = held ? failureValueOf(ctx, held) : undefined
  const failureBuilder = failure?.builder ?? literalFailure?.builder
  const failureText = held ? checker.typeToString(held) : failureVariants.map((v) => checker.typeToString(v)).join(' | ') || 'its failure'
  return {
    valueType: shape.valueType,
    wrapper: {
      name: shape.wrapper,
      failureText,
      ...(success ? { success } : {}),
      ...(failureBuilder && value ? { failure: { builder: failureBuilder, value } } : {}),
    },
  }
}

/** A wrapper is generic or a union of variants: an entity class with a `value` and an `isValid` flag is not one. */
export function isGenericOrUnion(checker: ts.TypeChecker, type: ts.Type): boolean {
  return type.isUnion() || (type.aliasTypeArguments?.length ?? 0) > 0 || (isReference(type) && checker.getTypeArguments(type).length > 0)
}

/** The type of the one required parameter (any others optional), or undefined. */
function singleParameter(checker: ts.TypeChecker, signature: ts.Signature): ts.Type | undefined {
  const [first, ...rest] = signature.getParameters()
  if (!first || !rest.every(isOptional) || isOptional(first)) return undefined
  return checker.getTypeOfSymbol(first)
}

function isOptional(parameter: ts.Symbol): boolean {
  const decl = parameter.valueDeclaration
  return decl !== undefined && ts.isParameter(decl) && (decl.questionToken !== undefined || decl.initializer !== undefined || decl.dotDotDotToken !== undefined)
}

/** `returned` is the method's wrapper (same alias or class) or one of its variants (`Right<L, R>` of `Left | Right`). */
function relatesTo(checker: ts.TypeChecker, returned: ts.Type, wrapper: ts.Type, variants: readonly ts.Type[]): boolean {
  if (returned.aliasSymbol && wrapper.aliasSymbol) return target(checker, returned.aliasSymbol) === target(checker, wrapper.aliasSymbol)
  const symbol = returned.getSymbol()
  if (!symbol) return false
  return [wrapper, ...variants].some((t) => t.getSymbol() === symbol)
}

/** On success, the wrapper `returned` hands out exactly the parameter's type (`ok<T>(value: T): Result<T, E>`, `new Ok(value: T)`). */
function isSuccessBuilder(checker: ts.TypeChecker, returned: ts.Type, parameter: ts.Type): boolean {
  // a failure variant's class (`new Left(value: L)`) has no success guard that is true, so it is not one
  return resultWrapperOf(checker, returned, (value) => value === parameter) !== undefined
}

/** The failure side of `returned` holds the parameter: a field of a failure variant (`Err.error: E`, `Outcome.error?: string`). */
function holdsFailure(checker: ts.TypeChecker, returned: ts.Type, parameter: ts.Type, methodFailures: readonly ts.Type[]): boolean {
  const failures = failuresOf(checker, returned, methodFailures)
  const isTypeParameter = (parameter.flags & ts.TypeFlags.TypeParameter) !== 0
  return failures.some((variant) =>
    checker.getPropertiesOfType(variant).some((property) => {
      const declaration = property.valueDeclaration ?? property.declarations?.[0]
      if (!declaration || !isPublic(declaration as ts.Declaration)) return false
      const held = checker.getTypeOfSymbol(property)
      return (
        held === parameter ||
        (!isTypeParameter && !(parameter.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) && checker.isTypeAssignableTo(parameter, held))
      )
    }),
  )
}

/** The failure variants of `returned`: itself when it is the class of one (`new Left(value)`), else by its guard. */
function failuresOf(checker: ts.TypeChecker, returned: ts.Type, methodFailures: readonly ts.Type[]): readonly ts.Type[] {
  const symbol = returned.isUnion() ? undefined : returned.getSymbol()
  if (symbol && methodFailures.some((f) => f.getSymbol() === symbol)) return [returned]
  const shape = resultWrapperOf(checker, returned, () => true)
  if (!shape) return []
  const variants = returned.isUnion() ? returned.types : [returned]
  // one class for both outcomes (a runtime guard): the class itself holds the failure
  return shape.successVariants.length === variants.length ? variants : variants.filter((v) => !shape.successVariants.includes(v))
}

/**
 * The method's concrete type for a builder's parameter: itself when not generic, else the type argument at the same
 * place in the method's wrapper (`err<T, E>(error: E): Result<T, E>` for `Result<User, NotFound>` is NotFound).
 */
function concreteOf(checker: ts.TypeChecker, parameter: ts.Type, returned: ts.Type, wrapper: ts.Type, variants: readonly ts.Type[]): ts.Type | undefined {
  if (!(parameter.flags & ts.TypeFlags.TypeParameter)) return parameter
  if (returned.aliasSymbol && wrapper.aliasSymbol && returned.aliasTypeArguments && wrapper.aliasTypeArguments) {
    const index = returned.aliasTypeArguments.indexOf(parameter)
    return index >= 0 ? wrapper.aliasTypeArguments[index] : undefined
  }
  if (!isReference(returned)) return undefined
  const index = checker.getTypeArguments(returned).indexOf(parameter)
  const same = [wrapper, ...variants].find((t) => isReference(t) && t.target === returned.target) as ts.TypeReference | undefined
  return index >= 0 && same ? checker.getTypeArguments(same)[index] : undefined
}

/** What infra can put in the failure variant: an Error (its own EntityNotFoundError), a message, or `new E(message)`. */
function failureValueOf(ctx: ReaderContext, type: ts.Type): FailureValue | undefined {
  const { checker } = ctx
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return { kind: 'error' }
  const error = checker.resolveName('Error', undefined, ts.SymbolFlags.Type, false)
  const errorType = error ? checker.getDeclaredTypeOfSymbol(error) : undefined
  const members = type.isUnion() ? type.types : [type]
  if (errorType && members.some((m) => m === errorType)) return { kind: 'error' }
  if (type.flags & ts.TypeFlags.String) return { kind: 'message' }
  const symbol = type.getSymbol()
  const declaration = symbol?.valueDeclaration
  if (!symbol || !(symbol.flags & ts.SymbolFlags.Class) || !declaration || !ts.isClassDeclaration(declaration)) return undefined
  if (ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Abstract) return undefined
  const constructible = checker
    .getTypeOfSymbol(symbol)
    .getConstructSignatures()
    .some((signature) => {
      if (signature.declaration && !isPublic(signature.declaration as ts.Declaration)) return false
      const [first, ...rest] = signature.getParameters()
      return first !== undefined && rest.every(isOptional) && checker.isTypeAssignableTo(checker.getStringType(), checker.getTypeOfSymbol(first))
    })
  const module = constructible ? ctx.moduleRef(declaration) : undefined
  return module && declaration.name ? { kind: 'class', name: module.exportName, module } : undefined
}

/**
 * A union of object types (`{ ok: true; value: T } | { ok: false; error: E }`): a variant whose fields are literals
 * (its tag) plus the value accessor is written as an object literal.
 */
function literalBuilder(checker: ts.TypeChecker, successVariants: readonly ts.Type[], shape: ResultWrapper): VariantBuilder | undefined {
  const [variant] = successVariants
  if (successVariants.length !== 1 || !variant || shape.value.kind !== 'property' || !isObjectLiteralType(variant)) return undefined
  const fields = literalFields(checker, variant, shape.value.name)
  return fields ? { kind: 'literal', fields, valueField: shape.value.name } : undefined
}

function literalFailureOf(checker: ts.TypeChecker, failureVariants: readonly ts.Type[]): { builder: VariantBuilder; type: ts.Type } | undefined {
  const [variant] = failureVariants
  if (failureVariants.length !== 1 || !variant || !isObjectLiteralType(variant)) return undefined
  const held = checker.getPropertiesOfType(variant).filter((p) => literalText(checker, checker.getTypeOfSymbol(p)) === undefined)
  if (held.length !== 1) return undefined
  const fields = literalFields(checker, variant, held[0]!.name)
  return fields ? { builder: { kind: 'literal', fields, valueField: held[0]!.name }, type: checker.getTypeOfSymbol(held[0]!) } : undefined
}

/** Every field but `valueField` as its literal text; undefined when one is not a literal (the variant cannot be written). */
function literalFields(checker: ts.TypeChecker, variant: ts.Type, valueField: string): { name: string; value: string }[] | undefined {
  const fields: { name: string; value: string }[] = []
  for (const property of checker.getPropertiesOfType(variant)) {
    if (property.name === valueField) continue
    const text = literalText(checker, checker.getTypeOfSymbol(property))
    if (text === undefined) {
      if (property.flags & ts.SymbolFlags.Optional) continue
      return undefined
    }
    fields.push({ name: property.name, value: text })
  }
  return fields
}

function literalText(checker: ts.TypeChecker, type: ts.Type): string | undefined {
  if (type.flags & ts.TypeFlags.BooleanLiteral) return checker.typeToString(type)
  if (type.isStringLiteral()) return JSON.stringify(type.value)
  if (type.isNumberLiteral()) return String(type.value)
  return undefined
}

function isObjectLiteralType(type: ts.Type): boolean {
  return (type.flags & ts.TypeFlags.Object) !== 0 && ((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Anonymous) !== 0
}

/** The exported functions, static methods and public constructors of the modules declaring the wrapper and its variants. */
function candidatesNextTo(ctx: ReaderContext, wrapper: ts.Type, variants: readonly ts.Type[]): Candidate[] {
  const { checker } = ctx
  const declarations = [wrapper.aliasSymbol, wrapper.getSymbol(), ...variants.map((v) => v.getSymbol())].flatMap((s) => s?.declarations ?? [])
  const modules = new Map<ts.Symbol, string | undefined>()
  for (const declaration of declarations) {
    const module = enclosingModule(checker, declaration)
    if (module) modules.set(module.symbol, module.specifier)
  }
  const functions: Candidate[] = []
  const statics: Candidate[] = []
  const constructors: Candidate[] = []
  for (const [module, specifier] of modules) {
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = target(checker, exported)
      const declaration = symbol.valueDeclaration
      const name = exported.escapedName.toString()
      if (!declaration || name === 'default') continue
      const ref = refOf(ctx, declaration, name, specifier)
      if (!ref) continue
      const type = checker.getTypeOfSymbolAtLocation(symbol, declaration)
      if (symbol.flags & ts.SymbolFlags.Class) {
        if (ts.isClassDeclaration(declaration) && ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Abstract) continue
        for (const signature of type.getConstructSignatures()) {
          if (!signature.declaration || isPublic(signature.declaration as ts.Declaration))
            constructors.push({ builder: { kind: 'new', variant: ref }, signature })
        }
        for (const member of checker.getPropertiesOfType(type)) {
          const memberDeclaration = member.valueDeclaration
          if (!memberDeclaration || !isPublic(memberDeclaration as ts.Declaration) || member.name === 'prototype') continue
          for (const signature of checker.getTypeOfSymbol(member).getCallSignatures())
            statics.push({ builder: { kind: 'static', owner: ref, method: member.name }, signature })
        }
      } else if (symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable)) {
        for (const signature of type.getCallSignatures()) functions.push({ builder: { kind: 'call', callee: ref }, signature })
      }
    }
  }
  // a factory function first, then a static factory, then a variant's constructor
  return [...functions, ...statics, ...constructors]
}

/** The module a declaration is exported from: its file, or the `declare module 'name'` around it (imported by that name). */
function enclosingModule(checker: ts.TypeChecker, declaration: ts.Node): { symbol: ts.Symbol; specifier?: string } | undefined {
  for (let node: ts.Node | undefined = declaration.parent; node; node = node.parent) {
    if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) {
      const symbol = checker.getSymbolAtLocation(node.name) ?? (node as { symbol?: ts.Symbol }).symbol
      return symbol ? { symbol, specifier: node.name.text } : undefined
    }
  }
  const symbol = checker.getSymbolAtLocation(declaration.getSourceFile())
  return symbol ? { symbol } : undefined
}

function refOf(ctx: ReaderContext, declaration: ts.Declaration, name: string, specifier: string | undefined): ModuleRef | undefined {
  if (specifier) return { file: ctx.relativeFile(declaration.getSourceFile().fileName), exportName: name, typeOnly: false, specifier }
  const ref = ctx.moduleRef(declaration as ts.Declaration & { name?: ts.Node })
  return ref && !ref.typeOnly ? ref : undefined
}

function target(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
}

function isReference(type: ts.Type): type is ts.TypeReference {
  return (type.flags & ts.TypeFlags.Object) !== 0 && ((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) !== 0
}
