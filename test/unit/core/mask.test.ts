import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { maskText, maskUrl } from '../../../src/core/mask'

describe('maskUrl', () => {
  it('hides the password and keeps user, host, port and path', () => {
    assert.equal(maskUrl('mysql://app:s3cr3t@db.example:3306/shop'), 'mysql://app:***@db.example:3306/shop')
    assert.equal(maskUrl('amqp://guest:guest@127.0.0.1:5672'), 'amqp://guest:***@127.0.0.1:5672')
  })
  it('leaves URLs without a password as they are', () => {
    assert.equal(maskUrl('http://127.0.0.1:9200'), 'http://127.0.0.1:9200')
    assert.equal(maskUrl('mysql://root@127.0.0.1:3306/app'), 'mysql://root@127.0.0.1:3306/app')
  })
})

describe('maskText', () => {
  it('masks every URL inside a driver message and known secrets verbatim', () => {
    const text = 'connect failed for amqp://u:pw1@h:5672/v; Access denied for user (using password: hunter22)'
    assert.equal(maskText(text, ['hunter22']), 'connect failed for amqp://u:***@h:5672/v; Access denied for user (using password: ***)')
  })
  it('keeps a user name readable when it equals the password', () => {
    assert.equal(maskText('amqp://guest:guest@127.0.0.1:5672 guest', ['guest']), 'amqp://guest:***@127.0.0.1:5672 ***')
  })
})
