import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { sql, type Kysely } from 'kysely'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { cursorSchema, sequenceCursorSchema } from '@strongroom/kernel/fastify'
import type { RouteEntry } from './infra/auth.js'
import { createTestApp, type TestApp } from './testing/test-app.js'

// Bad input on every route, generated from the server's route table and the
// OpenAPI document its schemas produce: a new route is fuzzed the moment it
// is registered. Every generated request carries at least one defect that on
// its own makes it invalid, so the only right answers are 4xx problem details,
// and the domain tables must be exactly as they were before the run.

const numRuns = 100
// CI runs one fixed seed, so a red build always reproduces; FC_SEED=random (or a number) explores further.
const seed = process.env.FC_SEED === 'random' ? Date.now() : Number(process.env.FC_SEED ?? 20_261_129)
const fakeId = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'
const safeRequestId = /^[A-Za-z0-9._:-]{1,64}$/

/** The tables that hold domain data; the audit log and idempotency keys legitimately record refused attempts. */
const guardedTables = [
  'relationship.staff',
  'relationship.client',
  'relationship.client_status_change',
  'relationship.rm_assignment',
  'platform.api_token',
  'ledger.deposit_product',
  'ledger.deposit_rate_sheet',
  'ledger.competitor_rate',
  'ledger.negotiated_rate',
  'ledger.deposit',
  'ledger.deposit_event',
  'ledger.eod_run',
  'compliance.watchlist_version',
  'compliance.client_screening',
  'compliance.screening_alert',
  'compliance.screening_whitelist',
  'compliance.kyc_record',
  'compliance.approval_request',
  'compliance.large_value_report',
  'compliance.suspicious_report',
  'compliance.data_export',
  'compliance.training_course',
  'compliance.training_completion',
  'compliance.identity_check',
] as const

// ---------------------------------------------------------------------------
// What a route accepts, read from the OpenAPI document.

interface JsonSchema {
  readonly $ref?: string
  readonly type?: string | readonly string[]
  readonly enum?: readonly unknown[]
  readonly const?: unknown
  readonly anyOf?: readonly JsonSchema[]
  readonly oneOf?: readonly JsonSchema[]
  readonly properties?: Readonly<Record<string, JsonSchema>>
  readonly required?: readonly string[]
  readonly additionalProperties?: boolean | JsonSchema
  readonly items?: JsonSchema
  readonly minItems?: number
  readonly maxItems?: number
  readonly minLength?: number
  readonly maxLength?: number
  readonly minimum?: number
  readonly maximum?: number
  readonly format?: string
  readonly pattern?: string
}

interface OpenApiOperation {
  readonly parameters?: ReadonlyArray<{ readonly in: string; readonly name: string; readonly schema?: JsonSchema }>
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: JsonSchema }> }
}

interface OpenApiDocument {
  readonly paths?: Record<string, Record<string, OpenApiOperation>>
  readonly components?: { readonly schemas?: Record<string, JsonSchema> }
}

interface RouteInputs {
  readonly route: RouteEntry
  readonly label: string
  readonly pathParams: readonly string[]
  readonly query: ReadonlyArray<{ readonly name: string; readonly schema: JsonSchema }>
  readonly body: JsonSchema | undefined
  readonly deref: (schema: JsonSchema) => JsonSchema
}

function inputsOf(route: RouteEntry, spec: OpenApiDocument): RouteInputs {
  const deref = (schema: JsonSchema): JsonSchema => {
    if (!schema.$ref) return schema
    const name = schema.$ref.replace('#/components/schemas/', '')
    const target = spec.components?.schemas?.[name]
    if (!target) throw new Error(`unresolvable ${schema.$ref}`)
    return deref(target)
  }
  const operation = spec.paths?.[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()]
  const bodySchema = operation?.requestBody?.content?.['application/json']?.schema
  return {
    route,
    label: `${route.method} ${route.url}`,
    pathParams: [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1] as string),
    query: (operation?.parameters ?? [])
      .filter((p) => p.in === 'query')
      .map((p) => ({ name: p.name, schema: deref(p.schema ?? {}) })),
    body: bodySchema ? deref(bodySchema) : undefined,
    deref,
  }
}

