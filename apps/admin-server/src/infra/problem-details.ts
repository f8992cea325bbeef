import fp from 'fastify-plugin'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { isDomainError } from '@strongroom/kernel'
import type { Problem, ProblemSpec } from '@strongroom/kernel/fastify'
import { problemTable } from '../problems.js'

export const problemContentType = 'application/problem+json; charset=utf-8'

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  code: string,
  extra: { detail?: string; errors?: Problem['errors']; spec?: ProblemSpec; extensions?: Record<string, unknown> } = {},
): FastifyReply {
  const spec = extra.spec ?? problemTable[code] ?? { status: 500, title: 'Internal error' }
  const problem: Problem = {
    type: `urn:strongroom:problem:${code}`,
    title: spec.title,
    status: spec.status,
    code,
    requestId: String(request.id),
    instance: request.url.split('?')[0],
    ...(extra.detail ? { detail: extra.detail } : {}),
    ...(extra.errors ? { errors: extra.errors } : {}),
    ...extra.extensions,
  }
  // Serialised by hand so a response schema for 2xx never applies to a problem.
  return reply.code(spec.status).type(problemContentType).serializer((p: unknown) => JSON.stringify(p)).send(problem)
}

function validationErrors(error: FastifyError): Problem['errors'] {
  return (error.validation ?? []).map((issue) => {
    const raw = issue as unknown as { instancePath?: string; message?: string; params?: { issue?: { path?: PropertyKey[] } } }
    const path = raw.params?.issue?.path?.map(String).join('.') || raw.instancePath?.replace(/^\//, '').replace(/\//g, '.') || ''
    const context = error.validationContext ?? 'body'
    return { path: path ? `${context}.${path}` : context, message: raw.message ?? 'invalid' }
  })
}

const fastifyCodes: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'request.unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'request.payload_too_large',
}

/** An error without a domain code: its own 4xx status with the reason, or a masked 500. */
function sendByStatus(reply: FastifyReply, request: FastifyRequest, error: FastifyError): FastifyReply {
  const status = error.statusCode ?? 500
  if (status >= 400 && status < 500) {
    const code = (error.code && fastifyCodes[error.code]) ?? 'request.invalid'
    const spec = { ...(problemTable[code] ?? { title: 'The request is not valid' }), status }
    return sendProblem(reply, request, code, { detail: error.message, spec })
  }
  request.log.error({ err: error }, 'unhandled error')
  return sendProblem(reply, request, 'internal.error', { detail: `see the server log for request ${String(request.id)}` })
}

/**
 * Fastify's `frameworkErrors` option: errors raised before a request reaches
 * the router (a URL that does not decode, a path parameter over the length
 * limit) leave as the same problem details, with the request id header the
 * onRequest hook never got to set.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-request-id', String(request.id))
  sendByStatus(reply, request, error)
}

/**
 * Every error leaves as RFC 9457 problem details with a stable code and the
 * request id. Client mistakes are 4xx with the reason; anything unexpected is
 * a masked 500 whose details stay in the log.
 */
export const problemDetailsPlugin = fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (hasZodFastifySchemaValidationErrors(error)) {
        return sendProblem(reply, request, 'request.invalid', {
          detail: `the ${error.validationContext ?? 'request'} does not match the schema`,
          errors: validationErrors(error),
        })
      }
      if (isDomainError(error)) {
        const spec = problemTable[error.code]
        if (spec) {
          const details = (error.details ?? {}) as Record<string, unknown>
          const extensions = Object.fromEntries((spec.expose ?? []).filter((key) => key in details).map((key) => [key, details[key]]))
          return sendProblem(reply, request, error.code, { detail: error.message, extensions })
        }
        request.log.error({ err: error }, 'domain error without an HTTP mapping')
        return sendProblem(reply, request, 'internal.error')
      }
      if (error.statusCode === 429) return sendProblem(reply, request, 'request.rate_limited', { detail: error.message })
      return sendByStatus(reply, request, error)
    })

    app.setNotFoundHandler((request, reply) =>
      sendProblem(reply, request, 'request.not_found', { detail: `no route ${request.method} ${request.url.split('?')[0]}` }),
    )
  },
  { name: 'problem-details' },
)
