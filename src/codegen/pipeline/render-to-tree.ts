import type { Artifact } from '../generators/types'
import type { TemplateRenderer } from '../render'
import type { Tree } from '../tree'
import type { RenderedFile } from './verify'

/** Renders every artifact into the tree (nothing touches the disk until the tree is committed); says which used an override. */
export function renderToTree(tree: Tree, renderer: TemplateRenderer, artifacts: readonly Artifact[]): RenderedFile[] {
  return artifacts.map((artifact) => {
    const text = renderer.render(artifact.template, artifact.data)
    tree.write(artifact.path, text === '' || text.endsWith('\n') ? text : `${text}\n`)
    return { path: artifact.path, fromOverride: renderer.resolve(artifact.template).source === 'project' }
  })
}
