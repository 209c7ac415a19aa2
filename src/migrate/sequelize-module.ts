import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

export type SequelizeModule = typeof import('sequelize')

/**
 * The `sequelize` the user's migrations load: the project's own (v6, the API infra drives) when it has one, else
 * infra's. Using it for the session too avoids loading a second copy (about 300 ms) and gives migrations the very
 * classes (DataTypes, Op) their queryInterface expects.
 */
export function sequelizeModuleFor(root: string | undefined): SequelizeModule {
  if (root !== undefined) {
    try {
      const projectRequire = createRequire(path.join(path.resolve(root), 'package.json'))
      const manifest = JSON.parse(readFileSync(projectRequire.resolve('sequelize/package.json'), 'utf8')) as { version?: string }
      if (manifest.version?.split('.')[0] === '6') return projectRequire('sequelize') as SequelizeModule
    } catch {
      // no sequelize of its own (or an unreadable one): infra's
    }
  }
  return require('sequelize') as SequelizeModule
}
