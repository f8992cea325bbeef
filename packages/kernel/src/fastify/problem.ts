import { z } from 'zod'

/** How a stable error code is answered over HTTP. */
export interface ProblemSpec {
  readonly status: number
  readonly title: string
  /**
   * Keys of the error's details that the client may see, sent as RFC 9457
   * extension members (the rule ids behind a refusal). Other details stay in
   * the log: they may hold what a caller must not learn.
   */
  readonly expose?: readonly string[]
}

/** RFC 9457 problem details, with Strongroom's stable `code` and the request id. */
export const problemSchema = z
  .object({
    type: z.string().describe('A URI reference naming the problem type'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string().describe('Stable, namespaced error code, e.g. `ledger.insufficient_funds`'),
    requestId: z.string(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('The failing fields of a request that did not validate'),
    ruleIds: z.array(z.string()).optional().describe('The monitoring rules that refused the transfer (`risk.blocked`)'),
  })
  .meta({ id: 'Problem' })
export type Problem = z.infer<typeof problemSchema>

const statusDescriptions: Readonly<Record<number, string>> = {
  400: 'The request is malformed or fails validation',
  401: 'No valid bearer token',
  403: 'The role of the caller does not allow this',
  404: 'No such resource (or not visible to the caller)',
  409: 'Conflicts with the current state or an earlier idempotent request',
  413: 'Request body too large',
  415: 'Unsupported media type',
  422: 'Well-formed, but a business rule refuses it',
  429: 'Rate limit exceeded',
  503: 'Temporarily unavailable',
}

export interface ProblemResponse {
  readonly description: string
  readonly content: { readonly 'application/problem+json': { readonly schema: typeof problemSchema } }
}

/** The problem responses a route can give, for its OpenAPI description (served as `application/problem+json`). */
export function problemResponses<const S extends readonly number[]>(...statuses: S): Record<S[number], ProblemResponse> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: statusDescriptions[status] ?? 'Problem details',
        content: { 'application/problem+json': { schema: problemSchema } },
      },
    ]),
  ) as Record<S[number], ProblemResponse>
}
