import { InvalidInputError } from '../../core/errors'
import type { DomainModel, Entity, Property, PropertyRead, Reconstruct, TaggedUnionType, TypeRef, ValueObject } from '../model'
import type { QueryProperty } from '../query'
import { literal } from './layout'
import { snakeCase } from './naming'
import { Needs } from './needs'
import { mysqlColumnType, overrideStorage } from './mysql/column-types'
import { unwrappedCall } from './factory-unwrap'

/** One column of an entity's table, with how to write it from the entity and how the domain value of a query parameter becomes it. */
export interface ColumnPlan {
  readonly column: string
  /** SQL type for the migration (`VARCHAR(255)`) */
  readonly sqlType: string
  /** Sequelize DataTypes expression for the model (`DataTypes.STRING(255)`) */
  readonly dataType: string
  /** TypeScript type of the row attribute, without null */
  readonly rowType: string
  readonly allowNull: boolean
  readonly primaryKey: boolean
  /** a numeric id the entity may lack until it is saved (`id?: number`): the database assigns it */
  readonly autoIncrement?: boolean
  /** how a derived query names it (absent for JSON columns under a nullable path? no: present with kind json) */
  readonly query: QueryProperty
  /** expression writing this column from the entity variable (in toRow) */
  readonly write: string
  /** converts a domain value of the property at `query.path` to the stored value (query parameters) */
  readonly storeParameter: (expression: string) => string
  /** the domain type of the property at `query.path` (for parameter signatures) */
  readonly domainType: TypeRef
  /** false for TEXT and JSON columns */
  readonly indexable: boolean
  /** the expression writing this column from another variable than the mapper's (`order` -> `order.id.value`) */
  readonly writeFrom: (variable: string) => string
  /** text columns compare case-insensitively (`text`) unless they are ids or unique keys (`binary`, chosen by the migration) */
  readonly textual?: boolean
}

/** What the config changes in an entity's columns (generate.columns), keyed by `Entity.path` or `path`. */
export interface MappingSettings {
  readonly columns?: Readonly<Record<string, string>>
  /**
   * `row` (default): a MySQL row (JSON columns as text, Date objects, bigint as string | number).
   * `document`: a JSON document (Elasticsearch `_source`): the same fields, but JSON-stored values stay structured,
   * dates are ISO text and bigints decimal text, so what is written is what is read back.
   */
  readonly target?: 'row' | 'document'
}

export interface EntityMapping {
  readonly entity: Entity
  readonly table: string
  readonly columns: readonly ColumnPlan[]
  readonly id: ColumnPlan
  /** an optional flattened value object as a whole (`address`): only IsNull/IsNotNull, tested on its first required column */
  readonly wholeValueObjects: ReadonlyArray<{ readonly query: QueryProperty; readonly column: ColumnPlan }>
  /** statements before the return of fromRow (JSON parsing bound to locals) */
  readonly fromRowPrelude: readonly string[]
  /** the expression rebuilding the entity from `row` */
  readonly fromRow: string
  /** types used in the row interface (model file) */
  readonly rowNeeds: Needs
  /** declarations used by the mapper (constructors, factories, casts) */
  readonly mapperNeeds: Needs
  /** the mapper checks enum and literal-union values it reads (`storedMember` of the generated errors module) */
  readonly checksMembers: boolean
  /** the mapper rebuilds through a factory's Result/Either guard (`rebuildFailed` of the generated errors module) */
  readonly rebuildsFromResults: boolean
}

interface Scalar {
  sqlType: string
  dataType: string
  rowType: string
  kind: QueryProperty['kind']
  /** domain -> stored; null when the value passes unchanged */
  store: ((e: string) => string) | null
  /** stored -> domain; null when unchanged */
  load: ((e: string) => string) | null
  /** TEXT columns cannot be indexed without a prefix length */
  unindexable?: boolean
}

const LONG_TEXT = /(description|body|content|text|notes?|bio|biography|summary|comment|message|html|markdown|details)$/i

/**
 * Works out an entity's table: columns, how each is written from the entity and read back into it.
 * Storage (docs/generate.md): scalars one column each; ids and single-value value objects one column of their primitive;
 * value objects with several scalar fields flattened into `<property>_<field>` columns; arrays, records and nested
 * structures one JSON text column (LONGTEXT, parsed by the mapper so MySQL and MariaDB behave alike).
 */
export class EntityMapper {
  private readonly rowNeeds = new Needs()
  private readonly mapperNeeds = new Needs()
  private readonly prelude: string[] = []
  private readonly locals = new Set<string>()
  private checksMembers = false
  private rebuildsFromResults = false
  private table = ''
  /** the JSON column being read back, named by a stored-value error inside it */
  private jsonColumn = ''

  constructor(
    private readonly model: DomainModel,
    private readonly entity: Entity,
    private readonly entityVariable: string,
    private readonly settings: MappingSettings = {},
  ) {}

  private get target(): 'row' | 'document' {
    return this.settings.target ?? 'row'
  }

