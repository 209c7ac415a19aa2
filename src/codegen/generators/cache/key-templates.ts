import { hashTagOf, instanceSetKey, NOT_FOUND_VALUE, tagSetKey, tombstoneKey, valueKeyByField, valueKeyById } from '../../../cache/keys'

/**
 * The key conventions of src/cache/keys.ts as TypeScript template literals for the generated code, which cannot import
 * infra at run time. Each is produced by calling the keys.ts function with placeholder arguments and turning the
 * placeholders back into `${...}` substitutions, so keys.ts stays the one definition: a change there changes the
 * generated code on the next run (and the test comparing both fails until it does).
 */
export interface KeyTemplates {
  /** `{${prefix}:${entity}}` */
  readonly hashTag: string
  readonly valueById: string
  readonly valueByField: string
  readonly instanceSet: string
  readonly tagSet: string
  readonly tombstone: string
  /** the negative-cache value, as a string literal */
  readonly notFound: string
}

// placeholders no real prefix, entity, version or id contains (control characters)
const PREFIX = '\u0001p\u0001'
const ENTITY = 'Q\u0001e\u0001'
const VERSION = '\u0001v\u0001'
const ID = '\u0001i\u0001'
const FIELD = '\u0001f\u0001'
const VALUE = '\u0001x\u0001'
const TAG = '\u0001t\u0001'

/** The expressions the placeholders become in the generated keyspace function (its parameters). */
const BINDINGS: ReadonlyArray<readonly [string, string]> = [
  [PREFIX, 'prefix'],
  [ENTITY, 'entity'],
  [VERSION, 'version'],
  [ID, 'id'],
  [FIELD, 'field'],
  [VALUE, 'value'],
  [TAG, 'tag'],
]

export function keyTemplates(): KeyTemplates {
  const space = { prefix: PREFIX, entity: ENTITY }
  return {
    hashTag: templateLiteral(hashTagOf(space)),
    valueById: templateLiteral(valueKeyById(space, VERSION, ID)),
    valueByField: templateLiteral(valueKeyByField(space, VERSION, FIELD, VALUE)),
    instanceSet: templateLiteral(instanceSetKey(space, ID)),
    tagSet: templateLiteral(tagSetKey(space, TAG)),
    tombstone: templateLiteral(tombstoneKey(space, ID)),
    notFound: jsStringLiteral(NOT_FOUND_VALUE),
  }
}

/** A backquoted template literal of `text`, each placeholder a substitution and everything else escaped. */
export function templateLiteral(text: string): string {
  let out = ''
  let rest = text
  while (rest.length > 0) {
    const next = BINDINGS.map(([placeholder, expression]) => ({ at: rest.indexOf(placeholder), placeholder, expression }))
      .filter((b) => b.at >= 0)
      .sort((a, b) => a.at - b.at)[0]
    if (!next) {
      out += escapeTemplateText(rest)
      break
    }
    out += `${escapeTemplateText(rest.slice(0, next.at))}\${${next.expression}}`
    rest = rest.slice(next.at + next.placeholder.length)
  }
  return `\`${out}\``
}

function escapeTemplateText(text: string): string {
  return escapeControl(text.replace(/[\\`]|\$(?=\{)/g, '\\$&'))
}

/** Control characters as `\uXXXX` escapes (the generated source stays printable). */
function escapeControl(text: string): string {
  return Array.from(text, (c) => (c.charCodeAt(0) < 0x20 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('')
}

/** A single-quoted literal with control characters escaped (`'\u0000nf'`). */
export function jsStringLiteral(text: string): string {
  return `'${escapeControl(text.replace(/[\\']/g, '\\$&'))}'`
}