function typesOf(schema: JsonSchema, deref: RouteInputs['deref']): Set<string> | undefined {
  const s = deref(schema)
  const branches = s.anyOf ?? s.oneOf
  if (branches) {
    const all = branches.map((b) => typesOf(b, deref))
    if (all.some((t) => t === undefined)) return undefined
    return new Set(all.flatMap((t) => [...(t as Set<string>)]))
  }
  if (s.type) {
    const types = new Set(typeof s.type === 'string' ? [s.type] : s.type)
    if (types.has('integer')) types.add('number')
    return types
  }
  if (s.enum) return new Set(s.enum.map(jsonTypeOf))
  if (s.const !== undefined) return new Set([jsonTypeOf(s.const)])
  return undefined
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

/** The smallest request body the schema accepts: required fields only (or the first field when none is required). */
function sampleOf(schema: JsonSchema, deref: RouteInputs['deref'], position = 0): unknown {
  const s = deref(schema)
  if (s.const !== undefined) return s.const
  // Sibling fields drawn from one enum get different values (a rate's base and quote must differ).
  if (s.enum) return s.enum[position % s.enum.length]
  const branches = s.anyOf ?? s.oneOf
  if (branches) return sampleOf(branches.find((b) => deref(b).type !== 'null') ?? (branches[0] as JsonSchema), deref)
  const type = typeof s.type === 'string' ? s.type : s.type?.find((t) => t !== 'null')
  switch (type) {
    case 'object': {
      const properties = s.properties ?? {}
      const keys = s.required?.length ? s.required : Object.keys(properties).slice(0, 1)
      return Object.fromEntries(keys.map((k, i) => [k, sampleOf(properties[k] ?? {}, deref, i)]))
    }
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => sampleOf(s.items ?? {}, deref))
    case 'integer':
    case 'number':
      return s.minimum ?? 1
    case 'boolean':
      return true
    case 'null':
      return null
    case 'string':
      if (s.format === 'uuid') return fakeId
      if (s.format === 'email') return 'someone@example.com'
      if (s.format === 'date') return '1990-01-01'
      if (s.format === 'date-time') return '2099-01-01T00:00:00Z'
      // The shortest of many matches: the minimal valid value ("1" for an amount), which also
      // satisfies rules the schema cannot express (no more decimals than the currency has).
      if (s.pattern) {
        const fits = (v: string) => v.trim().length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity)
        return fc.sample(fc.stringMatching(new RegExp(s.pattern)).filter(fits), { numRuns: 200, seed: 7 })
          .reduce((a, b) => (b.length < a.length ? b : a))
      }
      return 'x'.repeat(Math.max(1, s.minLength ?? 1))
  }
  throw new Error(`cannot sample ${JSON.stringify(s)}`)
}

// ---------------------------------------------------------------------------
// A request under construction, and the defects that can be put into it.

interface Attempt {
  readonly params: Readonly<Record<string, string>>
  readonly query: readonly string[]
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly payload: string | undefined
}

interface Defect {
  readonly kind: string
  /** The code the answer must carry when this is the only defect. */
  readonly expectCode?: string | readonly string[]
  apply(attempt: Attempt): Attempt
}

const jsonContentType = { 'content-type': 'application/json' }
const withHeader = (a: Attempt, name: string, value: string | undefined): Attempt => ({ ...a, headers: { ...a.headers, [name]: value } })
const withBody = (a: Attempt, payload: string, contentType = 'application/json'): Attempt => ({
  ...withHeader(a, 'content-type', contentType),
  payload,
})

/** Unicode, ASCII control characters and emoji alike. */
const anyText = (max = 60) =>
  fc.oneof(fc.string({ unit: 'grapheme', maxLength: max }), fc.string({ unit: 'binary-ascii', maxLength: max }))
const visibleAscii = fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c))
const controlCharacter = fc.oneof(fc.constant('\u0000'), fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), fc.constant('\u007f'))

/** Values of every JSON type, including the awkward ones: money-like numbers, huge strings, nested junk. */
const anyJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1234.56, 0.1, -0.01, 1e21, 9007199254740993, -0, 100),
  anyText(),
  fc.integer({ min: 1000, max: 20_000 }).map((n) => 'x'.repeat(n)),
  fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }),
)

function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value)
  } catch {
    return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '\ufffd'))
  }
}