  map(table: string): EntityMapping {
    this.table = table
    const entity = this.entity
    if (!entity.idProperty)
      throw this.unsupported(
        `${entity.name} has no id property`,
        entity.location,
        'Add an `id` property, or name the id type in the port (Repository<User, UserId>).',
      )
    if (entity.reconstruct.kind === 'none') {
      throw this.unsupported(
        `${entity.name} cannot be rebuilt from stored values: no public constructor or static factory takes all of its properties`,
        entity.location,
        'Add a static factory (e.g. `static reconstitute(props)`) or a public constructor taking the props, or override the mapper template (infra templates eject persistence/mysql/mapper.ts.hbs).',
      )
    }
    const columns: ColumnPlan[] = []
    for (const property of entity.properties) columns.push(...this.columnsOf(property, [property], '', false))
    const id = columns.find((c) => c.query.path === entity.idProperty)
    if (!id)
      throw this.unsupported(
        `${entity.name}.${entity.idProperty} cannot be the primary key (it is not stored as one column)`,
        entity.location,
        'Type the id as a string, number, bigint, branded string or a single-value id class.',
      )
    // `id?: number` / `id: number | null`: the database assigns it (AUTO_INCREMENT); the row carries null until then
    const autoIncrement = id.allowNull && (id.query.kind === 'number' || id.query.kind === 'bigint')
    const withKey = columns.map((c) => (c === id ? { ...c, primaryKey: true, allowNull: autoIncrement, autoIncrement } : c))
    const fromRow = this.rebuild(entity, (property) => this.readBack(property, '', false), { hoistOptional: true })
    return {
      entity,
      table,
      columns: withKey,
      id: withKey.find((c) => c.primaryKey)!,
      wholeValueObjects: this.wholeValueObjects(withKey),
      fromRowPrelude: this.prelude,
      fromRow,
      rowNeeds: this.rowNeeds,
      mapperNeeds: this.mapperNeeds,
      checksMembers: this.checksMembers,
      rebuildsFromResults: this.rebuildsFromResults,
    }
  }

  private wholeValueObjects(columns: ColumnPlan[]): Array<{ query: QueryProperty; column: ColumnPlan }> {
    const result: Array<{ query: QueryProperty; column: ColumnPlan }> = []
    for (const property of this.entity.properties) {
      if (property.type.kind !== 'value-object' || !(property.optional || property.nullable)) continue
      const vo = this.valueObject(property.type.name)
      if (vo.storage !== 'flattened') continue
      const field = vo.properties.find((f) => !f.optional && !f.nullable) ?? vo.properties[0]
      const column = field && columns.find((c) => c.query.path === `${property.name}.${field.name}`)
      if (column) result.push({ query: { path: property.name, column: column.column, kind: 'json', nullable: true }, column })
    }
    return result
  }

  // ------------------------------------------------------------ writing (entity -> row)

  private columnsOf(property: Property, chain: Property[], prefix: string, parentNullable: boolean): ColumnPlan[] {
    const column = `${prefix}${snakeCase(property.name)}`
    const path = chain.map((p) => p.name).join('.')
    const nullable = parentNullable || property.optional || property.nullable
    const access = this.accessChain(chain)
    const type = property.type
    const vo = type.kind === 'value-object' ? this.valueObject(type.name) : undefined
    if (vo?.storage === 'flattened') {
      return vo.properties.flatMap((field) => this.columnsOf(field, [...chain, field], `${column}_`, nullable))
    }
    const scalar = this.overridden(this.scalarOf(type, property), path, type)
    if (scalar) {
      // what the state method gives is already the value object's value: written as the value is (`String(...)` included)
      const store = scalar.store
      const writeStore = property.read.kind === 'snapshot' && property.read.unwrapped ? this.valueStore(type, property) : store
      const write =
        writeStore === null ? (nullable ? `${access} ?? null` : access) : nullable ? `${access} == null ? null : ${writeStore(access)}` : writeStore(access)
      return [
        {
          column,
          sqlType: scalar.sqlType,
          dataType: scalar.dataType,
          rowType: scalar.rowType,
          allowNull: nullable,
          primaryKey: false,
          query: { path, column, kind: scalar.kind, nullable },
          write,
          storeParameter: (e) => (store === null ? e : store(e)),
          domainType: type,
          indexable: !scalar.unindexable,
          writeFrom: (variable) => rebase(write, this.entityVariable, variable),
          textual: scalar.rowType === 'string' || scalar.kind === 'enum',
        },
      ]
    }
    // JSON text column (JSON when generate.columns says so: MariaDB's JSON is LONGTEXT with a validity check)
    const json = this.toJson(type, access, 0)
    const text = this.target === 'document' ? json : `JSON.stringify(${json})`
    const jsonOverride = this.overrideOf(path)
    const jsonStorage = jsonOverride === undefined ? undefined : overrideStorage(jsonOverride)
    if (jsonOverride !== undefined && jsonStorage?.kind !== 'json' && jsonStorage?.kind !== 'text')
      throw this.badOverride(path, jsonOverride, 'a structured value is stored as JSON or TEXT')
    return [
      {
        column,
        // TEXT is too short for a document: it is LONGTEXT, as without an override
        ...mysqlColumnType(jsonStorage?.kind === 'json' ? jsonStorage : { kind: 'long-text' }),
        rowType: this.target === 'document' ? this.jsonType(type) : 'string',
        allowNull: nullable,
        primaryKey: false,
        query: { path, column, kind: 'json', nullable },
        write: nullable ? `${access} == null ? null : ${text}` : text,
        storeParameter: (e) => (this.target === 'document' ? this.toJson(type, e, 0) : `JSON.stringify(${this.toJson(type, e, 0)})`),
        domainType: type,
        indexable: false,
        writeFrom: (variable) => rebase(nullable ? `${access} == null ? null : ${text}` : text, this.entityVariable, variable),
      },
    ]
  }

