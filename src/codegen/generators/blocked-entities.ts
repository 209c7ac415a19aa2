import type { Diagnostic, DomainModel, Port } from '../model'

/**
 * The reader reports what stops an entity once, for the first port that met it; every other port storing that entity
 * cannot be generated either (hexagonal projects split one entity's persistence over many one-method ports). Returns a
 * blocking diagnostic for each such port among `selected`, pointing at the port and at the error it shares.
 * Errors at a port's own declaration (not exported, no entity found, a name clash) concern only that port.
 */
export function sharedEntityBlocks(model: DomainModel, selected: readonly Port[]): Diagnostic[] {
  const byName = new Map(model.ports.map((p) => [p.name, p]))
  const firstError = new Map<string, { diagnostic: Diagnostic; port: string }>()
  for (const diagnostic of model.diagnostics) {
    if (diagnostic.severity !== 'error' || diagnostic.port === undefined) continue
    const port = byName.get(diagnostic.port)
    if (!port?.entity || atDeclarationOf(port, diagnostic) || firstError.has(port.entity)) continue
    firstError.set(port.entity, { diagnostic, port: port.name })
  }
  const blockedAlready = new Set(model.diagnostics.filter((d) => d.severity === 'error').map((d) => d.port))
  const blocks: Diagnostic[] = []
  for (const port of selected) {
    const shared = port.entity ? firstError.get(port.entity) : undefined
    if (!shared || blockedAlready.has(port.name)) continue
    const { file, line } = shared.diagnostic.location
    blocks.push({
      severity: 'error',
      code: shared.diagnostic.code,
      message: `${port.name} stores ${port.entity}, which cannot be stored as ${file}:${line} says (reported for ${shared.port})`,
      location: port.location,
      hint: shared.diagnostic.hint,
      port: port.name,
    })
  }
  return blocks
}

function atDeclarationOf(port: Port, diagnostic: Diagnostic): boolean {
  return diagnostic.location.file === port.location.file && diagnostic.location.line === port.location.line
}