/** The defects a route can be given, weighted so the auth check (which answers first) does not hide the rest. */
function defectsFor(inputs: RouteInputs, adminToken: string): Array<fc.WeightedArbitrary<Defect>> {
  const { route, pathParams, query, body, deref } = inputs
  const defects: Array<fc.WeightedArbitrary<Defect>> = []
  const add = (arbitrary: fc.Arbitrary<Defect>, weight = 3): void => {
    defects.push({ arbitrary, weight })
  }
  const validBody = body ? (sampleOf(body, deref) as Record<string, unknown>) : undefined

  if (route.access !== 'public') {
    const garbageToken = fc.oneof(
      anyText(600),
      fc.constantFrom('', 'Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', `Bearer ${adminToken.slice(0, -1)}`,
        `Bearer ${adminToken}x`, `Bearer ${adminToken} ${adminToken}`, `Token ${adminToken}`, `Bearer ${adminToken}\n`, adminToken),
      fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789_-'), minLength: 16, maxLength: 200 }).map((s) => `Bearer srt_${s}`),
    ).filter((value) => value !== `Bearer ${adminToken}`)
    add(
      fc.option(garbageToken, { nil: undefined, freq: 8 }).map((value) => ({
        kind: 'authorization', expectCode: 'auth.unauthenticated',
        apply: (a) => withHeader(a, 'authorization', value),
      })),
      1,
    )
  }

  if (pathParams.length > 0) {
    const junkParam = fc.oneof(
      anyText(90).map(encodeSegment),
      fc.constantFrom('../', '../../etc/passwd', '..\\..\\windows', '%2e%2e%2f', '/../', "' or 1=1 --", '1; drop table client', 'null', 'undefined', '[object Object]')
        .map(encodeSegment),
      fc.constantFrom(`${fakeId}0`, fakeId.slice(1), fakeId.replace('a', 'g'), fakeId.replace(/-/g, ''), `{${fakeId}}`, fakeId.replace('7', '9'))
        .map(encodeSegment),
      fc.integer({ min: 101, max: 4000 }).map((n) => 'a'.repeat(n)),
      fc.constantFrom('%', '%zz', '%E0%A4%A', '%ED%A0%80', '%C0%AF', 'a%00b', '%FF'),
    ).filter((segment) => segment !== '' && segment !== '.' && segment !== '..')
    add(
      fc.tuple(fc.constantFrom(...pathParams), junkParam).map(([name, segment]) => ({
        kind: `path param ${name}`,
        apply: (a) => ({ ...a, params: { ...a.params, [name]: segment } }),
      })),
    )
  }

  const queryDefects = query.flatMap(({ name, schema }) => {
    const junk: Array<fc.Arbitrary<string>> = []
    if (schema.type === 'integer' || schema.type === 'number') {
      const min = schema.minimum ?? -Infinity
      const max = schema.maximum ?? Infinity
      const accepted = (s: string) => {
        const n = Number(s)
        return (schema.type === 'number' ? Number.isFinite(n) : Number.isInteger(n)) && n >= min && n <= max
      }
      junk.push(
        fc.oneof(
          fc.constantFrom('-1', '0', 'abc', '', ' ', '1.5', 'NaN', 'Infinity', '1e9', '-0.5', '9'.repeat(400), '[]', '{}'),
          fc.integer().map(String),
          fc.double().map(String),
          anyText(),
        ).filter((s) => !accepted(s)),
      )
    }
    // Junk for this route's own kind of cursor: entries page by a sequence number, everything else by id.
    const routeCursor = route.url.endsWith('/entries') ? sequenceCursorSchema : cursorSchema
    if (name === 'cursor') junk.push(fc.oneof(anyText(300), anyText().map((s) => Buffer.from(s).toString('base64url'))).filter((c) => !routeCursor.safeParse(c).success))
    if (schema.enum) junk.push(anyText().filter((s) => !schema.enum?.includes(s)))
    if (schema.pattern) junk.push(anyText().filter((s) => !new RegExp(schema.pattern as string).test(s)))
    if (schema.maxLength !== undefined) junk.push(fc.integer({ min: schema.maxLength + 1, max: schema.maxLength + 3000 }).map((n) => 'q'.repeat(n)))
    if ((schema.minLength ?? 0) > 0) junk.push(fc.constant(''))
    if (schema.type === 'string' && !schema.enum && !schema.pattern && !schema.format) {
      // Free text in a filter: a control character (NUL above all) is junk, never a search term.
      junk.push(fc.tuple(fc.string({ unit: visibleAscii, maxLength: 20 }), controlCharacter, fc.string({ unit: visibleAscii, maxLength: 20 }))
        .map((parts) => parts.join('')))
    }
    return junk.map((value) =>
      value.map((v): Defect => ({
        kind: `query ${name}`, expectCode: 'request.invalid',
        apply: (a) => ({ ...a, query: [...a.query, `${encodeURIComponent(name)}=${encodeSegment(v)}`] }),
      })),
    )
  })
  if (queryDefects.length > 0) add(fc.oneof(...queryDefects))

  if (body && validBody) {
    const validJson = JSON.stringify(validBody)
    const properties = body.properties ?? {}

    const notJson = fc
      .oneof(
        fc.constantFrom('text/plain', 'application/xml', 'text/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz',
          'application/octet-stream', 'application/jsonp', 'text/json', 'application/json-patch+json', 'application/problem+json', '*/*', '',
          'application/json, text/plain', 'json'),
        fc.tuple(fc.stringMatching(/^[a-z]{1,12}$/), fc.stringMatching(/^[a-z0-9.+-]{1,20}$/)).map(([t, s]) => `${t}/${s}`),
      )
      .filter((ct) => ct.split(';')[0]?.trim().toLowerCase() !== 'application/json')
    add(
      fc.tuple(notJson, fc.oneof(fc.constant(validJson), fc.constant('<client><legalName>x</legalName></client>'), anyText(200).filter((s) => s.length > 0)))
        .map(([contentType, payload]) => ({
          kind: `content-type ${contentType}`, expectCode: 'request.unsupported_media_type',
          apply: (a) => withBody(a, payload, contentType),
        })),
    )

    const brokenJson = fc.oneof(
      anyText(200).filter((s) => {
        try {
          JSON.parse(s)
          return false
        } catch {
          return true
        }
      }),
      fc.integer({ min: 0, max: validJson.length - 1 }).map((n) => validJson.slice(0, n)),
      fc.constantFrom(`${validJson}x`, `${validJson},`, `${validJson}${validJson}`, validJson.replace(/"/g, "'"), `{"a":NaN}`, `{"a":Infinity}`,
        `/* c */${validJson}`, `{"a":1,}`, '{"a":"\\x41"}', '{"a":"\\ud800', '\u0000'),
    ).filter((payload) => payload !== validJson) // `{}` has no quotes to swap
    add(brokenJson.map((payload) => ({ kind: 'malformed JSON', expectCode: 'request.invalid', apply: (a) => withBody(a, payload) })))

    const pollution = fc.constantFrom(
      `{"__proto__":{"isAdmin":true},${validJson.slice(1)}`,
      `{"constructor":{"prototype":{"isAdmin":true}},${validJson.slice(1)}`,
      `{"__proto__":null}`,
      `[{"__proto__":{"polluted":1}}]`,
      `{"a":{"b":{"__proto__":{"polluted":1}}}}`,
    )
    add(pollution.map((payload) => ({ kind: 'prototype pollution', expectCode: 'request.invalid', apply: (a) => withBody(a, payload) })))

    const notAnObject = fc.oneof(
      fc.constant('null'),
      fc.oneof(fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }), anyText(), fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 8 }))
        .map((v) => JSON.stringify(v)),
      fc.integer({ min: 100, max: 20_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
      fc.integer({ min: 10_000, max: 300_000 }).map((n) => JSON.stringify('x'.repeat(n))),
      fc.constant(JSON.stringify([validBody])),
    )
    add(notAnObject.map((payload) => ({ kind: 'body not an object', expectCode: 'request.invalid', apply: (a) => withBody(a, payload) })))

    if (body.additionalProperties === false) {
      const unknownKey = fc
        .oneof(
          fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'isAdmin', 'id', 'createdAt', 'roles', 'status', 'staffId', ''),
          anyText(30),
        )
        .filter((key) => !(key in properties))
      add(
        fc.tuple(unknownKey, anyJsonValue).map(([key, value]) => ({
          kind: `unknown field ${JSON.stringify(key)}`, expectCode: 'request.invalid',
          apply: (a) => {
            const extended = { ...validBody }
            Object.defineProperty(extended, key, { value, enumerable: true, writable: true, configurable: true })
            return withBody(a, JSON.stringify(extended))
          },
        })),
      )
    }

    const typedFields = Object.entries(properties).flatMap(([name, schema]) => {
      const allowed = typesOf(schema, deref)
      return allowed ? [{ name, allowed }] : []
    })
    if (typedFields.length > 0) {
      add(
        fc.constantFrom(...typedFields).chain(({ name, allowed }) =>
          anyJsonValue
            .filter((v) => !allowed.has(jsonTypeOf(v)))
            .map((value) => ({
              kind: `wrong type for ${name}`, expectCode: 'request.invalid',
              apply: (a: Attempt) => withBody(a, JSON.stringify({ ...validBody, [name]: value })),
            })),
        ),
      )
    }

    const boundedFields = Object.entries(properties).flatMap(([name, schema]) => {
      const s = deref(schema)
      const branch = s.anyOf?.map(deref).find((b) => b.maxLength !== undefined || b.maxItems !== undefined) ?? s
      if (branch.maxLength !== undefined) return [{ name, tooBig: (n: number) => `${'長'.repeat(branch.maxLength as number)}${'x'.repeat(n)}` as unknown }]
      if (branch.maxItems !== undefined) return [{ name, tooBig: (n: number) => Array.from({ length: (branch.maxItems as number) + Math.min(n, 50) }, () => ({ junk: n })) as unknown }]
      return []
    })
    if (boundedFields.length > 0) {
      add(
        fc.tuple(fc.constantFrom(...boundedFields), fc.integer({ min: 1, max: 50_000 })).map(([{ name, tooBig }, n]) => ({
          // A long enough string also overruns the route's body limit in bytes: 413 is as right as 400.
          kind: `too long ${name}`, expectCode: ['request.invalid', 'request.payload_too_large'],
          apply: (a) => withBody(a, JSON.stringify({ ...validBody, [name]: tooBig(n) })),
        })),
      )
    }

    const required = body.required ?? []
    if (required.length > 0) {
      add(
        fc.constantFrom(...required).map((name) => ({
          kind: `missing ${name}`, expectCode: 'request.invalid',
          apply: (a) => {
            const { [name]: _dropped, ...rest } = validBody
            return withBody(a, JSON.stringify(rest))
          },
        })),
      )
    }
  }

  if (route.method === 'POST' && route.access !== 'public') {
    const badKey = fc.oneof(
      fc.string({ unit: visibleAscii, minLength: 256, maxLength: 400 }),
      fc.constant(''),
      fc.tuple(fc.string({ unit: visibleAscii, maxLength: 40 }), fc.constantFrom('\u0000', '\n', '\r\n', '\t', ' ', '\u007f', 'é', '键', '😀', '\u200b'),
        fc.string({ unit: visibleAscii, maxLength: 40 })).map((parts) => parts.join('')),
    )
    add(badKey.map((key) => ({ kind: 'idempotency key', expectCode: 'idempotency.invalid_key', apply: (a) => withHeader(a, 'idempotency-key', key) })))
  }

  return defects
}