  /** How the single value of an id or column value object goes into its column (null: as it is). */
  private valueStore(type: TypeRef, property: Property): ((e: string) => string) | null {
    const inner: TypeRef | undefined =
      type.kind === 'id' ? { kind: 'primitive', name: type.primitive } : type.kind === 'value-object' ? this.valueObject(type.name).wraps?.type : undefined
    if (!inner)
      throw this.unsupported(
        `${this.entity.name}.${property.name} is given as one value but is not stored as one`,
        property.location,
        'Read it through a getter.',
      )
    return this.scalarOf(inner, property)?.store ?? null
  }

  /** `user.address?.city` for a chain of properties; `?.` after nullable links */
  private accessChain(chain: Property[]): string {
    let expression = this.entityVariable
    let optional = false
    for (const property of chain) {
      expression = readProperty(expression, property.read, property.name, optional)
      optional = optional || property.optional || property.nullable
    }
    return expression
  }

  private scalarOf(type: TypeRef, property: Property | undefined): Scalar | null {
    const scalar = this.rowScalarOf(type, property)
    return scalar && this.target === 'document' ? asDocumentScalar(scalar) : scalar
  }

  private rowScalarOf(type: TypeRef, property: Property | undefined): Scalar | null {
    switch (type.kind) {
      case 'primitive':
        switch (type.name) {
          case 'string':
            // free text by its name (description, body, notes...) gets TEXT: no 255-character limit, but no index
            if (property && LONG_TEXT.test(property.name))
              return { ...mysqlColumnType({ kind: 'text' }), rowType: 'string', kind: 'string', store: null, load: null, unindexable: true }
            return {
              ...mysqlColumnType({ kind: 'varchar', length: 255 }),
              rowType: 'string',
              kind: 'string',
              store: type.widened ? (e) => `String(${e})` : null,
              load: null,
            }
          case 'number':
            return { ...mysqlColumnType({ kind: 'double' }), rowType: 'number', kind: 'number', store: null, load: null }
          case 'boolean':
            return { ...mysqlColumnType({ kind: 'boolean' }), rowType: 'boolean', kind: 'boolean', store: null, load: (e) => `Boolean(${e})` }
          case 'bigint':
            // mysql2 returns BIGINT as a number when it is a safe integer and as a string beyond; BigInt() takes both
            return {
              ...mysqlColumnType({ kind: 'bigint' }),
              rowType: 'string | number',
              kind: 'bigint',
              store: (e) => `${e}.toString()`,
              load: (e) => `BigInt(${e})`,
            }
          case 'Date':
            // `string | Date`: the string is parsed, so the column always gets a Date
            return {
              ...mysqlColumnType({ kind: 'datetime' }),
              rowType: 'Date',
              kind: 'date',
              store: type.widened ? (e) => `new Date(${e})` : null,
              load: (e) => `new Date(${e})`,
            }
        }
        break
      case 'enum': {
        const declared = this.model.enums[type.name]
        this.rowNeeds.type(declared?.module, type.name)
        const numeric = declared?.members.every((m) => typeof m.value === 'number') ?? false
        const load = this.memberCheck(type.name, declared?.members.map((m) => m.value) ?? [], property)
        if (numeric) return { ...mysqlColumnType({ kind: 'int' }), rowType: type.name, kind: 'enum', store: null, load }
        const longest = Math.max(32, ...(declared?.members.map((m) => String(m.value).length) ?? []))
        return { ...mysqlColumnType({ kind: 'varchar', length: longest }), rowType: type.name, kind: 'enum', store: null, load }
      }
      case 'literal-union': {
        const rowType = this.typeText(type, this.rowNeeds)
        const load = this.memberCheck(rowType, type.values, property)
        if (type.base === 'number') return { ...mysqlColumnType({ kind: 'int' }), rowType, kind: 'enum', store: null, load }
        const longest = Math.max(32, ...type.values.map((v) => String(v).length))
        return { ...mysqlColumnType({ kind: 'varchar', length: longest }), rowType, kind: 'enum', store: null, load }
      }
      case 'id':
        return this.idScalar(type)
      case 'value-object': {
        const vo = this.valueObject(type.name)
        if (vo.storage !== 'column' || !vo.wraps) return null
        const wrapped = vo.properties.find((p) => p.name === vo.wraps!.property)
        // an Email wrapping `value: string` follows the rules of a string named like the property holding it
        const inner = this.scalarOf(vo.wraps.type, property ?? wrapped)
        if (!inner || !wrapped) return null
        const read = (e: string) => readProperty(e, wrapped.read, wrapped.name, false)
        const innerStore = inner.store
        const innerLoad = inner.load
        return {
          ...inner,
          store: (e) => (innerStore ? innerStore(read(e)) : read(e)),
          load: (e) => this.rebuild(vo, (p) => (p.name === wrapped.name ? (innerLoad ? innerLoad(e) : e) : 'undefined')),
        }
      }
      default:
        if (type.kind === 'unsupported' || type.kind === 'entity') {
          const where = property?.location ?? this.entity.location
          throw this.unsupported(
            `${this.entity.name}${property ? `.${property.name}` : ''}: ${type.kind === 'entity' ? `a reference to the entity ${type.name}` : type.text} cannot be stored${type.kind === 'unsupported' ? ` (${type.reason})` : ''}`,
            where,
            type.kind === 'entity'
              ? 'Reference other aggregates by id (e.g. customerId: CustomerId), as aggregates should.'
              : 'Use a supported type (string, number, boolean, bigint, Date, enum, literal union, array, value object), or exclude this port.',
          )
        }
        return null
    }
    return null
  }

