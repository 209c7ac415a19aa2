import path from 'node:path'
import type { DomainModel, Port } from '../model'
import { ReaderContext } from './context'
import { readEvents } from './events'
import { findPortDeclarations, readPort } from './ports'
import { loadProgram, moduleSystemOf, type LoadedProgram } from './program'
import { TypeResolver } from './types'

export interface ReadDomainOptions {
  /** the project root (absolute, or relative to the working directory) */
  readonly root: string
  /** the project's tsconfig, relative to the root (`tsconfig.json`) */
  readonly tsconfig: string
  /** the source root, relative to the root (`src`) */
  readonly sourceRoot: string
  /**
   * Where ports are looked for, relative to the root: files, folders, or globs (`src/** /domain/**`).
   * Default: every file of the tsconfig under the source root. Types are resolved wherever they are declared.
   */
  readonly domainSources?: readonly string[]
  /** name endings that make a declaration a port */
  readonly portSuffixes: readonly string[]
  /** name endings that make a declaration a domain event (absent: events are not read) */
  readonly eventSuffixes?: readonly string[]
  /** event type by event name (default: the name) */
  readonly eventTypes?: Readonly<Record<string, string>>
}

/**
 * Reads a project's domain layer into a DomainModel with ONE ts.Program: ports, the entities they store, their value
 * objects and enums. What it cannot map is in `diagnostics` (errors block the port they concern), never guessed.
 * Throws InvalidInputError only when the tsconfig itself cannot be read.
 */
export function readDomain(options: ReadDomainOptions): DomainModel {
  return readDomainFromProgram(loadProgram(path.resolve(options.root), options.tsconfig), options)
}

/** readDomain on an already loaded program (the generation pipeline keeps it to type-check the generated files). */
export function readDomainFromProgram(loaded: LoadedProgram, options: ReadDomainOptions): DomainModel {
  const root = path.resolve(options.root)
  const ctx = new ReaderContext(loaded.program, loaded.checker, root, loaded.strictNulls)
  const resolver = new TypeResolver(ctx)
  const matches = sourceMatcher(options.domainSources ?? [options.sourceRoot])
  const domainFiles = loaded.fileNames.filter((file) => matches(ctx.relativeFile(file)))

  const ports: Port[] = []
  for (const file of domainFiles) {
    const sourceFile = loaded.program.getSourceFile(file)
    if (!sourceFile) continue
    for (const declaration of findPortDeclarations(sourceFile, options.portSuffixes, loaded.checker)) {
      ports.push(readPort(ctx, resolver, declaration, options.portSuffixes))
    }
  }
  // one name for two ports (two bounded contexts): their generated files and classes would clash
  for (const port of ports) {
    const first = ports.find((p) => p.name === port.name)!
    if (first === port) continue
    ctx.diagnostics.push({
      severity: 'error',
      code: 'name-clash',
      message: `${port.name} is declared twice: here and at ${first.location.file}:${first.location.line}:${first.location.column}; generated files and identifiers would clash`,
      location: port.location,
      hint: `Rename one of them (e.g. after its bounded context), or limit generate.domainSources to one context per run.`,
      port: port.name,
    })
  }
  if (ports.length === 0) {
    ctx.diagnostics.push({
      severity: 'warning',
      code: 'no-ports',
      message: `no port found in ${domainFiles.length} domain file(s): no interface, abstract class or type alias named *${options.portSuffixes.join(', *')}`,
      location: { file: ctx.relativeFile(loaded.tsconfigPath), line: 1, column: 1 },
      hint: 'Check the domain sources and port suffixes in the configuration, and that the files are included by the tsconfig.',
    })
  }
  const events = options.eventSuffixes
    ? readEvents(
        ctx,
        resolver,
        domainFiles.map((f) => loaded.program.getSourceFile(f)).filter((f): f is NonNullable<typeof f> => f !== undefined),
        { suffixes: options.eventSuffixes, eventTypes: options.eventTypes ?? {} },
      )
    : undefined
  const sample = domainFiles.map((f) => loaded.program.getSourceFile(f)).find((f) => f !== undefined)
  return {
    project: {
      root,
      tsconfig: ctx.relativeFile(loaded.tsconfigPath),
      ...moduleSystemOf(loaded.options, sample),
      sourceRoot: options.sourceRoot.split(path.sep).join('/').replace(/\/$/, ''),
    },
    ports: ports.sort((a, b) => a.name.localeCompare(b.name)),
    entities: resolver.entities,
    valueObjects: resolver.valueObjects,
    enums: resolver.enums,
    ...(events ? { events } : {}),
    diagnostics: ctx.diagnostics,
  }
}

/** Matches root-relative posix paths against files, folders and globs (`*` within a segment, `**` across). */
export function sourceMatcher(patterns: readonly string[]): (file: string) => boolean {
  const tests = patterns.map((raw) => {
    const pattern = raw.split(path.sep).join('/').replace(/^\.\//, '').replace(/\/$/, '')
    if (!/[*?]/.test(pattern)) return (file: string) => pattern === '' || pattern === '.' || file === pattern || file.startsWith(`${pattern}/`)
    const source = pattern
      .split('/')
      .map((segment) =>
        segment === '**'
          ? '(?:.*)'
          : segment
              .replace(/[.+^${}()|[\]\\]/g, '\\$&')
              .replace(/\*/g, '[^/]*')
              .replace(/\?/g, '[^/]'),
      )
      .join('/')
    const regex = new RegExp(`^${source.replace(/\/\(\?:\.\*\)\//g, '(?:/.*/|/)')}(?:/.*)?$`)
    return (file: string) => regex.test(file)
  })
  return (file) => tests.some((test) => test(file))
}