/** Harmless extras on any request: unknown query parameters and headers, unsafe request ids. */
function noiseFor(inputs: RouteInputs): fc.Arbitrary<(a: Attempt) => Attempt> {
  const known = new Set(inputs.query.map((q) => q.name))
  const junkPair = fc.oneof(
    fc.tuple(anyText(20), anyText(40))
      .filter(([k]) => k.length > 0 && !known.has(k))
      .map(([k, v]) => `${encodeSegment(k)}=${encodeSegment(v)}`),
    fc.constantFrom('%zz=%zz', 'a[b]=c', '__proto__=1', 'constructor[prototype][x]=1', '&', '=', 'x=%', 'x'),
  )
  const requestId = fc.oneof(fc.stringMatching(safeRequestId), anyText(100), fc.constant('id\r\nx-injected: 1'))
  return fc
    .record({
      pairs: fc.array(junkPair, { maxLength: 4 }),
      requestId: fc.option(requestId, { nil: undefined }),
      extraHeader: fc.option(fc.string({ unit: visibleAscii, maxLength: 100 }), { nil: undefined }),
    })
    .map(({ pairs, requestId: id, extraHeader }) => (a: Attempt) => ({
      ...a,
      query: [...a.query, ...pairs],
      headers: { ...a.headers, 'x-request-id': id, 'x-junk': extraHeader },
    }))
}

