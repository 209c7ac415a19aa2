import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { canonical, fieldEntries, flattenSettings, isStaticSetting, sameFieldParam } from '../../../src/index/normalize'

describe('index normalisation', () => {
  it('flattens settings to index.-prefixed dotted keys with string values, whatever the nesting', () => {
    assert.deepEqual(
      flattenSettings({
        number_of_shards: 1,
        index: { refresh_interval: '1s' },
        'index.max_result_window': 10000,
        analysis: { filter: { f: { type: 'stop', stopwords: ['a', 'b'] } } },
      }),
      {
        'index.number_of_shards': '1',
        'index.refresh_interval': '1s',
        'index.max_result_window': '10000',
        'index.analysis.filter.f.type': 'stop',
        'index.analysis.filter.f.stopwords': ['a', 'b'],
      },
    )
  })

  it('canonical text ignores key order and number-vs-string', () => {
    assert.equal(canonical({ b: 1, a: [true, 'x'] }), canonical({ a: ['true', 'x'], b: '1' }))
    assert.notEqual(canonical({ a: 1 }), canonical({ a: 2 }))
  })

  it('knows which settings are static', () => {
    assert.equal(isStaticSetting('index.number_of_shards'), true)
    assert.equal(isStaticSetting('index.analysis.analyzer.x.type'), true)
    assert.equal(isStaticSetting('index.number_of_replicas'), false)
    assert.equal(isStaticSetting('index.refresh_interval'), false)
  })

  it('lists fields with their paths: objects, nested and multi-fields', () => {
    const entries = fieldEntries({
      properties: {
        a: { properties: { b: { type: 'keyword' } } },
        n: { type: 'nested', properties: { c: { type: 'long' } } },
        t: { type: 'text', fields: { raw: { type: 'keyword' } } },
      },
    })
    assert.deepEqual(
      entries.map((e) => [e.path, e.params.type, e.container]),
      [
        ['a', 'object', true],
        ['a.b', 'keyword', false],
        ['n', 'nested', true],
        ['n.c', 'long', false],
        ['t', 'text', false],
        ['t.raw', 'keyword', false],
      ],
    )
  })

  it('reads the server spelling of the default analyzer as standard, unless the index redefines default', () => {
    assert.equal(sameFieldParam('analyzer', 'standard', 'default', false), true)
    assert.equal(sameFieldParam('analyzer', 'standard', 'default', true), false)
    assert.equal(sameFieldParam('analyzer', 'whitespace', 'default', false), false)
  })
})
