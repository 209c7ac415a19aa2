// How an event's properties travel as JSON (src/core/message-conventions.ts: Date as ISO text, bigint as a decimal
// string, a value object as its primitive, a Map as its entries, a Set as an array) and how the consumer rebuilds them. Pure: it returns the expressions of the
// payload module (like the repository mapper does for rows), the template owns the file around them.
import type { Declared, DomainEvent, DomainModel, LibraryCollection, Property, ReconstructArgument, TaggedUnionType, TypeRef } from '../../model'
import { literal } from '../layout'
import { parenthesized, readProperty, typeText } from '../mapping'
import { Needs } from '../needs'
import { unwrappedCall } from '../factory-unwrap'

export interface PayloadField {
  readonly name: string
  /** the JSON side's TypeScript type */
  readonly wireType: string
  readonly optional: boolean
  /** reads the property from `event` and encodes it */
  readonly encode: string
}

export interface PayloadPlan {
  readonly event: DomainEvent
  readonly fields: readonly PayloadField[]
  /** the expression rebuilding the event from `payload`, or null when the event has no way to be rebuilt */
  readonly decode: string | null
  /** why `decode` is null */
  readonly decodeProblem?: string
  /** declarations the payload module imports */
  readonly needs: Needs
}

/** An event the payload cannot carry (a property of an unsupported type): the reason names the property. */
export class UnsupportedPayload extends Error {}

interface Codec {
  readonly wire: string
  /** true when encode and decode are the identity */
  readonly identity: boolean
  encode(expression: string): string
  decode(expression: string): string
}

const IDENTITY = (wire: string): Codec => ({ wire, identity: true, encode: (e) => e, decode: (e) => e })

export function planPayload(model: DomainModel, event: DomainEvent): PayloadPlan {
  const needs = new Needs()
  needs.type(event.module, event.name)
  const planner = new CodecPlanner(model, needs)
  const codecs = new Map<string, Codec>()
  const fields = event.properties.map((property) => {
    const codec = planner.propertyCodec(property, `${event.name}.${property.name}`)
    codecs.set(property.name, codec)
    const read = readProperty('event', property.read, property.name, false)
    return { name: property.name, wireType: codec.wire, optional: property.optional, encode: codec.encode(read) }
  })
  const rebuilt = planner.rebuild(event, (property) => {
    const codec = codecs.get(property.name)!
    const value = `payload.${property.name}`
    return codec.decode(value)
  })
  if (rebuilt === null) {
    return { event, fields, decode: null, decodeProblem: `${event.name} has no public constructor or static factory taking all of its properties`, needs }
  }
  return { event, fields, decode: rebuilt, needs }
}

class CodecPlanner {
  private depth = 0

  constructor(
    private readonly model: DomainModel,
    private readonly needs: Needs,
  ) {}

  /** a property's codec, with its optional (`undefined`) and nullable (`null`) absence passed through unchanged */
  propertyCodec(property: Property, owner: string): Codec {
    const inner = this.codec(property.type, owner)
    const absent = [property.nullable ? 'null' : null, property.optional ? 'undefined' : null].filter((a): a is string => a !== null)
    return absent.length === 0 ? inner : this.orAbsent(inner, absent)
  }

  private orAbsent(inner: Codec, absent: readonly string[]): Codec {
    const wire = `${inner.wire}${absent.map((a) => ` | ${a}`).join('')}`
    if (inner.identity) return IDENTITY(wire)
    const test = (e: string) => absent.map((a) => `${e} === ${a}`).join(' || ')
    return {
      wire,
      identity: false,
      encode: (e) => `${test(e)} ? ${e} : ${inner.encode(e)}`,
      decode: (e) => `${test(e)} ? ${e} : ${inner.decode(e)}`,
    }
  }

