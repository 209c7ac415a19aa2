// Issue 15: the example's application code uses only createInfrastructure(...) and the ports. Every import of
// examples/shop-cjs/app/ is another application file, the domain, or the composition root itself (never an adapter,
// a connection module or a client library), so no wiring is written by hand.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import ts from 'typescript'
import { REPO_ROOT } from '../../support/services'

const example = path.join(REPO_ROOT, 'examples', 'shop-cjs')
const appDir = path.join(example, 'app')

/** What an import of `file` reaches, relative to the example: `app/...`, `src/domain/...`, `src/infrastructure`, or a package. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
  return importedFiles.map(({ fileName }) =>
    fileName.startsWith('.') ? path.relative(example, path.resolve(path.dirname(file), fileName)).split(path.sep).join('/') : `package:${fileName}`,
  )
}

describe('examples/shop-cjs/app: the application', () => {
  const files = readdirSync(appDir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(appDir, f))

  it('has application files, and imports only itself, the domain and the composition root', () => {
    assert.ok(files.length >= 2, 'no application files')
    const allowed = (target: string) => target.startsWith('app/') || target.startsWith('src/domain/') || target === 'src/infrastructure'
    const offending = files.flatMap((file) => importsOf(file).filter((target) => !allowed(target)).map((target) => `${path.basename(file)} imports ${target}`))
    assert.deepEqual(offending, [])
  })

  it('builds its infrastructure with createInfrastructure and nothing else', () => {
    const calls = files.filter((file) => /\bcreateInfrastructure\(/.test(readFileSync(file, 'utf8')))
    assert.deepEqual(
      calls.map((f) => path.basename(f)),
      ['main.ts'],
    )
    assert.ok(files.every((file) => !/\bnew (Sequelize|Redis|Client)\(|\bconnect\(/.test(readFileSync(file, 'utf8'))), 'an application file opens a connection itself')
  })
})