  /**
   * Reading an enum or literal-union column checks the value against the members, so a row written by other code
   * (or an older version of the type) fails naming the table, column and value instead of passing through unchecked.
   * Values inside JSON columns and flattened parts are checked the same way; only the column name differs.
   */
  private memberCheck(typeText: string, values: readonly (string | number)[], property: Property | undefined): ((e: string) => string) | null {
    if (values.length === 0) return null
    this.checksMembers = true
    this.mapperNeeds.merge(this.rowNeeds)
    const list = values.map((v) => (typeof v === 'string' ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : String(v))).join(', ')
    const column = property ? snakeCase(property.name) : 'value'
    return (e) => {
      const where = /^row\.(\w+)$/.exec(e)?.[1] ?? column
      return `storedMember<${typeText}>(${e}, [${list}], '${this.table}', '${where}')`
    }
  }

  /** the override of generate.columns for the property at `path` of this entity, if any */
  private overrideOf(path: string): string | undefined {
    const columns = this.settings.columns ?? {}
    return columns[`${this.entity.name}.${path}`] ?? columns[path]
  }

  /** a scalar with the column type generate.columns gives it, converted on read when the driver returns another type */
  private overridden(scalar: Scalar | null, path: string, type: TypeRef): Scalar | null {
    const override = this.overrideOf(path)
    if (!scalar || override === undefined) return scalar
    const storage = overrideStorage(override)
    const stored = type.kind === 'id' ? type.primitive : type.kind === 'primitive' ? type.name : scalar.kind === 'string' ? 'string' : scalar.kind
    if (scalar.rowType === 'string' || scalar.kind === 'enum') {
      if (storage?.kind === 'char' || storage?.kind === 'varchar') return { ...scalar, ...mysqlColumnType(storage), unindexable: false }
      if (storage?.kind === 'text') return { ...scalar, ...mysqlColumnType(storage), unindexable: true }
      if (scalar.kind === 'enum' && storage?.kind === 'int' && scalar.rowType !== 'string') return scalar
      throw this.badOverride(path, override, 'a string is stored as CHAR(n), VARCHAR(n) or TEXT')
    }
    if (stored === 'number') {
      const load = scalar.load
      // BIGINT and DECIMAL come back from mysql2 as strings (beyond 2^53, or always for DECIMAL): Number() reads both
      const numberOf = (e: string) => (load ? load(`Number(${e})`) : `Number(${e})`)
      if (storage?.kind === 'int' || storage?.kind === 'double') return { ...scalar, ...mysqlColumnType(storage) }
      if (storage?.kind === 'bigint' || storage?.kind === 'decimal')
        return { ...scalar, ...mysqlColumnType(storage), rowType: 'string | number', load: numberOf }
      throw this.badOverride(path, override, 'a number is stored as INT, BIGINT, DECIMAL(p,s) or DOUBLE')
    }
    if (stored === 'bigint') {
      if (storage?.kind === 'bigint') return scalar
      if (storage?.kind === 'decimal' && storage.scale === 0) return { ...scalar, ...mysqlColumnType(storage) }
      throw this.badOverride(path, override, 'a bigint is stored as BIGINT or DECIMAL(p,0)')
    }
    throw this.badOverride(path, override, `a ${stored} column keeps its type`)
  }

  private badOverride(path: string, override: string, expected: string): InvalidInputError {
    return new InvalidInputError({
      code: 'CONFIG_INVALID',
      message: `generate.columns: ${this.entity.name}.${path} cannot be ${override} (${expected})`,
      hint: `Change or remove the generate.columns entry for ${this.entity.name}.${path}.`,
    })
  }

