import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { readDomain } from '../../../../src/codegen/domain'
import { EntityMapper } from '../../../../src/codegen/generators/mapping'
import { planMethod, type MethodContext } from '../../../../src/codegen/generators/methods'
import { tableNameOf } from '../../../../src/codegen/generators/naming'
import { Needs } from '../../../../src/codegen/generators/needs'
import { knownDeclarations } from '../../../../src/codegen/generators/signature'
import { DEFAULT_WRITE_SETTINGS } from '../../../../src/codegen/generators/types'
import { REPO_ROOT } from '../../../support/services'

// The examples' method plans as data: what each method does (kind, criteria as typed conditions over columns, how each
// argument is stored, order, limit, paging, result shape), before any emitter or template. A change in query derivation
// or in the choice of operation shows here as a data diff. `UPDATE_GOLDEN=1` rewrites the file (review the diff).
const GOLDEN_FILE = path.join(__dirname, 'example-method-plans.json')

/** the examples, and the fixture written to hold every operation kind and result shape */
const DOMAINS: Record<string, string> = {
  'shop-cjs': path.join(REPO_ROOT, 'examples', 'shop-cjs'),
  'shop-esm': path.join(REPO_ROOT, 'examples', 'shop-esm'),
  'operation-kinds': path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'operation-kinds'),
  // a method returning the port itself, input objects of criteria plus paging
  'port-inputs': path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'port-inputs'),
  // the common filter criteria shape: plain interfaces, and classes of value objects
  'filter-criteria': path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'filter-criteria'),
  'filter-criteria-classes': path.join(REPO_ROOT, 'test', 'fixtures', 'domains', 'filter-criteria-classes'),
}

function plansOf(domain: string): Record<string, unknown[]> {
  const model = readDomain({
    root: DOMAINS[domain]!,
    tsconfig: 'tsconfig.json',
    sourceRoot: 'src',
    portSuffixes: ['Repository', 'RepositoryPort', 'Repo', 'RepoPort'],
  })
  const known = knownDeclarations(model)
  const plans: Record<string, unknown[]> = {}
  for (const port of model.ports) {
    const entity = model.entities[port.entity!]!
    const mapping = new EntityMapper(model, entity, 'entity', { columns: DEFAULT_WRITE_SETTINGS.columns }).map(tableNameOf(entity.name))
    const ctx: MethodContext = { model, port, mapping, known, needs: new Needs() }
    // a round trip through JSON: the plan is plain data (no functions, no class instances)
    plans[port.name] = JSON.parse(JSON.stringify(port.methods.map((method) => planMethod(method, ctx)))) as unknown[]
  }
  return plans
}

/** JSON with every value that fits in 110 columns on one line (a plan reads at a glance, a diff stays small) */
function readableJson(value: unknown, indent: string): string {
  const flat = oneLine(value)
  if (indent.length + flat.length <= 110 || value === null || typeof value !== 'object') return flat
  const inner = `${indent}  `
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + readableJson(v, inner)).join(',\n')}\n${indent}]`
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${readableJson(v, inner)}`)
  return `{\n${entries.join(',\n')}\n${indent}}`
}

function oneLine(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(oneLine).join(', ')}]`
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`)
      .join(', ')}}`
  return JSON.stringify(value)
}

describe('method plans of the examples (golden data)', () => {
  const examples = Object.keys(DOMAINS)
  const actual = Object.fromEntries(examples.map((example) => [example, plansOf(example)]))
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN_FILE, `${readableJson(actual, '')}\n`)
  const golden = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as Record<string, Record<string, unknown[]>>
  for (const example of examples) {
    it(`${example}: every port method's plan`, () => {
      assert.deepEqual(actual[example], golden[example])
    })
  }
  it('covers every operation kind, and each plan is data', () => {
    const kinds = new Set(Object.values(actual).flatMap((ports) => Object.values(ports).flatMap((plans) => plans.map((p) => (p as { kind: string }).kind))))
    for (const kind of ['find-one', 'find-many', 'find-page', 'count', 'exists', 'delete', 'save', 'save-many', 'update', 'itself', 'stub'])
      assert.ok(kinds.has(kind), kind)
  })
})
