import { TemplateRenderer } from '../../../../src/codegen/render'
import type { Artifact } from '../../../../src/codegen/generators/types'

/**
 * The bodies of a repository artifact's methods as the built-in templates render them (each line without the 4
 * spaces of the class body), by method name: what a test of generated code compares, since plans hold no code.
 */
export function renderedMethodBodies(artifact: Artifact, overridesDir?: string): Map<string, string[]> {
  const text = new TemplateRenderer(overridesDir).render(artifact.template, artifact.data)
  const bodies = new Map<string, string[]>()
  const lines = text.split('\n')
  const names = (artifact.data.methods as Array<{ name: string }>).map((m) => m.name)
  for (const name of names) {
    const start = lines.findIndex((line) => new RegExp(`^  (?:override )?(?:async )?${name}\\(|^  readonly ${name}: `).test(line))
    if (start < 0) continue
    const end = lines.findIndex((line, index) => index > start && line === '  }')
    bodies.set(
      name,
      lines.slice(start + 1, end).map((line) => line.replace(/^ {4}/, '')),
    )
  }
  return bodies
}
