import { z } from 'zod'

/** How a stable error code is answered over HTTP. */
export interface ProblemSpec {
  readonly status: number
  readonly title: string
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
  })
  .meta({ id: 'Problem' })
export type Problem = z.infer<typeof problemSchema>

/** The problem responses a route can give, for its OpenAPI description. */
export function problemResponses<const S extends readonly number[]>(...statuses: S): Record<S[number], typeof problemSchema> {
  return Object.fromEntries(statuses.map((status) => [status, problemSchema])) as Record<S[number], typeof problemSchema>
}
