import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod'

export const apiInfo = {
  title: 'Strongroom admin API',
  version: '0.1.0',
  description:
    'Administration API of Strongroom, a platform for banks that look after the deposits of high-value clients. ' +
    'Authenticate with `Authorization: Bearer <token>`. Errors are RFC 9457 problem details with a stable `code`. ' +
    'Amounts are decimal strings in major units. Every mutating POST accepts an `Idempotency-Key` header.',
}

/** The OpenAPI document, generated from the route schemas, and the interactive docs at /docs. */
export const openApiPlugin = fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: apiInfo,
        components: {
          securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'A Strongroom API token (srt_…)' } },
        },
        security: [{ bearerAuth: [] }],
        tags: [
          { name: 'relationship', description: 'Clients and their relationship managers' },
          { name: 'staff', description: 'Staff directory and API tokens' },
          { name: 'audit', description: 'The append-only audit log' },
          { name: 'ledger', description: 'Accounts, transfers, holds, statements and the tamper-evident journal' },
          { name: 'fx', description: 'Exchange rates and currency conversions' },
          { name: 'operations', description: 'Health and readiness' },
        ],
      },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
    })
    await app.register(swaggerUi, { routePrefix: '/docs' })
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  },
  { name: 'openapi' },
)