function toInject(route: RouteEntry, a: Attempt): InjectOptions & { url: string } {
  const path = route.url.replace(/:(\w+)/g, (_m, name: string) => a.params[name] ?? fakeId)
  const headers = Object.fromEntries(Object.entries(a.headers).filter((e): e is [string, string] => e[1] !== undefined))
  return {
    method: route.method as InjectOptions['method'],
    url: a.query.length > 0 ? `${path}?${a.query.join('&')}` : path,
    headers,
    ...(a.payload !== undefined ? { payload: a.payload } : {}),
  }
}

function expectProblem(res: LightMyRequestResponse, label: string, expectCode?: string | readonly string[]): void {
  expect(res.headers['content-type'], label).toMatch(/^application\/problem\+json/)
  const problem = JSON.parse(res.body) as Record<string, unknown>
  expect(problem, label).toMatchObject({
    type: expect.any(String), title: expect.any(String), code: expect.any(String), status: res.statusCode, requestId: expect.any(String),
  })
  expect(problem.requestId, label).toBe(res.headers['x-request-id'])
  expect(problem.requestId, label).toMatch(safeRequestId)
  if (typeof expectCode === 'string') expect(problem.code, label).toBe(expectCode)
  else if (expectCode) expect(expectCode, label).toContain(problem.code)
}

