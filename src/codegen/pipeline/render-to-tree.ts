import type { Artifact } from '../generators/types'
import type { TemplateRenderer } from '../render'
import type { Tree } from '../tree'

/** Renders every artifact into the tree (nothing touches the disk until the tree is committed). */
export function renderToTree(tree: Tree, renderer: TemplateRenderer, artifacts: readonly Artifact[]): void {
  for (const artifact of artifacts) {
    const text = renderer.render(artifact.template, artifact.data)
    tree.write(artifact.path, text === '' || text.endsWith('\n') ? text : `${text}\n`)
  }
}
