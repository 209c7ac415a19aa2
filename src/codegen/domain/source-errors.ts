import path from 'node:path'
import ts from 'typescript'
import { InvalidInputError } from '../../core/errors'
import type { DomainModel, Port } from '../model'
import type { LoadedProgram } from './program'

/**
 * Errors the compiler reports for names it cannot resolve: a typo'd type name would otherwise be read as `any` (a JSON
 * column) and an unresolved import as an empty type (a truncated port).
 */
const UNRESOLVED = new Set([
  2304, // Cannot find name 'X'
  2305, // Module has no exported member 'X'
  2307, // Cannot find module 'x'
  2503, // Cannot find namespace 'X'
  2552, // Cannot find name 'X'. Did you mean 'Y'?
  2694, // Namespace 'X' has no exported member 'Y'
  2724, // 'X' has no exported member named 'Y'. Did you mean 'Z'?
])

/**
 * The domain files the selected ports use (their own files, the files of the entities they store and of every value
 * object and enum the reader met): a syntax error or an unresolved name in one of them is the user's to fix (exit 4,
 * file:line:column), never something generated around. Throws InvalidInputError; returns when they are clean.
 */
export function checkDomainSources(loaded: LoadedProgram, model: DomainModel, ports: readonly Port[]): void {
  const files = new Set<string>()
  for (const port of ports) {
    files.add(port.location.file)
    const entity = port.entity ? model.entities[port.entity] : undefined
    if (entity) files.add(entity.location.file)
  }
  for (const declared of [...Object.values(model.valueObjects), ...Object.values(model.enums)]) files.add(declared.location.file)
  const found: string[] = []
  for (const file of [...files].sort()) {
    const sourceFile = loaded.program.getSourceFile(path.resolve(model.project.root, file))
    if (!sourceFile) continue
    const syntax = loaded.program.getSyntacticDiagnostics(sourceFile)
    const diagnostics = syntax.length > 0 ? syntax : loaded.program.getSemanticDiagnostics(sourceFile).filter((d) => UNRESOLVED.has(d.code))
    for (const diagnostic of diagnostics)
      found.push(`${file}:${position(diagnostic)}: TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`)
  }
  if (found.length === 0) return
  throw new InvalidInputError({
    code: 'DOMAIN_SOURCE_INVALID',
    message: `the domain does not compile, so it cannot be read (nothing was written):\n${found.slice(0, 10).join('\n')}${found.length > 10 ? `\n... and ${found.length - 10} more` : ''}`,
    hint: 'Fix these errors in your domain files (tsc --noEmit shows them too), then run again.',
    details: { errors: found },
  })
}

function position(diagnostic: ts.Diagnostic): string {
  if (!diagnostic.file || diagnostic.start === undefined) return '1:1'
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
  return `${line + 1}:${character + 1}`
}