async function snapshot(db: Kysely<any>): Promise<Record<string, { rows: number; digest: string }>> {
  const result: Record<string, { rows: number; digest: string }> = {}
  for (const table of guardedTables) {
    const { rows } = await sql<{ rows: number; digest: string }>`
      select count(*)::int as rows, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest
      from ${sql.table(table)} as t`.execute(db)
    result[table] = rows[0] as { rows: number; digest: string }
  }
  return result
}

// ---------------------------------------------------------------------------

let t: TestApp
let routes: RouteInputs[]
let knownIds: string[]

beforeAll(async () => {
  t = await createTestApp()
  const spec = t.app.swagger() as OpenApiDocument
  routes = t.app.routeTable.map((route) => inputsOf(route, spec))
  // Real rows behind the ids, so refused changes aim at data that exists.
  const rm = await t.staffWith(['relationship_manager'])
  const created = await t.call(t.adminToken, {
    method: 'POST', url: '/v1/clients',
    payload: { kind: 'individual', legalName: 'Seed Client', country: 'CN', segment: 'high_net_worth' },
  })
  expect(created.statusCode).toBe(201)
  const clientId = (created.json() as { id: string }).id
  const assigned = await t.call(t.adminToken, {
    method: 'POST', url: `/v1/clients/${clientId}/relationship-manager`, payload: { relationshipManagerId: rm.id, reason: 'seed' },
  })
  expect(assigned.statusCode).toBe(201)
  knownIds = [fakeId, clientId, rm.id, t.adminId]
})
afterAll(async () => {
  await t?.close()
})

