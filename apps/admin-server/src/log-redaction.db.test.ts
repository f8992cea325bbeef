import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { createTestApp, type TestApp } from './testing/test-app.js'

// Personal data and secrets never reach the log. The app logs at `info` into
// a captured stream while it serves requests that carry a client's name,
// native name, email, phone, address and birth date — successful, refused and
// malformed ones, in bodies and in search queries — and bearer tokens; then no
// trace of any of them may be found in what was written.

const client = {
  legalName: 'Zebulon Quixote Marchbanks',
  nativeName: '龍飛鳳舞測試',
  email: 'zebulon.marchbanks@leaky-mail.example',
  phone: '+86 139 8765 4321',
  address: '77 Lantern Lane, Suzhou',
  birthDate: '1971-03-14',
}
const staffMember = { email: 'quentin.staffer@leaky-mail.example', displayName: 'Quentin Xylophone-Staffer' }
const wrongToken = 'srt_WrongTokenButWellFormed_0123456789abcdef'

/** The fragments that must not appear: each value, the distinctive parts of it, and how a URL or JSON would spell them. */
function needlesOf(value: string): string[] {
  const digits = value.replace(/\D/g, '')
  const parts = [
    value,
    ...value.split(/[\s,@]+/).filter((p) => p.length >= 6 && !/^(example|Suzhou)$/i.test(p)),
    ...(digits.length >= 8 && /^[\d\s+()-]+$/.test(value) ? [digits] : []),
  ]
  return [...new Set(parts.flatMap((p) => [p, encodeURIComponent(p), JSON.stringify(p).slice(1, -1), p.replace(/ /g, '+')]))]
}

const lines: string[] = []
const logStream = new Writable({
  write(chunk: Buffer | string, _encoding, callback) {
    lines.push(...String(chunk).split('\n').filter((l) => l.length > 0))
    callback()
  },
})

let t: TestApp
let issuedToken: string
const responses: LightMyRequestResponse[] = []
let log = ''
let closed = false

