import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { Sequelize } from 'sequelize'
import type { Config } from '../core/config'
import { asServiceError, MYSQL_SERVICE, mysqlAddress } from '../core/connections'
import { InvalidInputError } from '../core/errors'
import { loadUserModule } from '../core/module-loader'
import { cacheArtifactPaths, cachedClassName } from '../codegen/generators/cache/cache-generator'
import { EntityMapper } from '../codegen/generators/mapping'
import { kebabCase, tableNameOf } from '../codegen/generators/naming'
import { repositoryClassName } from '../codegen/generators/repository-generator'
import { readProjectDomain } from '../codegen/pipeline'
import { openCacheRedis } from './connect'

export interface WarmRequest {
  readonly port: string
  /** ids as the id column holds them; absent with `all` */
  readonly ids?: readonly string[]
  readonly all: boolean
  readonly batchSize: number
  readonly onProgress?: (loaded: number) => void
}

export interface WarmResult {
  port: string
  entity: string
  mode: 'single' | 'cluster'
  /** entities loaded from the database */
  loaded: number
  /** values written to Redis (by id and by each cached unique field) */
  written: number
  /** ids asked for that have no row */
  notFound: number
  batches: number
  durationMs: number
}

/** The generated files warm loads, relative to the root (the user's TypeScript sources, transpiled in memory like migrations). */
export interface WarmModules {
  readonly decorator: string
  readonly repository: string
  readonly model: string
  readonly mapper: string
  readonly connection: string
}

export function warmModules(infrastructureDir: string, port: string, entity: string): WarmModules {
  const dir = infrastructureDir.replace(/\/+$/, '')
  const file = kebabCase(entity)
  return {
    decorator: cacheArtifactPaths(dir, port).decorator,
    repository: `${dir}/repository/${kebabCase(repositoryClassName(port))}.ts`,
    model: `${dir}/persistence/mysql/models/${file}.model.ts`,
    mapper: `${dir}/persistence/mysql/mappers/${file}.mapper.ts`,
    connection: `${dir}/persistence/mysql/connection.ts`,
  }
}

/** The ids of `--ids-from`: one per line of a file, or of stdin for `-`; blank lines and `#` comments are skipped. */
export function readIds(source: string, stdin: () => string = () => readFileSync(0, 'utf8')): string[] {
  const text = source === '-' ? stdin() : readFileSync(source, 'utf8')
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
}

interface RowModel {
  findAll(options: Record<string, unknown>): Promise<Array<{ get(options: { plain: true }): Record<string, unknown> }>>
}
interface Decorator {
  warm(load: () => Promise<readonly unknown[]>): Promise<number>
}

/**
 * Loads entities in batches through the generated persistence code (the Sequelize model and the mapper the
 * repository reads with) and hands each batch to the generated decorator's `warm`, which writes it pipelined in its
 * own format (so the serializer and the key layout are the decorator's, never re-stated here). `--all` walks the
 * table by primary key (keyset pagination: no OFFSET).
 */
export async function warmCache(config: Config, request: WarmRequest): Promise<WarmResult> {
  const started = Date.now()
  const domain = readProjectDomain(config)
  const port = domain.ports.find((p) => p.name === request.port)
  if (!port || !port.entity || !domain.entities[port.entity]) {
    throw new InvalidInputError({
      code: 'PORT_NOT_FOUND',
      message: `no port named "${request.port}" storing an entity in the domain sources of ${config.root}`,
      hint: `Known ports: ${domain.ports.map((p) => p.name).join(', ') || '(none found)'}.`,
    })
  }
  const entity = domain.entities[port.entity]!
  const idColumn = new EntityMapper(domain, entity, 'entity').map(tableNameOf(entity.name)).id.column
  const dir = path.relative(config.root, path.resolve(config.root, config.generate.infrastructureDir)).split(path.sep).join('/')
  const modules = warmModules(dir, port.name, entity.name)
  const missing = Object.values(modules).filter((file) => !existsSync(path.join(config.root, file)))
  if (missing.length > 0) {
    throw new InvalidInputError({
      code: 'CACHE_NEEDS_REPOSITORY',
      message: `cache warm loads generated code that does not exist: ${missing.join(', ')}`,
      hint: `Run \`infra init\`, \`infra generate repository ${port.name}\` and \`infra generate cache ${port.name}\` first.`,
      details: { missing },
    })
  }
  const load = async (file: string) => loadUserModule(path.join(config.root, file))
  const Cached = (await load(modules.decorator))[cachedClassName(port.name)] as new (
    inner: unknown,
    redis: unknown,
    options: Record<string, unknown>,
  ) => Decorator
  const Repository = (await load(modules.repository))[repositoryClassName(port.name)] as new (sequelize: Sequelize) => unknown
  const define = (await load(modules.model))[`define${entity.name}Model`] as (sequelize: Sequelize) => RowModel
  const toDomain = (await load(modules.mapper))[`to${entity.name}`] as (row: Record<string, unknown>) => unknown
  const createSequelize = (await load(modules.connection)).createSequelize as (url: string) => Sequelize
  // the user's own sequelize package (the one the generated code runs on), for its operators
  const { Op } = createRequire(path.join(config.root, 'package.json'))('sequelize') as typeof import('sequelize')

  const sequelize = createSequelize(config.mysql.url)
  try {
    await sequelize.authenticate()
  } catch (error) {
    await sequelize.close()
    throw asServiceError(MYSQL_SERVICE, mysqlAddress(config.mysql.url), error)
  }
  const redis = await openCacheRedis({ url: config.redis.url, timeoutMs: config.connectTimeout })
  const result: WarmResult = { port: port.name, entity: entity.name, mode: redis.mode, loaded: 0, written: 0, notFound: 0, batches: 0, durationMs: 0 }
  try {
    const model = define(sequelize)
    // warm reports Redis failures instead of falling through: an operator ran it to fill the cache
    const cached = new Cached(new Repository(sequelize), redis.client, {
      prefix: config.cache.prefix,
      failOpen: false,
      operationTimeoutMs: config.connectTimeout,
    })
    const warmBatch = async (where: Record<string, unknown>, limit?: number): Promise<Array<Record<string, unknown>>> => {
      let rows: Array<Record<string, unknown>> = []
      result.written += await cached.warm(async () => {
        const found = await model.findAll({ where, order: [[idColumn, 'ASC']], ...(limit === undefined ? {} : { limit }) })
        rows = found.map((row) => row.get({ plain: true }))
        return rows.map((row) => toDomain(row))
      })
      result.loaded += rows.length
      result.batches++
      request.onProgress?.(result.loaded)
      return rows
    }
    if (request.all) {
      let last: unknown
      for (;;) {
        const rows = await warmBatch(last === undefined ? {} : { [idColumn]: { [Op.gt]: last } }, request.batchSize)
        if (rows.length < request.batchSize) break
        last = rows[rows.length - 1]![idColumn]
      }
    } else {
      const ids = [...new Set(request.ids ?? [])]
      for (let i = 0; i < ids.length; i += request.batchSize) {
        const batch = ids.slice(i, i + request.batchSize)
        const rows = await warmBatch({ [idColumn]: { [Op.in]: batch } })
        result.notFound += batch.length - rows.length
      }
    }
  } finally {
    await sequelize.close()
    await redis.close()
  }
  result.durationMs = Date.now() - started
  return result
}