  private idScalar(type: Extract<TypeRef, { kind: 'id' }>): Scalar {
    const base: Scalar =
      type.primitive === 'string'
        ? { ...mysqlColumnType({ kind: 'varchar', length: 64 }), rowType: 'string', kind: 'string', store: null, load: null }
        : type.primitive === 'number'
          ? { ...mysqlColumnType({ kind: 'int' }), rowType: 'number', kind: 'number', store: null, load: null }
          : { ...mysqlColumnType({ kind: 'bigint' }), rowType: 'string | number', kind: 'bigint', store: (e) => `${e}.toString()`, load: (e) => `BigInt(${e})` }
    if (type.form === 'branded') {
      this.mapperNeeds.type(type.module, type.name)
      const cast = type.module ? type.name : (type.castText ?? type.name)
      const load = base.load
      return { ...base, load: (e) => `${load ? load(e) : e} as ${cast}` }
    }
    if (type.form === 'value-object') {
      const vo = this.valueObject(type.name)
      const wrapped = vo.wraps && vo.properties.find((p) => p.name === vo.wraps!.property)
      if (!wrapped)
        throw this.unsupported(
          `${type.name} wraps no single primitive the id could be stored as`,
          vo.location,
          'Give the id class one property holding its value (e.g. `readonly value: string`).',
        )
      // `UserId { value: UniqueEntityID }`: an id class around another id class, stored as the innermost primitive
      if (wrapped.type.kind === 'id' && wrapped.type.form === 'value-object' && wrapped.type.name !== type.name) {
        const inner = this.idScalar(wrapped.type)
        const innerStore = inner.store
        const innerLoad = inner.load
        const readInner = (e: string) => readProperty(e, wrapped.read, wrapped.name, false)
        return {
          ...inner,
          store: (e) => (innerStore ? innerStore(readInner(e)) : readInner(e)),
          load: (e) => this.rebuild(vo, (p) => (p.name === wrapped.name ? (innerLoad ? innerLoad(e) : e) : 'undefined')),
        }
      }
      // `Identifier<string | number>.toValue()` goes into a VARCHAR column as its string
      const widened = wrapped.type.kind === 'primitive' && wrapped.type.widened === true
      const read = (e: string) =>
        widened ? `String(${readProperty(e, wrapped.read, wrapped.name, false)})` : readProperty(e, wrapped.read, wrapped.name, false)
      const store = base.store
      const load = base.load
      return {
        ...base,
        store: (e) => (store ? store(read(e)) : read(e)),
        load: (e) => this.rebuild(vo, (p) => (p.name === wrapped.name ? (load ? load(e) : e) : 'undefined')),
      }
    }
    return base
  }

  // ------------------------------------------------------------ JSON columns

  private toJson(type: TypeRef, e: string, depth: number): string {
    switch (type.kind) {
      case 'primitive':
        return type.name === 'Date' ? `${e}.toISOString()` : type.name === 'bigint' ? `${e}.toString()` : e
      case 'nullable': {
        const inner = this.toJson(type.inner, e, depth)
        return inner === e ? e : `${e} == null ? null : ${inner}`
      }
      case 'array': {
        const item = depth === 0 ? 'item' : `item${depth}`
        const inner = this.toJson(type.element, item, depth + 1)
        // a document's array is a copy, so a `readonly` array of the entity fits the document's mutable one
        if (inner === item) return this.target === 'document' ? `[...${e}]` : e
        return `${e}.map((${item}) => ${inner.startsWith('{') ? `(${inner})` : inner})`
      }
      case 'id': {
        const scalar = this.idScalar(type)
        return scalar.store ? scalar.store(e) : e
      }
      case 'value-object': {
        const vo = this.valueObject(type.name)
        const fields = vo.properties.map((p) => {
          const read = readProperty(e, p.read, p.name, false)
          const inner = this.toJson(p.type, read, depth + 1)
          const value = p.optional || p.nullable ? (inner === read ? `${read} ?? null` : `${read} == null ? null : ${inner}`) : inner
          return `${p.name}: ${value}`
        })
        return `{ ${fields.join(', ')} }`
      }
      case 'tagged-union':
        return this.chooseVariant(type, e, depth, (tag, vo, variant) => {
          const fields = this.variantFields(type, vo).map((p) => {
            const read = readProperty(variant, p.read, p.name, false)
            const inner = this.toJson(p.type, read, depth + 1)
            return `${p.name}: ${p.optional || p.nullable ? (inner === read ? `${read} ?? null` : `${read} == null ? null : ${inner}`) : inner}`
          })
          return `{ ${[`${type.tag}: ${literal(tag)}`, ...fields].join(', ')} }`
        })
      case 'unsupported':
      case 'entity':
        this.scalarOf(type, undefined)
        return e
      default:
        return e
    }
  }

