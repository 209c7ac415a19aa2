// Test/dev hook: lets Node require TypeScript sources, transpiled in memory (type checking is `npm run typecheck`).
// Kept dependency-free so test processes start fast; src/core/module-loader.ts does the same for users' files.
const Module = require('node:module')
const fs = require('node:fs')
const ts = require('typescript')

// Node16 emits CommonJS for .ts but keeps `import()` native (CommonJS mode would turn it into require()).
const options = {
  module: ts.ModuleKind.Node16,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  inlineSourceMap: true,
  resolveJsonModule: true,
}
function compile(module, filename) {
  const compilerOptions = filename.endsWith('.mts') ? { ...options, module: ts.ModuleKind.CommonJS } : options
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions })
  module._compile(outputText, filename)
}
for (const extension of ['.ts', '.cts', '.mts']) Module._extensions[extension] = compile
process.setSourceMapsEnabled?.(true)
