/** A nominal type over a primitive: a UserId is a string that cannot be mixed up with other strings. */
export type Brand<T, Name extends string> = T & { readonly __brand: Name }

/** A value that may be absent. */
export type Nullable<T> = T | null
