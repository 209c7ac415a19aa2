/** The storage classes the entity mapper asks for; the MySQL/MariaDB column (DDL and Sequelize DataType) of each. */
export type StorageClass =
  | { readonly kind: 'varchar'; readonly length: number }
  | { readonly kind: 'text' }
  | { readonly kind: 'long-text' }
  | { readonly kind: 'double' }
  | { readonly kind: 'int' }
  | { readonly kind: 'bigint' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'datetime' }
  // only through a generate.columns override
  | { readonly kind: 'char'; readonly length: number }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'json' }

export interface MysqlColumnType {
  /** the column type in a migration: `VARCHAR(255)` */
  readonly sqlType: string
  /** the Sequelize DataType expression in a model: `DataTypes.STRING(255)` */
  readonly dataType: string
}

/** The one MySQL type table of the generators. */
export function mysqlColumnType(storage: StorageClass): MysqlColumnType {
  switch (storage.kind) {
    case 'varchar':
      return { sqlType: `VARCHAR(${storage.length})`, dataType: `DataTypes.STRING(${storage.length})` }
    case 'text':
      return { sqlType: 'TEXT', dataType: 'DataTypes.TEXT' }
    case 'long-text':
      // JSON documents, stored as their text
      return { sqlType: 'LONGTEXT', dataType: "DataTypes.TEXT('long')" }
    case 'double':
      return { sqlType: 'DOUBLE', dataType: 'DataTypes.DOUBLE' }
    case 'int':
      return { sqlType: 'INT', dataType: 'DataTypes.INTEGER' }
    case 'bigint':
      return { sqlType: 'BIGINT', dataType: 'DataTypes.BIGINT' }
    case 'boolean':
      return { sqlType: 'TINYINT(1)', dataType: 'DataTypes.BOOLEAN' }
    case 'datetime':
      return { sqlType: 'DATETIME(3)', dataType: 'DataTypes.DATE(3)' }
    case 'char':
      return { sqlType: `CHAR(${storage.length})`, dataType: `DataTypes.CHAR(${storage.length})` }
    case 'decimal':
      return { sqlType: `DECIMAL(${storage.precision},${storage.scale})`, dataType: `DataTypes.DECIMAL(${storage.precision}, ${storage.scale})` }
    case 'json':
      // MariaDB's JSON is LONGTEXT with a validity check: Sequelize reads and writes it as text
      return { sqlType: 'JSON', dataType: "DataTypes.TEXT('long')" }
  }
}

/**
 * The storage class a generate.columns override names (`VARCHAR(64)`, `decimal(10, 2)`, `int`), case and spaces
 * aside; undefined for a type outside the table. Which classes suit which property is the entity mapper's to say.
 */
export function overrideStorage(override: string): StorageClass | undefined {
  const upper = override.toUpperCase().replace(/\s+/g, '')
  const sized = /^(CHAR|VARCHAR)\((\d+)\)$/.exec(upper)
  if (sized) return { kind: sized[1] === 'CHAR' ? 'char' : 'varchar', length: Number(sized[2]) }
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(upper)
  if (decimal) return { kind: 'decimal', precision: Number(decimal[1]), scale: Number(decimal[2]) }
  const plain: Record<string, StorageClass> = {
    TEXT: { kind: 'text' },
    INT: { kind: 'int' },
    DOUBLE: { kind: 'double' },
    BIGINT: { kind: 'bigint' },
    JSON: { kind: 'json' },
  }
  return plain[upper]
}
