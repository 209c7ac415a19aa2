import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { ExitCode, InfraError } from '../../../src/core/errors'
import { readDefinitions, type IndexDefinition } from '../../../src/index/definitions'
import { planIndex, planTemplate, type LiveIndex } from '../../../src/index/plan'

const root = mkdtempSync(path.join(tmpdir(), 'infra-index-plan-'))
after(() => rmSync(root, { recursive: true, force: true }))

const def = (overrides: Partial<IndexDefinition> = {}): IndexDefinition => ({
  kind: 'index',
  alias: 'products',
  file: 'infra/elastic/products.yaml',
  settings: { number_of_shards: 1, number_of_replicas: 0 },
  mappings: { dynamic: 'strict', properties: { title: { type: 'text', fields: { raw: { type: 'keyword' } } }, price: { type: 'long' } } },
  aliases: {},
  ...overrides,
})

/** What 9.x reports for def(): strings for numbers, defaults spelled out, server-owned settings. */
const live = (overrides: Partial<LiveIndex> = {}): LiveIndex => ({
  alias: 'products',
  index: 'products-v1',
  nameTakenByIndex: false,
  versions: [1],
  settings: {
    'index.number_of_shards': '1',
    'index.number_of_replicas': '0',
    'index.refresh_interval': '1s',
    'index.uuid': 'abc',
    'index.creation_date': '1',
  },
  mappings: { dynamic: 'strict', properties: { title: { type: 'text', fields: { raw: { type: 'keyword' } } }, price: { type: 'long' } } },
  fieldDefaults: {
    title: { type: 'text', analyzer: 'default', index: true, norms: true },
    'title.raw': { type: 'keyword', ignore_above: 2147483647, index: true },
    price: { type: 'long', index: true, doc_values: true },
  },
  aliases: {},
  ...overrides,
})

describe('index planner', () => {
  it('creates <alias>-v1 when the alias does not exist, and the next version after existing ones', () => {
    assert.equal(planIndex(def(), undefined).to, 'products-v1')
    const plan = planIndex(def(), live({ index: undefined, versions: [1, 3] }))
    assert.equal(plan.action, 'create')
    assert.equal(plan.to, 'products-v4')
  })

  it('is unchanged against what the server reports after its defaults (1 vs "1", explicit defaults, analyzer standard vs default)', () => {
    const withDefaults = def({
      settings: { index: { number_of_shards: '1' }, number_of_replicas: 0, refresh_interval: '1s' },
      mappings: {
        dynamic: 'strict',
        properties: {
          title: { type: 'text', analyzer: 'standard', fields: { raw: { type: 'keyword', index: true } } },
          price: { type: 'long', doc_values: true },
        },
      },
    })
    const plan = planIndex(withDefaults, live())
    assert.equal(plan.action, 'unchanged', plan.reasons.join('; '))
  })

  it('updates in place for a new field, a new multi-field and a dynamic setting', () => {
    const changed = def({
      settings: { number_of_shards: 1, number_of_replicas: 1 },
      mappings: {
        dynamic: 'strict',
        properties: { title: { type: 'text', fields: { raw: { type: 'keyword' }, en: { type: 'text' } } }, price: { type: 'long' }, tag: { type: 'keyword' } },
      },
    })
    const plan = planIndex(changed, live())
    assert.equal(plan.action, 'update')
    assert.deepEqual(plan.settingsUpdate, { 'index.number_of_replicas': '1' })
    assert.equal(plan.mappingsUpdate, true)
    assert.deepEqual(plan.reasons.sort(), ['new field tag (keyword)', 'new field title.en (text)', 'setting index.number_of_replicas: "0" -> "1"'])
  })

  it('needs a reindex for a changed field type, an analyzer, a static setting or a removed strict field, with the reason', () => {
    const typeChange = planIndex(
      def({ mappings: { dynamic: 'strict', properties: { title: { type: 'text', fields: { raw: { type: 'keyword' } } }, price: { type: 'double' } } } }),
      live(),
    )
    assert.equal(typeChange.action, 'reindex')
    assert.equal(typeChange.from, 'products-v1')
    assert.equal(typeChange.to, 'products-v2')
    assert.deepEqual(typeChange.reasons, ['field price: type "long" -> "double"'])

    const analyzer = planIndex(
      def({
        mappings: {
          dynamic: 'strict',
          properties: { title: { type: 'text', analyzer: 'whitespace', fields: { raw: { type: 'keyword' } } }, price: { type: 'long' } },
        },
      }),
      live(),
    )
    assert.equal(analyzer.action, 'reindex')
    assert.match(analyzer.reasons[0]!, /field title: analyzer "default" -> "whitespace"/)

    const shards = planIndex(def({ settings: { number_of_shards: 2, number_of_replicas: 0 } }), live())
    assert.equal(shards.action, 'reindex')
    assert.match(shards.reasons[0]!, /index.number_of_shards.*static/)

    const removed = planIndex(def({ mappings: { dynamic: 'strict', properties: { title: { type: 'text', fields: { raw: { type: 'keyword' } } } } } }), live())
    assert.equal(removed.action, 'reindex')
    assert.deepEqual(removed.reasons, ['field price is no longer in the definition'])
  })

  it('ignores dynamically added fields when the mapping is dynamic', () => {
    const dynamicDef = def({ mappings: { properties: { title: { type: 'text' } } } })
    const dynamicLive = live({ mappings: { properties: { title: { type: 'text' }, extra: { type: 'long' } } } })
    assert.equal(planIndex(dynamicDef, dynamicLive).action, 'unchanged')
  })

  it('plans templates as create / unchanged / update against the server body (nested index settings)', () => {
    const template = {
      kind: 'component_template' as const,
      name: 'base',
      file: 'infra/elastic/component_templates/base.yaml',
      body: { template: { settings: { number_of_shards: 1 } } },
    }
    assert.equal(planTemplate(template, { kind: 'component_template', name: 'base' }).action, 'create')
    assert.equal(
      planTemplate(template, { kind: 'component_template', name: 'base', body: { template: { settings: { index: { number_of_shards: '1' } } } } }).action,
      'unchanged',
    )
    assert.equal(
      planTemplate(template, { kind: 'component_template', name: 'base', body: { template: { settings: { index: { number_of_shards: '2' } } } } }).action,
      'update',
    )
  })
})