  /** the TypeScript type of a JSON column's parsed content */
  private jsonType(type: TypeRef): string {
    switch (type.kind) {
      case 'primitive':
        return type.name === 'Date' || type.name === 'bigint' ? 'string' : type.name
      case 'nullable':
        return `${this.jsonType(type.inner)} | null`
      case 'array': {
        const element = this.jsonType(type.element)
        return /[|&\s]/.test(element) ? `Array<${element}>` : `${element}[]`
      }
      case 'id':
        return this.idScalar(type).rowType
      case 'value-object': {
        const vo = this.valueObject(type.name)
        return `{ ${vo.properties.map((p) => `${p.name}: ${this.jsonType(p.type)}${p.optional || p.nullable ? ' | null' : ''}`).join('; ')} }`
      }
      case 'tagged-union':
        return type.variants
          .map(({ value, type: ref }) => {
            const fields = this.variantFields(type, this.valueObject(ref.name)).map(
              (p) => `${p.name}: ${this.jsonType(p.type)}${p.optional || p.nullable ? ' | null' : ''}`,
            )
            return `{ ${[`${type.tag}: ${literal(value)}`, ...fields].join('; ')} }`
          })
          .join(' | ')
      default:
        return this.typeText(type, this.mapperNeeds)
    }
  }

  private fromJson(type: TypeRef, e: string, depth: number): string {
    switch (type.kind) {
      case 'primitive':
        return type.name === 'Date' ? `new Date(${e})` : type.name === 'bigint' ? `BigInt(${e})` : e
      case 'nullable': {
        const inner = this.fromJson(type.inner, e, depth)
        return inner === e ? e : `${e} === null ? ${type.null ? 'null' : 'undefined'} : ${inner}`
      }
      case 'array': {
        const item = depth === 0 ? 'item' : `item${depth}`
        const inner = this.fromJson(type.element, item, depth + 1)
        return inner === item ? e : `${e}.map((${item}) => ${inner.startsWith('{') ? `(${inner})` : inner})`
      }
      case 'id': {
        const scalar = this.idScalar(type)
        return scalar.load ? scalar.load(e) : e
      }
      case 'value-object':
        return this.rebuild(this.valueObject(type.name), (p) => this.fieldFromJson(p, e, depth))
      case 'tagged-union': {
        this.checksMembers = true
        const column = this.jsonColumn
        return this.chooseVariant(
          type,
          e,
          depth,
          (tag, vo, variant) => this.rebuild(vo, (p) => (p.name === type.tag ? literal(tag) : this.fieldFromJson(p, variant, depth))),
          // what no variant's tag matches (a row written by other code, or a variant since removed): never a guess
          (variant) => `storedMember<never>((${variant} as { readonly ${type.tag}: unknown }).${type.tag}, [], '${this.table}', '${column}')`,
        )
      }
      default:
        return e
    }
  }

  /** a value object's field read from its parsed JSON `e`, with JSON's null for an absent optional value */
  private fieldFromJson(p: Property, e: string, depth: number): string {
    const raw = `${e}.${p.name}`
    const inner = this.fromJson(p.type, raw, depth + 1)
    if (!p.optional && !p.nullable) return inner
    const absent = p.nullable ? 'null' : 'undefined'
    return inner === raw ? (p.nullable ? raw : `${raw} ?? undefined`) : `${raw} === null ? ${absent} : ${inner}`
  }

  /** a variant's stored fields: its properties but the tag, which is written from the variant's literal */
  private variantFields(type: TaggedUnionType, vo: ValueObject): readonly Property[] {
    return vo.properties.filter((p) => p.name !== type.tag)
  }

  /**
   * `((variant) => variant.kind === 'a' ? A : variant.kind === 'b' ? B : otherwise)(e)`: the checker narrows `variant`
   * in each branch (an arrow's parameter is typed by its argument), so each branch reads only its variant's fields.
   * Without `otherwise` the last variant is the final branch (writing: the types leave no other).
   */
  private chooseVariant(
    type: TaggedUnionType,
    e: string,
    depth: number,
    branch: (tag: string | number, vo: ValueObject, variant: string) => string,
    otherwise?: (variant: string) => string,
  ): string {
    const variant = depth === 0 ? 'variant' : `variant${depth}`
    const branches = type.variants.map(({ value, type: ref }) => ({ value, text: branch(value, this.valueObject(ref.name), variant) }))
    const last = otherwise ? otherwise(variant) : branches.pop()!.text
    const chain = branches.reduceRight(
      (rest, { value, text }) => `${variant}.${type.tag} === ${literal(value)} ? ${parenthesized(text)} : ${rest}`,
      parenthesized(last),
    )
    return `((${variant}) => ${chain})(${e})`
  }

  // ------------------------------------------------------------ reading (row -> entity)

