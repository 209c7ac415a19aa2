import type { PageFieldRole } from './repository/method-plan'

/**
 * What the fields of a returned page are computed from, as expressions in scope where the page is built. `limit` and
 * `offset` are always in scope under those names.
 */
export interface PageSources {
  /** the page's entities: `rows.map((row) => ...)` */
  readonly items: string
  /** how many rows this page holds: `rows.length` */
  readonly rows: string
  /** how many rows match in all: `count` */
  readonly total: string
  /** the page number when the request gives one (`pageNumber`); otherwise it is derived from offset and limit */
  readonly page?: string
}

/** The value of one field of a returned page (MySQL and Elasticsearch adapters build pages the same way). */
export function pageFieldExpression(role: PageFieldRole, sources: PageSources): string {
  switch (role) {
    case 'items':
      return sources.items
    case 'total':
      return sources.total
    case 'page':
      return sources.page ?? 'Math.floor(offset / limit) + 1'
    case 'pageSize':
    case 'limit':
      return 'limit'
    case 'offset':
      return 'offset'
    case 'totalPages':
      return `Math.ceil(${sources.total} / limit)`
    case 'hasNext':
      return `offset + ${sources.rows} < ${sources.total}`
    case 'hasPrevious':
      return 'offset > 0'
  }
}