  private codec(type: TypeRef, owner: string): Codec {
    switch (type.kind) {
      case 'primitive':
        if (type.name === 'Date')
          return {
            wire: 'string',
            identity: false,
            encode: (e) => (type.widened ? `new Date(${e}).toISOString()` : `${e}.toISOString()`),
            decode: (e) => `new Date(${e})`,
          }
        if (type.name === 'bigint') return { wire: 'string', identity: false, encode: (e) => `${e}.toString()`, decode: (e) => `BigInt(${e})` }
        if (type.widened) return { wire: type.name, identity: false, encode: (e) => `${capitalised(type.name)}(${e})`, decode: (e) => e }
        return IDENTITY(type.name)
      case 'literal-union':
      case 'enum':
      case 'json':
        return IDENTITY(typeText(this.model, type, this.needs))
      case 'id':
        return this.idCodec(type, owner)
      case 'value-object':
        return this.valueObjectCodec(type.name, owner)
      case 'array': {
        const element = this.codec(type.element, `${owner}[]`)
        const wire = `${type.readonly ? 'readonly ' : ''}${parenthesised(element.wire)}[]`
        if (element.identity) return IDENTITY(wire)
        const item = this.itemName()
        return {
          wire,
          identity: false,
          encode: (e) => `${e}.map((${item}) => ${arrowBody(element.encode(item))})`,
          decode: (e) => `${e}.map((${item}) => ${arrowBody(element.decode(item))})`,
        }
      }
      case 'nullable':
        return this.orAbsent(
          this.codec(type.inner, owner),
          [type.null ? 'null' : null, type.undefined ? 'undefined' : null].filter((a): a is string => a !== null),
        )
      case 'tagged-union':
        return this.taggedUnionCodec(type, owner)
      case 'entity':
        throw new UnsupportedPayload(`${owner} holds the entity ${type.name}: an event carries ids and values, not aggregates`)
      case 'unsupported':
        if (type.collection) return this.collectionCodec(type.collection, owner)
        throw new UnsupportedPayload(`${owner}: ${type.text} ${type.reason}`)
    }
  }

  /** a Map travels as its entries (`[key, value]` pairs, in insertion order), a Set as an array of its elements */
  private collectionCodec(collection: LibraryCollection, owner: string): Codec {
    const item = this.itemName()
    if (collection.kind === 'set') {
      const element = this.codec(collection.element, `${owner} element`)
      return {
        wire: `${parenthesised(element.wire)}[]`,
        identity: false,
        encode: (e) => (element.identity ? `[...${e}]` : `Array.from(${e}, (${item}) => ${arrowBody(element.encode(item))})`),
        decode: (e) => (element.identity ? `new Set(${e})` : `new Set(${e}.map((${item}) => ${arrowBody(element.decode(item))}))`),
      }
    }
    const key = this.codec(collection.key, `${owner} key`)
    const value = this.codec(collection.value, `${owner} value`)
    const [k, v] = [`${item}Key`, `${item}Value`]
    const pair = (keyText: string, valueText: string) => `[${keyText}, ${valueText}]`
    return {
      wire: `Array<[${key.wire}, ${value.wire}]>`,
      identity: false,
      encode: (e) =>
        key.identity && value.identity
          ? `[...${e}]`
          : `Array.from(${e}, (${pair(k, v)}): [${key.wire}, ${value.wire}] => ${pair(key.encode(k), value.encode(v))})`,
      decode: (e) => (key.identity && value.identity ? `new Map(${e})` : `new Map(${e}.map((${pair(k, v)}) => ${pair(key.decode(k), value.decode(v))}))`),
    }
  }