describe('bad input on every route of the route table', () => {
  it('reads the inputs of every route from the OpenAPI document', () => {
    const withBodies = routes.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.route.method))
    expect(withBodies.length).toBeGreaterThan(0)
    for (const r of withBodies) expect(r.body, `${r.label} has no JSON body schema`).toBeDefined()
    expect(routes.filter((r) => r.query.some((q) => q.name === 'cursor')).length).toBeGreaterThan(0)
    expect(routes.filter((r) => r.pathParams.length > 0).length).toBeGreaterThan(0)
  })

  it('starts from requests that pass validation: a POST with a bad Idempotency-Key reaches the key check', async () => {
    const posts = routes.filter((r) => r.route.method === 'POST' && r.route.access !== 'public')
    expect(posts.length).toBeGreaterThan(0)
    const before = await snapshot(t.database.db)
    for (const r of posts) {
      const base: Attempt = {
        params: Object.fromEntries(r.pathParams.map((p) => [p, fakeId])),
        query: [],
        headers: { authorization: `Bearer ${t.adminToken}`, ...jsonContentType, 'idempotency-key': 'k'.repeat(300) },
        payload: r.body ? JSON.stringify(sampleOf(r.body, r.deref)) : undefined,
      }
      const res = await t.app.inject(toInject(r.route, base))
      expect(res.statusCode, `${r.label}: ${res.body}`).toBe(400)
      expectProblem(res, r.label, 'idempotency.invalid_key')
    }
    expect(await snapshot(t.database.db)).toEqual(before)
  })

  it('answers every malformed request with a 4xx problem and writes nothing', async () => {
    const guarded = routes.filter((r) => r.route.access !== 'public')
    expect(guarded.length).toBeGreaterThan(0)
    const before = await snapshot(t.database.db)
    let requests = 0
    for (const r of guarded) {
      const defects = defectsFor(r, t.adminToken)
      expect(defects.length, `${r.label} has no defect to try`).toBeGreaterThan(0)
      const base = fc.record({
        params: fc.record(Object.fromEntries(r.pathParams.map((p) => [p, fc.constantFrom(...knownIds)]))),
        headers: fc.constant({ authorization: `Bearer ${t.adminToken}`, ...(r.body ? jsonContentType : {}) }),
        payload: fc.constant(r.body ? JSON.stringify(sampleOf(r.body, r.deref)) : undefined),
        query: fc.constant([] as string[]),
      })
      const attempt = fc.record({
        base,
        defects: fc.oneof(
          { arbitrary: fc.oneof(...defects).map((d) => [d]), weight: 3 },
          { arbitrary: fc.array(fc.oneof(...defects), { minLength: 2, maxLength: 3 }), weight: 1 },
        ),
        noise: noiseFor(r),
      })
      await fc.assert(
        fc.asyncProperty(attempt, async ({ base: start, defects: chosen, noise }) => {
          const request = toInject(r.route, noise(chosen.reduce((a, d) => d.apply(a), start as Attempt)))
          const res = await t.app.inject(request)
          requests += 1
          const label = `${r.label} with ${chosen.map((d) => d.kind).join(' + ')}: ${request.method} ${request.url.slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 300)}`
          expect(res.statusCode, label).toBeGreaterThanOrEqual(400)
          expect(res.statusCode, label).toBeLessThan(500)
          expectProblem(res, label, chosen.length === 1 ? chosen[0]?.expectCode : undefined)
        }),
        { numRuns, seed },
      )
    }
    expect(requests).toBeGreaterThanOrEqual(guarded.length * numRuns)
    expect(await snapshot(t.database.db)).toEqual(before)
  }, 180_000)

  it('never fails on junk sent to a public route, and answers problems when it refuses', async () => {
    const open = routes.filter((r) => r.route.access === 'public')
    expect(open.map((r) => r.route.url)).toEqual(expect.arrayContaining(['/health', '/ready', '/metrics']))
    const before = await snapshot(t.database.db)
    for (const r of open) {
      const junk = fc.record({
        authorization: fc.option(anyText(200), { nil: undefined }),
        contentType: fc.option(fc.constantFrom('text/plain', 'application/xml', 'application/json'), { nil: undefined }),
        payload: fc.option(anyText(200), { nil: undefined }),
        query: fc.array(fc.constantFrom('limit=-1', 'limit=abc', 'cursor=%%%', '__proto__=1', `x=${'y'.repeat(5000)}`, '%zz'), { maxLength: 3 }),
        noise: noiseFor(r),
      })
      await fc.assert(
        fc.asyncProperty(junk, async ({ authorization, contentType, payload, query, noise }) => {
          const attempt = noise({ params: {}, query, headers: { authorization, 'content-type': contentType }, payload })
          const request = toInject(r.route, attempt)
          const res = await t.app.inject(request)
          const label = `${r.label}: ${request.url.slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 200)}`
          expect(res.statusCode, label).toBeLessThan(500)
          if (res.statusCode >= 400) expectProblem(res, label)
        }),
        { numRuns: 15, seed },
      )
    }
    expect(await snapshot(t.database.db)).toEqual(before)
  }, 60_000)

  it('has a write check that notices a write (a valid change moves the snapshot)', async () => {
    const before = await snapshot(t.database.db)
    const clientId = knownIds[1] as string
    const res = await t.call(t.adminToken, { method: 'PATCH', url: `/v1/clients/${clientId}`, payload: { legalName: 'Seed Client Renamed' } })
    expect(res.statusCode).toBe(200)
    const after = await snapshot(t.database.db)
    expect(after['relationship.client']?.rows).toBe(before['relationship.client']?.rows)
    expect(after['relationship.client']?.digest).not.toBe(before['relationship.client']?.digest)
  })
})