  /** the domain value of `property` from `row`, for columns prefixed by `prefix` */
  private readBack(property: Property, prefix: string, parentNullable: boolean, pathPrefix = ''): string {
    const column = `${prefix}${snakeCase(property.name)}`
    const path = `${pathPrefix}${property.name}`
    const absent = property.nullable ? 'null' : 'undefined'
    const nullable = property.optional || property.nullable
    const type = property.type
    const vo = type.kind === 'value-object' ? this.valueObject(type.name) : undefined
    if (vo?.storage === 'flattened') {
      const built = this.rebuild(vo, (field) => this.readBack(field, `${column}_`, parentNullable || nullable, `${path}.`))
      if (!nullable) return built
      // absent when every required column of the value object is null
      const required = vo.properties.filter((f) => !f.optional && !f.nullable).map((f) => `row.${column}_${snakeCase(f.name)} === null`)
      const test = required.length > 0 ? required.join(' || ') : vo.properties.map((f) => `row.${column}_${snakeCase(f.name)} === null`).join(' && ')
      return `${test} ? ${absent} : ${built}`
    }
    const source = `row.${column}`
    const scalar = this.overridden(this.scalarOf(type, property), path, type)
    if (scalar) {
      const columnNullable = nullable || parentNullable
      if (scalar.load === null) {
        if (!columnNullable) return source
        if (nullable) return property.nullable ? source : `${source} ?? undefined`
        // a required field of an optional value object: the caller's null test has narrowed it
        return source
      }
      if (nullable) return `${source} === null ? ${absent} : ${scalar.load(source)}`
      return scalar.load(source)
    }
    // JSON column: parse once into a local
    this.jsonColumn = column
    const local = this.local(`${column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())}Json`)
    const jsonType = this.jsonType(type)
    if (this.target === 'document') {
      // a document holds the structure itself: nothing to parse
      this.locals.delete(local)
      const inner = this.fromJson(type, source, 0)
      return nullable || parentNullable ? `${source} == null ? ${nullable ? absent : 'undefined'} : ${inner}` : inner
    }
    if (nullable || parentNullable) {
      this.prelude.push(`const ${local} = ${source} === null ? null : (JSON.parse(${source}) as ${jsonType})`)
      const inner = this.fromJson(type, local, 0)
      return `${local} === null ? ${nullable ? absent : 'undefined'} : ${inner}`
    }
    this.prelude.push(`const ${local} = JSON.parse(${source}) as ${jsonType}`)
    return this.fromJson(type, local, 0)
  }

  private local(name: string): string {
    let candidate = name
    for (let n = 2; this.locals.has(candidate); n++) candidate = `${name}${n}`
    this.locals.add(candidate)
    return candidate
  }

  /**
   * `new X(...)`, `X.create(...)` or `{ ... }` from the values of its properties. An optional property whose value is
   * absent is left out of object literals (`...(x === undefined ? {} : { x })`), so the code compiles under
   * exactOptionalPropertyTypes; `hoistOptional` binds such values to locals first (the entity itself, where `row` is in scope).
   */
  private rebuild(declared: Entity | ValueObject, valueOf: (property: Property) => string, options: { hoistOptional?: boolean } = {}): string {
    const byName = new Map(declared.properties.map((p) => [p.name, p]))
    const value = (name: string): string => {
      const property = byName.get(name)
      return property ? valueOf(property) : 'undefined'
    }
    // `key: value` or the omitting spread, for an optional (not nullable) property that may read back undefined
    const entry = (key: string, property: string, text: string): string => {
      const declaredProperty = byName.get(property)
      if (!declaredProperty?.optional || declaredProperty.nullable || !/\bundefined\b/.test(text)) return `${key}: ${text}`
      if (options.hoistOptional) {
        const local = this.local(property)
        this.prelude.push(`const ${local} = ${text}`)
        return `...(${local} === undefined ? {} : { ${key === local ? key : `${key}: ${local}`} })`
      }
      return `...(${parenthesized(text)} === undefined ? {} : { ${key}: ${text} })`
    }
    const reconstruct: Reconstruct = declared.reconstruct
    type Argument = Extract<Reconstruct, { kind: 'constructor' }>['arguments'][number]
    const argumentOf = (argument: Argument): string => {
      // a stored null goes to a parameter that only takes undefined as undefined
      const passed = (property: string, nullAsUndefined: boolean | undefined) =>
        nullAsUndefined ? `${parenthesized(value(property))} ?? undefined` : value(property)
      if (argument.kind === 'property') return passed(argument.property, argument.nullAsUndefined)
      const entries = [
        ...argument.properties.map(({ key, property, nullAsUndefined }) => entry(key, property, passed(property, nullAsUndefined))),
        ...(argument.nested ?? []).map(({ key, argument: inner }) => `${key}: ${argumentOf(inner)}`),
      ]
      return `{ ${entries.join(', ')} }`
    }
    const argumentText = (args: readonly Argument[]) => args.map(argumentOf).join(', ')
    switch (reconstruct.kind) {
      case 'object-literal': {
        const fields = declared.properties.map((p) => entry(p.name, p.name, valueOf(p)))
        return `{ ${fields.join(', ')} }`
      }
      case 'constructor':
        this.mapperNeeds.value(declared.module, declared.name)
        return `new ${declared.name}(${argumentText(reconstruct.arguments)})`
      case 'assign': {
        this.mapperNeeds.value(declared.module, declared.name)
        const fields = declared.properties.map((p) => entry(p.name, p.name, valueOf(p)))
        return `Object.assign(new ${declared.name}(), { ${fields.join(', ')} })`
      }
      case 'factory':
        this.mapperNeeds.value(declared.module, declared.name)
        return `${declared.name}.${reconstruct.method}(${argumentText(reconstruct.arguments)})`
      case 'wrapped-factory':
        this.mapperNeeds.value(declared.module, declared.name)
        if (reconstruct.unwrap.kind === 'guarded') this.rebuildsFromResults = true
        return unwrappedCall(
          `${declared.name}.${reconstruct.method}(${argumentText(reconstruct.arguments)})`,
          reconstruct.unwrap,
          (result) => `rebuildFailed('${this.table}', '${declared.name}', ${result})`,
        )
      default:
        throw this.unsupported(
          `${declared.name} cannot be rebuilt from stored values`,
          declared.location,
          'Add a public constructor or a static factory that takes all of its properties.',
        )
    }
  }

