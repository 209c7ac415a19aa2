/**
 * The reader's one id rule: which type names are identifiers, which property is an entity's identity, which
 * parameter names pass an id. A type is an id by role, wherever it is declared (the project or a package): the type of
 * the entity's identity property (identityPropertyNames, then looksLikeIdProperty), converted by TypeResolver.toId
 * whatever its name; the type findById/delete(id) take, by identity with that type (ports.ts); or a name like an id
 * (isIdTypeName) for a single-primitive value object met elsewhere.
 */

/** `UserId`, `OrderID`, `UniqueEntityIdentifier`: a type named like an identifier. */
export function isIdTypeName(name: string): boolean {
  return /(Id|ID|Identifier)$/.test(name)
}

/** The identity property of `entity`, in order of preference: `id`, `<entity>Id`, `_id`, `uuid`, `key`. */
export function identityPropertyNames(entity: string): string[] {
  return ['id', `${lowerFirst(entity)}Id`, '_id', 'uuid', 'key']
}

/** A property that may be the identity when none has one of identityPropertyNames (`accountID`, `memberId`). */
export function looksLikeIdProperty(name: string): boolean {
  return name.toLowerCase().endsWith('id')
}

/** A plain string/number parameter passes an id only when named `id`, `ids` or `<entity>Id`. */
export function isIdParameterName(parameter: string, entity: string | null): boolean {
  return ['id', 'ids', entity ? `${lowerFirst(entity)}Id` : 'id'].includes(parameter)
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1)
}