beforeAll(async () => {
  t = await createTestApp({ logLevel: 'info' }, { logStream })
  const send = async (token: string | undefined, options: InjectOptions) => {
    const res = await t.call(token, options)
    responses.push(res)
    return res
  }
  const newClient = {
    kind: 'individual', legalName: client.legalName, nativeName: client.nativeName, birthOrRegistrationDate: client.birthDate,
    country: 'CN', segment: 'ultra_high_net_worth',
    contactPoints: [
      { kind: 'email', value: client.email, preferred: true },
      { kind: 'mobile', value: client.phone },
      { kind: 'address', value: client.address, label: client.legalName },
    ],
  }

  // Succeeds, and is replayed.
  const created = await send(t.adminToken, { method: 'POST', url: '/v1/clients', headers: { 'idempotency-key': 'log-test-1' }, payload: newClient })
  expect(created.statusCode).toBe(201)
  const clientId = (created.json() as { id: string }).id
  expect((await send(t.adminToken, { method: 'POST', url: '/v1/clients', headers: { 'idempotency-key': 'log-test-1' }, payload: newClient })).headers['idempotent-replayed']).toBe('true')
  // Refused by the schema, by the domain, by the parser and by the media type, all carrying the same data.
  expect((await send(t.adminToken, { method: 'POST', url: '/v1/clients', payload: { ...newClient, country: client.legalName } })).statusCode).toBe(400)
  expect((await send(t.adminToken, { method: 'POST', url: '/v1/clients', payload: { ...newClient, [client.email]: client.phone } })).statusCode).toBe(400)
  expect((await send(t.adminToken, {
    method: 'POST', url: '/v1/clients', payload: { ...newClient, relationshipManagerId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' },
  })).statusCode).toBeGreaterThanOrEqual(400)
  expect((await send(t.adminToken, {
    method: 'POST', url: '/v1/clients', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(newClient).slice(0, -2),
  })).statusCode).toBe(400)
  expect((await send(t.adminToken, {
    method: 'POST', url: '/v1/clients', headers: { 'content-type': 'text/plain' }, payload: JSON.stringify(newClient),
  })).statusCode).toBe(415)
  // Changed, then searched for by name, native name and email.
  expect((await send(t.adminToken, {
    method: 'PATCH', url: `/v1/clients/${clientId}`, payload: { contactPoints: [{ kind: 'phone', value: client.phone }], statusReason: client.address },
  })).statusCode).toBe(200)
  for (const q of [client.legalName, client.nativeName, client.email]) {
    expect((await send(t.adminToken, { method: 'GET', url: `/v1/clients?q=${encodeURIComponent(q)}&limit=5` })).statusCode).toBe(200)
  }
  expect((await send(t.adminToken, { method: 'GET', url: `/v1/clients?q=${encodeURIComponent(client.legalName)}&limit=-1` })).statusCode).toBe(400)
  expect((await send(t.adminToken, { method: 'GET', url: `/v1/clients/%zz?q=${encodeURIComponent(client.nativeName)}` })).statusCode).toBe(400)
  // Staff data, and bearer tokens: the bootstrap one, a freshly issued one, a wrong one.
  const staff = await send(t.adminToken, { method: 'POST', url: '/v1/staff', payload: { ...staffMember, roles: ['operations'] } })
  expect(staff.statusCode).toBe(201)
  const staffId = (staff.json() as { id: string }).id
  const issued = await send(t.adminToken, { method: 'POST', url: `/v1/staff/${staffId}/tokens`, payload: { label: 'log test' } })
  expect(issued.statusCode).toBe(201)
  issuedToken = (issued.json() as { token: string }).token
  expect((await send(issuedToken, { method: 'GET', url: '/v1/me', headers: { 'x-request-id': 'log-redaction-me-1' } })).statusCode).toBe(200)
  expect((await send(issuedToken, { method: 'GET', url: `/v1/audit-events?entityId=${encodeURIComponent(client.email)}` })).statusCode).toBe(403)
  expect((await send(wrongToken, { method: 'GET', url: '/v1/me' })).statusCode).toBe(401)
  expect((await send(undefined, { method: 'GET', url: '/v1/me', headers: { authorization: `Basic ${issuedToken}` } })).statusCode).toBe(401)
  expect((await send(t.adminToken, { method: 'GET', url: `/v1/audit-events?entityType=client&entityId=${encodeURIComponent(client.email)}` })).statusCode).toBe(200)

  // Closing flushes the last "request completed" lines.
  closed = true
  await t.close()
  log = lines.join('\n')
}, 60_000)
afterAll(async () => {
  if (!closed) await t?.close()
})

describe('log redaction', () => {
  it('captured the log: JSON lines carrying the request id of every request', () => {
    expect(lines.length).toBeGreaterThanOrEqual(responses.length)
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow()
    for (const res of responses) {
      const id = res.headers['x-request-id']
      expect(id, res.body).toEqual(expect.any(String))
      expect(log, `request id ${String(id)} not logged`).toContain(String(id))
    }
    expect(log).toContain('log-redaction-me-1')
  })

  it('still logs what operations needs: method, path and status', () => {
    const entries = lines.map((l) => JSON.parse(l) as { req?: { method?: string; url?: string }; res?: { statusCode?: number } })
    expect(entries.some((e) => e.req?.method === 'POST' && e.req.url === '/v1/clients')).toBe(true)
    expect(entries.some((e) => e.req?.method === 'GET' && e.req.url?.startsWith('/v1/clients?'))).toBe(true)
    expect(entries.some((e) => e.res?.statusCode === 415)).toBe(true)
  })

  it.each(Object.entries({ ...client, staffEmail: staffMember.email, staffName: staffMember.displayName }))(
    'never writes the %s',
    (_field, value) => {
      for (const needle of needlesOf(value)) {
        expect(log.toLowerCase().includes(needle.toLowerCase()), `log contains ${JSON.stringify(needle)}`).toBe(false)
      }
    },
  )

  it('never writes a bearer token, right or wrong', () => {
    const tokens = [t.adminToken, issuedToken, wrongToken]
    expect(issuedToken).toMatch(/^srt_/)
    for (const token of tokens) {
      const secret = token.slice('srt_'.length)
      for (const needle of [token, secret, secret.slice(0, 16), secret.slice(-16)]) {
        expect(log.includes(needle), `log contains a token fragment ${needle.slice(0, 6)}…`).toBe(false)
      }
    }
    expect(log).not.toMatch(/bearer\s+\S/i)
  })
})