  // ------------------------------------------------------------ helpers

  private valueObject(name: string): ValueObject {
    const vo = this.model.valueObjects[name]
    if (!vo)
      throw this.unsupported(
        `value object ${name} is referenced but not in the domain model`,
        this.entity.location,
        'Make sure the value object is declared in the domain sources.',
      )
    return vo
  }

  /** TypeScript text of a domain type, recording the declarations it names */
  typeText(type: TypeRef, needs: Needs): string {
    return typeText(this.model, type, needs)
  }

  private unsupported(message: string, location: { file: string; line: number }, hint: string): InvalidInputError {
    return new InvalidInputError({
      code: 'UNSUPPORTED_DOMAIN_CONSTRUCT',
      message: `${location.file}:${location.line}: ${message}`,
      hint,
      details: { file: location.file, line: location.line, entity: this.entity.name },
    })
  }
}

/** A scalar as a JSON document holds it: a Date as its ISO text, a bigint as its decimal text (read back the same way). */
function asDocumentScalar(scalar: Scalar): Scalar {
  if (scalar.kind === 'date') {
    const store = scalar.store
    return { ...scalar, rowType: 'string', store: (e) => `${store ? `(${store(e)})` : e}.toISOString()` }
  }
  if (scalar.kind === 'bigint' && scalar.rowType === 'string | number') return { ...scalar, rowType: 'string' }
  return scalar
}

/** `(a === null ? null : new Date(a))` when the expression is not a single term, so an operator after it applies to all of it */
export function parenthesized(expression: string): string {
  return /^[\w$.?]+(\([^()]*\))?$/.test(expression) ? expression : `(${expression})`
}

/** `entity.id.value` -> `order.id.value`: the same reads from another variable */
function rebase(expression: string, from: string, to: string): string {
  return expression.replace(new RegExp(`(?<![.\\w$])${from}(?=[.?])`, 'g'), to)
}

export function readProperty(owner: string, read: PropertyRead, name: string, optional: boolean): string {
  const dot = optional ? '?.' : '.'
  switch (read.kind) {
    case 'field':
    case 'getter':
      return `${owner}${dot}${name}`
    case 'method':
      return `${owner}${dot}${read.name}()`
    case 'props':
      return `${owner}${dot}${read.via}.${name}`
    case 'snapshot':
      return `${owner}${dot}${read.method}().${name}`
    default:
      return `${owner}${dot}${name}`
  }
}

/** TypeScript text of a domain type; named declarations are recorded in `needs` (as type imports). Null when it has no text. */
export function typeText(model: DomainModel, type: TypeRef, needs: Needs): string {
  switch (type.kind) {
    case 'primitive':
      return type.name
    case 'literal-union':
      if (type.alias) {
        needs.type(type.alias.module, type.alias.name)
        return type.alias.name
      }
      return type.values.map((v) => (typeof v === 'string' ? `'${v.replace(/'/g, "\\'")}'` : String(v))).join(' | ')
    case 'enum':
      needs.type(model.enums[type.name]?.module, type.name)
      return type.name
    case 'array': {
      const element = typeText(model, type.element, needs)
      const wrapped = /[|&\s]/.test(element) ? `(${element})` : element
      return `${type.readonly ? 'readonly ' : ''}${wrapped}[]`
    }
    case 'nullable':
      return `${typeText(model, type.inner, needs)}${type.null ? ' | null' : ''}${type.undefined ? ' | undefined' : ''}`
    case 'value-object': {
      const vo = model.valueObjects[type.name]
      if (vo?.module) {
        needs.type(vo.module, type.name)
        return type.name
      }
      if (vo)
        return `{ ${vo.properties.map((p) => `${p.name}${p.optional ? '?' : ''}: ${typeText(model, p.type, needs)}${p.nullable ? ' | null' : ''}`).join('; ')} }`
      return 'unknown'
    }
    case 'entity':
      needs.type(model.entities[type.name]?.module, type.name)
      return type.name
    case 'id':
      if (type.form === 'primitive') return type.primitive
      if (type.module) {
        needs.type(type.module, type.name)
        return type.name
      }
      return type.castText ?? type.primitive
    case 'json':
      return /^[\s\w<>,[\]|'":;{}?]*$/.test(type.text) &&
        !/\b(?!Record|Array|ReadonlyArray|string|number|boolean|unknown|null|undefined\b)[A-Z]\w*/.test(type.text)
        ? type.text
        : 'unknown'
    case 'tagged-union':
      return type.variants.map((v) => typeText(model, v.type, needs)).join(' | ')
    case 'unsupported':
      return 'unknown'
  }
  return 'unknown'
}
