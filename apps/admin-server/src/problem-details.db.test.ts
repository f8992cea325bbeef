import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { createTestApp, type TestApp } from './testing/test-app.js'

// Every error is RFC 9457 problem details with a stable code, the HTTP
// status repeated in the body, and the request id the response header
// carries — one example per way a request can go wrong before a domain sees it.

let t: TestApp

const validClient = { kind: 'individual', legalName: 'Problem Details Test', country: 'CN', segment: 'high_net_worth' }

beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t?.close()
})

interface ProblemBody {
  type: string
  title: string
  status: number
  code: string
  requestId: string
  detail?: string
  instance?: string
  errors?: Array<{ path: string; message: string }>
}

/** Asserts the common shape and returns the body. */
function problemOf(res: LightMyRequestResponse, status: number, code: string): ProblemBody {
  expect(res.statusCode, res.body).toBe(status)
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
  const problem = res.json() as ProblemBody
  expect(problem).toMatchObject({ type: `urn:strongroom:problem:${code}`, title: expect.any(String), status, code })
  expect(problem.requestId).toEqual(expect.any(String))
  expect(problem.requestId).toBe(res.headers['x-request-id'])
  return problem
}

describe('problem details', () => {
  it('answers an unknown route with 404 request.not_found', async () => {
    const res = await t.call(t.adminToken, { method: 'GET', url: '/v1/no-such-thing?x=1' })
    const problem = problemOf(res, 404, 'request.not_found')
    expect(problem.instance).toBe('/v1/no-such-thing')
  })

  it('answers an unknown method on a known path with 404 request.not_found', async () => {
    const res = await t.call(t.adminToken, { method: 'DELETE', url: '/v1/clients' })
    problemOf(res, 404, 'request.not_found')
  })

  it('answers invalid JSON text with 400 request.invalid', async () => {
    const res = await t.call(t.adminToken, {
      method: 'POST', url: '/v1/clients', headers: { 'content-type': 'application/json' }, payload: '{"kind": "individual",',
    })
    problemOf(res, 400, 'request.invalid')
  })

  it('answers a text/plain body with 415 request.unsupported_media_type, even when the text is valid JSON', async () => {
    const res = await t.call(t.adminToken, {
      method: 'POST', url: '/v1/clients', headers: { 'content-type': 'text/plain' }, payload: JSON.stringify(validClient),
    })
    problemOf(res, 415, 'request.unsupported_media_type')
  })

  it('answers an XML body with 415 request.unsupported_media_type', async () => {
    const res = await t.call(t.adminToken, {
      method: 'POST', url: '/v1/clients', headers: { 'content-type': 'application/xml' }, payload: '<client/>',
    })
    problemOf(res, 415, 'request.unsupported_media_type')
  })

  it('names every failing field of a body that fails the schema', async () => {
    const res = await t.call(t.adminToken, {
      method: 'POST', url: '/v1/clients',
      payload: { ...validClient, country: 'china', segment: 'gold', contactPoints: [{ kind: 'email', value: 42 }], isVip: true },
    })
    const problem = problemOf(res, 400, 'request.invalid')
    const paths = (problem.errors ?? []).map((e) => e.path)
    expect(paths).toEqual(expect.arrayContaining(['body.country', 'body.segment', 'body.contactPoints.0.value']))
    // The unknown field is refused too (strict bodies: no mass assignment).
    expect(problem.errors?.some((e) => e.path === 'body' && /isVip/.test(e.message))).toBe(true)
    for (const error of problem.errors ?? []) expect(error.message).toEqual(expect.any(String))
  })

  it('names the failing path parameter', async () => {
    const res = await t.call(t.adminToken, { method: 'GET', url: '/v1/clients/not-a-uuid' })
    const problem = problemOf(res, 400, 'request.invalid')
    expect(problem.errors?.map((e) => e.path)).toEqual(['params.id'])
  })

  it('answers a cursor this API did not make with 400 naming querystring.cursor', async () => {
    const res = await t.call(t.adminToken, { method: 'GET', url: '/v1/clients?cursor=not-our-cursor!' })
    const problem = problemOf(res, 400, 'request.invalid')
    expect(problem.errors?.map((e) => e.path)).toContain('querystring.cursor')
  })

  it('answers a base64url cursor that does not hold an id with 400', async () => {
    const cursor = Buffer.from('not a uuid at all').toString('base64url')
    const res = await t.call(t.adminToken, { method: 'GET', url: `/v1/staff?cursor=${cursor}` })
    problemOf(res, 400, 'request.invalid')
  })

  it('answers limit=-1 with 400 naming querystring.limit', async () => {
    const res = await t.call(t.adminToken, { method: 'GET', url: '/v1/clients?limit=-1' })
    const problem = problemOf(res, 400, 'request.invalid')
    expect(problem.errors?.map((e) => e.path)).toContain('querystring.limit')
  })

  it('answers a body over 1 MiB with 413 request.payload_too_large', async () => {
    const payload = JSON.stringify({ ...validClient, legalName: 'x'.repeat(1_048_577) })
    expect(Buffer.byteLength(payload)).toBeGreaterThan(1_048_576)
    const res = await t.call(t.adminToken, {
      method: 'POST', url: '/v1/clients', headers: { 'content-type': 'application/json' }, payload,
    })
    problemOf(res, 413, 'request.payload_too_large')
  })

  it('answers a path that does not decode with 400 problem details, not the framework default', async () => {
    const res = await t.call(t.adminToken, { method: 'GET', url: '/v1/clients/%zz' })
    problemOf(res, 400, 'request.invalid')
  })

  it('answers a path parameter over the router limit with problem details', async () => {
    const res = await t.call(t.adminToken, { method: 'GET', url: `/v1/clients/${'a'.repeat(500)}` })
    expect(res.statusCode).toBeGreaterThanOrEqual(400)
    expect(res.statusCode).toBeLessThan(500)
    problemOf(res, res.statusCode, 'request.invalid')
  })

  it('answers a missing token with 401 auth.unauthenticated and a WWW-Authenticate challenge', async () => {
    const res = await t.call(undefined, { method: 'GET', url: '/v1/me' })
    problemOf(res, 401, 'auth.unauthenticated')
    expect(res.headers['www-authenticate']).toMatch(/^Bearer /)
  })

  it('answers a malformed Idempotency-Key with 400 idempotency.invalid_key', async () => {
    const res = await t.call(t.adminToken, {
      method: 'POST', url: '/v1/clients', headers: { 'idempotency-key': 'k'.repeat(300) }, payload: validClient,
    })
    problemOf(res, 400, 'idempotency.invalid_key')
  })

  it('answers a domain refusal with its own code and a detail', async () => {
    const res = await t.call(t.adminToken, { method: 'GET', url: '/v1/clients/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' })
    expect(res.statusCode).toBe(404)
    const problem = res.json() as ProblemBody
    expect(problem.code).toMatch(/^relationship\./)
    expect(problem.requestId).toBe(res.headers['x-request-id'])
    expect(problem.detail).toEqual(expect.any(String))
  })
})

