import fp from 'fastify-plugin'
import { hasAnyRole, type RouteAccess, type StaffRole } from '@strongroom/kernel'
import { hashToken } from '../platform/api-tokens.js'
import type { TrustedTokens } from './trusted-tokens.js'
import type { RelationshipService } from '@strongroom/relationship'
import type { ApiTokens } from '../platform/api-tokens.js'
import { sendProblem } from './problem-details.js'

/** One row of the route table: what the RBAC tests are generated from. */
export interface RouteEntry {
  readonly method: string
  readonly url: string
  readonly access: RouteAccess
  readonly operationId: string | undefined
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered after the auth plugin, with who may call it. */
    routeTable: RouteEntry[]
  }
}

export interface AuthOptions {
  readonly tokens: ApiTokens
  readonly relationship: RelationshipService
  /** Recently verified tokens (see trusted-tokens.ts); cleared on any staff change through this instance. */
  readonly trusted: TrustedTokens
}


const readMethods = new Set(['GET', 'HEAD', 'OPTIONS'])
export const isMutation = (method: string) => !readMethods.has(method.toUpperCase())

/** Reads the bearer token of a request; undefined when there is none. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]{16,512})$/i.exec(authorization ?? '')
  return match?.[1]
}

/**
 * Authentication and role checks for every route registered after it.
 *
 * Secure by default: a route that does not declare who may call it fails at
 * start-up, and so does a mutation that lists the read-only `auditor` role.
 */
export const authPlugin = fp<AuthOptions>(
  async (app, { tokens, relationship, trusted }) => {
    async function actorFor(token: string): Promise<{ staffId: string; roles: readonly StaffRole[] } | undefined> {
      const hash = hashToken(token)
      const hit = trusted.get(hash)
      if (hit) return hit
      const owner = await tokens.authenticate(token)
      const staff = owner ? await relationship.findStaffMember(owner.staffId) : undefined
      if (!owner || !staff || staff.status !== 'active') return undefined
      trusted.remember(hash, staff.id, staff.roles, owner.expiresAt)
      return { staffId: staff.id, roles: staff.roles }
    }

    // Who may do what changes only through the staff routes: any change there forgets every trusted token.
    app.addHook('onResponse', async (request) => {
      if (isMutation(request.method) && request.routeOptions.url?.startsWith('/v1/staff')) trusted.clear()
    })

    const routeTable: RouteEntry[] = []
    app.decorate('routeTable', routeTable)
    app.addHook('onRoute', (route) => {
      const access = route.config?.access
      if (access === undefined) throw new Error(`route ${String(route.method)} ${route.url} does not declare config.access`)
      const methods = Array.isArray(route.method) ? route.method : [route.method]
      for (const method of methods) {
        if (method === 'HEAD') continue
        routeTable.push({ method, url: route.url, access, operationId: route.schema?.operationId as string | undefined })
      }
      if (Array.isArray(access) && methods.some(isMutation) && access.includes('auditor')) {
        throw new Error(`route ${String(route.method)} ${route.url} lets the read-only auditor role mutate`)
      }
    })

    app.addHook('onRequest', async (request, reply) => {
      const access: RouteAccess | undefined = request.routeOptions.config?.access
      // Unknown routes (404) and public routes need no token.
      if (access === undefined || access === 'public') return
      const token = bearerToken(request.headers.authorization)
      const staff = token ? await actorFor(token) : undefined
      if (!staff) {
        reply.header('www-authenticate', 'Bearer realm="strongroom"')
        return sendProblem(reply, request, 'auth.unauthenticated', {
          detail: token ? 'the token is unknown, expired or revoked' : 'send Authorization: Bearer <token>',
        })
      }
      request.actor = { staffId: staff.staffId, roles: staff.roles }
      if (access === 'authenticated') return
      // The auditor reads everything and changes nothing, whatever else a route allows.
      const readOnly = staff.roles.every((role) => role === 'auditor')
      if ((readOnly && isMutation(request.method)) || !hasAnyRole(request.actor, access)) {
        return sendProblem(reply, request, 'auth.forbidden', {
          detail: `${request.routeOptions.schema?.operationId ?? 'this action'} needs one of: ${access.join(', ')}`,
        })
      }
    })
  },
  { name: 'auth', dependencies: ['problem-details'] },
)