describe('index definitions', () => {
  const project = (name: string, files: Record<string, string>): string => {
    const dir = path.join(root, name)
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
      writeFileSync(path.join(dir, file), text)
    }
    return dir
  }
  const invalid = (dir: string, code: string, message: RegExp) =>
    assert.throws(
      () => readDefinitions(dir, 'infra/elastic'),
      (error: unknown) => error instanceof InfraError && error.exitCode === ExitCode.InvalidInput && error.code === code && message.test(error.message),
    )

  it('reads one index per file (alias from the file name unless set), JSON or YAML, and templates from their folders', () => {
    const dir = project('ok', {
      'infra/elastic/products.yaml': 'mappings:\n  properties:\n    title: { type: text }\n',
      'infra/elastic/orders.json': '{"alias": "orders-live", "settings": {"number_of_shards": 1}}',
      'infra/elastic/component_templates/base.yaml': 'template:\n  settings: { number_of_replicas: 0 }\n',
      'infra/elastic/index_templates/logs.yaml': 'index_patterns: ["logs-*"]\ncomposed_of: [base]\n',
    })
    const defs = readDefinitions(dir, 'infra/elastic')
    assert.deepEqual(defs.indices.map((d) => d.alias).sort(), ['orders-live', 'products'])
    assert.deepEqual(
      defs.templates.map((t) => `${t.kind}:${t.name}`),
      ['component_template:base', 'index_template:logs'],
    )
  })

  it('rejects unknown keys and bad shapes naming file and path (exit 4)', () => {
    invalid(project('unknown', { 'infra/elastic/a.yaml': 'setings: {}\n' }), 'INDEX_DEFINITION_INVALID', /infra\/elastic\/a\.yaml: .*setings/)
    invalid(project('shape', { 'infra/elastic/a.yaml': 'mappings: [1]\n' }), 'INDEX_DEFINITION_INVALID', /a\.yaml: mappings:/)
    invalid(project('syntax', { 'infra/elastic/a.json': '{"mappings": ' }), 'INDEX_DEFINITION_SYNTAX', /a\.json: not valid JSON/)
    invalid(project('badalias', { 'infra/elastic/Products.yaml': '{}\n' }), 'INDEX_DEFINITION_INVALID', /Products\.yaml: alias/)
  })

  it('explains legacy mapping types', () => {
    invalid(
      project('legacy', { 'infra/elastic/a.json': '{"mappings": {"doc": {"properties": {"x": {"type": "text"}}}}}' }),
      'INDEX_DEFINITION_MAPPING_TYPE',
      /mappings\.doc: "doc" is a legacy mapping type/,
    )
  })
})