describe('request ids', () => {
  it('echoes a caller-supplied safe x-request-id in the header and the problem', async () => {
    const id = 'caller-req.42:abc_DEF'
    const res = await t.call(t.adminToken, { method: 'GET', url: '/v1/nowhere', headers: { 'x-request-id': id } })
    expect(res.headers['x-request-id']).toBe(id)
    expect(problemOf(res, 404, 'request.not_found').requestId).toBe(id)
  })

  it('echoes a safe x-request-id on a success too', async () => {
    const res = await t.call(t.adminToken, { method: 'GET', url: '/v1/me', headers: { 'x-request-id': 'ok-123' } })
    expect(res.statusCode).toBe(200)
    expect(res.headers['x-request-id']).toBe('ok-123')
  })

  it('echoes the caller id on errors raised before routing', async () => {
    const res = await t.call(t.adminToken, { method: 'GET', url: '/v1/clients/%zz', headers: { 'x-request-id': 'before-routing-1' } })
    expect(problemOf(res, 400, 'request.invalid').requestId).toBe('before-routing-1')
  })

  it.each([
    ['a line break (log injection)', 'abc\r\nx-evil: 1'],
    ['spaces', 'has spaces'],
    ['non-ASCII', 'идентификатор'],
    ['over 64 characters', 'a'.repeat(65)],
    ['empty', ''],
  ])('replaces an unsafe x-request-id with its own: %s', async (_label, given) => {
    const res = await t.call(t.adminToken, { method: 'GET', url: '/v1/nowhere', headers: { 'x-request-id': given } })
    const problem = problemOf(res, 404, 'request.not_found')
    expect(problem.requestId).not.toBe(given)
    expect(problem.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('gives each request its own id when none is supplied', async () => {
    const ids = new Set<string>()
    for (let i = 0; i < 5; i += 1) {
      const res = await t.call(t.adminToken, { method: 'GET', url: '/v1/nowhere' })
      ids.add(problemOf(res, 404, 'request.not_found').requestId)
    }
    expect(ids.size).toBe(5)
  })
})
