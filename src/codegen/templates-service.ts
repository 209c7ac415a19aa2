import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import type { Config } from '../core/config'
import { InvalidInputError } from '../core/errors'
import { BUILTIN_TEMPLATES_DIR } from './render'
import { planWrites, Tree, type WritePlan } from './tree'

/** Every built-in template, by its path under templates/ (`repository/mysql-repository.ts.hbs`). */
export function builtinTemplates(): string[] {
  const found: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const full = path.join(dir, entry)
      if (statSync(full).isDirectory()) walk(full)
      else if (entry.endsWith('.hbs')) found.push(path.relative(BUILTIN_TEMPLATES_DIR, full).split(path.sep).join('/'))
    }
  }
  walk(BUILTIN_TEMPLATES_DIR)
  return found
}

/**
 * Copies built-in templates into the project's override directory: all of them, one (`repository/mysql-repository.ts.hbs`,
 * with or without `.hbs`), or a folder (`persistence/mysql`). A template already there and changed by the user is kept.
 */
export function planEject(config: Config, name: string | undefined, options: { force: boolean }): { tree: Tree; plan: WritePlan; templates: string[] } {
  const all = builtinTemplates()
  const wanted = name?.replace(/^\/+|\/+$/g, '')
  const templates = wanted === undefined ? all : all.filter((t) => t === wanted || t === `${wanted}.hbs` || t.startsWith(`${wanted}/`))
  if (templates.length === 0) {
    throw new InvalidInputError({
      code: 'TEMPLATE_NOT_FOUND',
      message: `no built-in template matches "${name}"`,
      hint: `Built-in templates: ${all.join(', ')}. Name one, a folder of them, or none to eject all.`,
      details: { name, templates: all },
    })
  }
  const tree = new Tree(config.root)
  const target = path.resolve(config.root, config.generate.templatesDir)
  for (const template of templates) tree.write(path.join(target, template), readFileSync(path.join(BUILTIN_TEMPLATES_DIR, template), 'utf8'))
  return { tree, plan: planWrites(tree, { force: options.force }), templates }
}
