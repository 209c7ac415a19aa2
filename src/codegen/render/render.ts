import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { HelperDelegate, TemplateDelegate } from 'handlebars'
import { InvalidInputError } from '../../core/errors'
import { layout } from '../generators/layout'

/** The built-in templates at the package root; the same from dist/codegen/render and src/codegen/render. */
export const BUILTIN_TEMPLATES_DIR = path.resolve(__dirname, '..', '..', '..', 'templates')

export interface ResolvedTemplate {
  readonly name: string
  readonly file: string
  readonly source: 'project' | 'builtin'
}

/** The few helpers templates may use: formatting only, never logic. */
const HELPERS: Record<string, HelperDelegate> = {
  /** `{{join list ", "}}` */
  join: (list: unknown, separator: unknown) => (Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : ', ') : ''),
  /**
   * `{{#layout 4}}...{{/layout}}`: each line of the block indented by at least that many spaces that is longer than
   * 110 columns is broken the way Prettier would (generators/layout.ts), at its own indentation, so a partial writes
   * one statement per line.
   */
  layout: function (this: unknown, indent: unknown, options: { fn: (context: unknown) => string }) {
    const least = typeof indent === 'number' ? indent : 0
    return options
      .fn(this)
      .split('\n')
      .map((line) => {
        const pad = /^ */.exec(line)![0]
        return pad.length >= least ? `${pad}${layout(line.slice(pad.length), pad.length)}` : line
      })
      .join('\n')
  } as HelperDelegate,
}

/**
 * Renders Handlebars templates by their path under templates/: the project's override directory first
 * (`infra/templates/<same path>`), then the built-in one. Output is code, so nothing is HTML-escaped.
 * A template's partials are the files of `<its folder>/partials/` (`repository/partials/find-one.hbs` is the partial
 * `repository/find-one`), each overridable on its own in the same way.
 */
export class TemplateRenderer {
  private readonly compiled = new Map<string, TemplateDelegate>()
  private readonly partialFolders = new Set<string>()
  private readonly handlebars: typeof import('handlebars')

  constructor(private readonly overridesDir: string | undefined) {
    const handlebars = require('handlebars') as typeof import('handlebars')
    this.handlebars = handlebars.create()
    for (const [name, helper] of Object.entries(HELPERS)) this.handlebars.registerHelper(name, helper)
  }

  resolve(name: string): ResolvedTemplate {
    if (this.overridesDir) {
      const override = path.join(this.overridesDir, name)
      if (existsSync(override)) return { name, file: override, source: 'project' }
    }
    const builtin = path.join(BUILTIN_TEMPLATES_DIR, name)
    if (existsSync(builtin)) return { name, file: builtin, source: 'builtin' }
    throw new InvalidInputError({
      code: 'TEMPLATE_NOT_FOUND',
      message: `template ${name} was found neither in ${this.overridesDir ?? '(no override directory)'} nor among the built-in templates (${BUILTIN_TEMPLATES_DIR})`,
      hint: 'Run `infra templates eject` to list the built-in templates and their paths.',
    })
  }

  render(name: string, data: Record<string, unknown>): string {
    const resolved = this.resolve(name)
    const template = this.compile(resolved)
    this.registerPartials(path.posix.dirname(name))
    try {
      return template(data)
    } catch (error) {
      throw templateError(resolved, error)
    }
  }

  private compile(resolved: ResolvedTemplate): TemplateDelegate {
    let template = this.compiled.get(resolved.name)
    if (!template) {
      try {
        template = this.handlebars.compile(readFileSync(resolved.file, 'utf8'), { noEscape: true, strict: true })
      } catch (error) {
        throw templateError(resolved, error)
      }
      this.compiled.set(resolved.name, template)
    }
    return template
  }

  /** `<folder>/partials/<kind>.hbs` (override or built-in) as the partial `<folder>/<kind>`, once per folder. */
  private registerPartials(folder: string): void {
    if (this.partialFolders.has(folder)) return
    this.partialFolders.add(folder)
    const names = new Set<string>()
    for (const base of [BUILTIN_TEMPLATES_DIR, this.overridesDir]) {
      const dir = base && path.join(base, folder, 'partials')
      if (dir && existsSync(dir)) for (const entry of readdirSync(dir)) if (entry.endsWith('.hbs')) names.add(entry)
    }
    for (const entry of [...names].sort()) {
      const partial = this.compile(this.resolve(`${folder}/partials/${entry}`))
      this.handlebars.registerPartial(`${folder === '.' ? '' : `${folder}/`}${entry.replace(/\.hbs$/, '')}`, partial)
    }
  }
}

function templateError(template: ResolvedTemplate, error: unknown): InvalidInputError {
  return new InvalidInputError({
    code: 'TEMPLATE_INVALID',
    message: `${template.file}: ${error instanceof Error ? error.message.split('\n').slice(0, 4).join(' ') : String(error)}`,
    hint:
      template.source === 'project'
        ? 'Fix the override, or delete it to use the built-in template again.'
        : 'This is a bug in a built-in template; please report it.',
    details: { template: template.name, file: template.file },
  })
}
