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
  }
}
