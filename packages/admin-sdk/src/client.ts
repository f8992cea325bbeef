import createFetchClient, { type Client, type Middleware } from 'openapi-fetch'
import type { components, paths } from './schema.js'

export type Problem = components['schemas']['Problem']

/** A problem+json answer from the API, thrown by `unwrap`, with the stable `code` to branch on. */
export class StrongroomApiError extends Error {
  override readonly name = 'StrongroomApiError'
  readonly status: number
  readonly code: string
  readonly problem: Problem

  constructor(problem: Problem) {
    super(`${problem.status} ${problem.code}: ${problem.detail ?? problem.title}`)
    this.status = problem.status
    this.code = problem.code
    this.problem = problem
  }
}

export interface StrongroomClientOptions {
  /** Where the server is, e.g. `https://strongroom.bank.internal` (no `/v1`). */
  readonly baseUrl: string
  /** A staff API token (`srt_…`). */
  readonly token: string
  /** A fetch implementation; the global one by default. */
  readonly fetch?: typeof globalThis.fetch
  /** Extra headers on every request. */
  readonly headers?: Record<string, string>
}

export type StrongroomClient = Client<paths>

/**
 * A typed client: every path, parameter, body and response comes from the
 * server's OpenAPI document. Calls return `{ data, error, response }`, where
 * `error` is the typed problem document; `unwrap` turns it into a throw.
 */
export function createStrongroomClient(options: StrongroomClientOptions): StrongroomClient {
  const client = createFetchClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { ...options.headers, authorization: `Bearer ${options.token}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })
  return client
}

/** The data of a successful call, or a `StrongroomApiError` for a problem answer. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call
  if (error !== undefined || !response.ok) {
    if (isProblem(error)) throw new StrongroomApiError(error)
    throw new StrongroomApiError({
      type: 'about:blank', title: response.statusText || 'Request failed', status: response.status,
      code: 'client.unexpected_response', requestId: response.headers.get('x-request-id') ?? '',
    })
  }
  return data as T
}

export function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'code' in value && 'status' in value && 'title' in value
}

/** Adds a fresh `Idempotency-Key` to every POST that does not carry one, so retries are safe. */
export function idempotencyKeys(newKey: () => string = () => globalThis.crypto.randomUUID()): Middleware {
  return {
    onRequest({ request }) {
      if (request.method === 'POST' && !request.headers.has('idempotency-key')) request.headers.set('idempotency-key', newKey())
      return request
    },
  }
}