  /**
   * A discriminated union travels as the variant's fields plus its tag (`{ kind: 'crate', widthCm: 80 }`); the consumer
   * rebuilds the variant the tag names through its own constructor or factory. Each side is
   * `((variant) => variant.kind === 'a' ? A : ...)(e)`: the checker narrows the arrow's parameter in each branch.
   * A tag no variant has is refused (a TypeError naming it), never a guessed variant.
   */
  private taggedUnionCodec(type: TaggedUnionType, owner: string): Codec {
    const variants = type.variants.map(({ value, type: ref }) => {
      const vo = this.model.valueObjects[ref.name]
      if (!vo) throw new UnsupportedPayload(`${owner}: the variant ${ref.name} was not read`)
      const fields = vo.properties.filter((p) => p.name !== type.tag).map((p) => ({ property: p, codec: this.propertyCodec(p, `${owner}.${p.name}`) }))
      return { value, vo, fields }
    })
    const variant = this.itemName().replace(/^item/, 'variant')
    const choose = (e: string, branch: (v: (typeof variants)[number]) => string, otherwise?: string): string => {
      const branches = variants.map((v) => ({ value: v.value, text: branch(v) }))
      const last = otherwise ?? branches.pop()!.text
      const chain = branches.reduceRight(
        (rest, b) => `${variant}.${type.tag} === ${literal(b.value)} ? ${parenthesized(b.text)} : ${rest}`,
        parenthesized(last),
      )
      return `((${variant}) => ${chain})(${e})`
    }
    const tagEntry = (v: (typeof variants)[number]) => `${type.tag}: ${literal(v.value)}`
    return {
      wire: variants
        .map((v) => `{ ${[tagEntry(v), ...v.fields.map((f) => `${f.property.name}${f.property.optional ? '?' : ''}: ${f.codec.wire}`)].join('; ')} }`)
        .join(' | '),
      identity: false,
      encode: (e) =>
        choose(
          e,
          (v) =>
            `{ ${[tagEntry(v), ...v.fields.map((f) => `${f.property.name}: ${f.codec.encode(readProperty(variant, f.property.read, f.property.name, false))}`)].join(', ')} }`,
        ),
      decode: (e) =>
        choose(
          e,
          (v) =>
            this.rebuildOrThrow(
              v.vo,
              (p) => (p.name === type.tag ? literal(v.value) : v.fields.find((f) => f.property === p)!.codec.decode(`${variant}.${p.name}`)),
              owner,
              (p) => `${variant}.${p.name}`,
            ),
          `((): never => { throw new TypeError(\`${owner} holds the tag \${JSON.stringify((${variant} as { readonly ${type.tag}: unknown }).${type.tag})}, which no variant of ${type.text.replace(/[`\\$]/g, '')} has\`) })()`,
        ),
    }
  }

  /** a fresh name for the parameter of an element's arrow function (nested collections and arrays do not shadow) */
  private itemName(): string {
    return `item${this.depth++ === 0 ? '' : this.depth}`
  }

  private idCodec(type: Extract<TypeRef, { kind: 'id' }>, owner: string): Codec {
    if (type.form === 'value-object') return this.valueObjectCodec(type.name, owner)
    const primitive = this.codec({ kind: 'primitive', name: type.primitive }, owner)
    if (type.form !== 'branded') return type.form === 'alias' && primitive.identity ? IDENTITY(typeText(this.model, type, this.needs)) : primitive
    const cast = typeText(this.model, type, this.needs)
    return { wire: primitive.wire, identity: false, encode: primitive.encode, decode: (e) => `(${primitive.decode(e)} as ${cast})` }
  }

  /** one primitive for a single-value object (Email -> its string), an object of its fields otherwise */
  private valueObjectCodec(name: string, owner: string): Codec {
    const vo = this.model.valueObjects[name]
    if (!vo) throw new UnsupportedPayload(`${owner}: the value object ${name} was not read`)
    if (vo.storage === 'column' && vo.wraps) {
      const wrapped = vo.properties.find((p) => p.name === vo.wraps!.property)!
      const inner = this.codec(vo.wraps.type, `${owner}.${wrapped.name}`)
      return {
        wire: inner.wire,
        identity: false,
        encode: (e) => inner.encode(readProperty(e, wrapped.read, wrapped.name, false)),
        decode: (e) => this.rebuildOrThrow(vo, () => inner.decode(e), owner),
      }
    }
    const fields = vo.properties.map((p) => ({ property: p, codec: this.propertyCodec(p, `${owner}.${p.name}`) }))
    return {
      wire: `{ ${fields.map((f) => `${f.property.name}${f.property.optional ? '?' : ''}: ${f.codec.wire}`).join('; ')} }`,
      identity: false,
      encode: (e) => `{ ${fields.map((f) => `${f.property.name}: ${f.codec.encode(readProperty(e, f.property.read, f.property.name, false))}`).join(', ')} }`,
      decode: (e) =>
        this.rebuildOrThrow(
          vo,
          (p) => fields.find((f) => f.property === p)!.codec.decode(`${e}.${p.name}`),
          owner,
          (p) => `${e}.${p.name}`,
        ),
    }
  }

  private rebuildOrThrow(declared: Declared, value: (property: Property) => string, owner: string, raw?: (property: Property) => string): string {
    const text = this.rebuild(declared, value, raw)
    if (text === null) throw new UnsupportedPayload(`${owner}: ${declared.name} cannot be rebuilt (no public constructor or factory takes its properties)`)
    return text
  }

  /** the expression building `declared` from the values of its properties; null when it cannot be built */
  rebuild(declared: Declared, value: (property: Property) => string, raw: (property: Property) => string = (p) => `payload.${p.name}`): string | null {
    const byName = new Map(declared.properties.map((p) => [p.name, p]))
    const valueOf = (name: string) => {
      const property = byName.get(name)
      return property ? value(property) : 'undefined'
    }
    // an absent optional property is left out rather than set to undefined (exactOptionalPropertyTypes)
    const literal = (entries: ReadonlyArray<{ key: string; property: string }>) =>
      `{ ${entries
        .map((e) => {
          const property = byName.get(e.property)
          const entry = `${e.key}: ${valueOf(e.property)}`
          return property?.optional ? `...(${raw(property)} === undefined ? {} : { ${entry} })` : entry
        })
        .join(', ')} }`
    const argument = (a: ReconstructArgument): string => {
      if (a.kind === 'property') return valueOf(a.property)
      const nested = (a.nested ?? []).map((n) => `${n.key}: ${argument(n.argument)}`)
      const own = a.properties.map((p) => `${p.key}: ${valueOf(p.property)}${p.nullAsUndefined ? ' ?? undefined' : ''}`)
      return `{ ${[...own, ...nested].join(', ')} }`
    }
    const r = declared.reconstruct
    switch (r.kind) {
      case 'object-literal':
        return literal(declared.properties.map((p) => ({ key: p.name, property: p.name })))
      case 'constructor':
        this.needs.value(declared.module, declared.name)
        return `new ${declared.name}(${r.arguments.map(argument).join(', ')})`
      case 'factory':
        this.needs.value(declared.module, declared.name)
        return `${declared.name}.${r.method}(${r.arguments.map(argument).join(', ')})`
      case 'wrapped-factory':
        this.needs.value(declared.module, declared.name)
        // a failed Result/Either: a payload that its own factory refuses is not an event this consumer can take
        return unwrappedCall(
          `${declared.name}.${r.method}(${r.arguments.map(argument).join(', ')})`,
          r.unwrap,
          () => `((): never => { throw new TypeError('${declared.name}.${r.method}() refused the payload') })()`,
        )
      case 'assign':
        this.needs.value(declared.module, declared.name)
        return `Object.assign(new ${declared.name}(), ${literal(declared.properties.map((p) => ({ key: p.name, property: p.name })))})`
      case 'none':
        return null
    }
  }
}

/** an element type as written before `[]` */
function parenthesised(wire: string): string {
  return /[|&\s{]/.test(wire) ? `(${wire})` : wire
}

function capitalised(name: string): string {
  return `${name[0]!.toUpperCase()}${name.slice(1)}`
}

/** An arrow function's body: an object literal in parentheses, or `(x) => { a: ... }` would be a block (found on an event carrying `{ name, languageId }[]`). */
function arrowBody(expression: string): string {
  return expression.startsWith('{') ? `(${expression})` : expression
}
