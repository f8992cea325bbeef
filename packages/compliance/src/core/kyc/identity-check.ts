import type { Clock, IdGenerator } from '@strongroom/kernel'
import { ComplianceError } from '../compliance-errors.js'

/** How staff confirmed it was the client asking: in person, on a video call, by a call back to the number on file. */
export const identityCheckMethods = ['in-person', 'video', 'call-back', 'biometric'] as const
export type IdentityCheckMethod = (typeof identityCheckMethods)[number]

export interface IdentityCheck {
  readonly id: string
  readonly clientId: string
  readonly method: IdentityCheckMethod
  readonly purpose: string
  readonly verifiedBy: string
  readonly verifiedAt: Date
}

export interface IdentityCheckStore {
  insertIdentityCheck(check: IdentityCheck): Promise<void>
  /** The client's most recent check at or after `since`. */
  latestIdentityCheck(clientId: string, since: Date): Promise<IdentityCheck | undefined>
}

/**
 * A recorded identity verification of the client (method, by whom, when):
 * a large withdrawal executes only with one recent enough (`requireRecent`,
 * `compliance.identity_check_required`).
 */
export function createIdentityChecks(deps: { store: IdentityCheckStore; clock: Clock; ids: IdGenerator; validForHours: number }) {
  return {
    async record(input: { clientId: string; method: IdentityCheckMethod; purpose: string }, by: string): Promise<IdentityCheck> {
      const check: IdentityCheck = { id: deps.ids.next(), ...input, verifiedBy: by, verifiedAt: deps.clock.now() }
      await deps.store.insertIdentityCheck(check)
      return check
    },
    async requireRecent(clientId: string): Promise<IdentityCheck> {
      const since = new Date(deps.clock.now().getTime() - deps.validForHours * 3_600_000)
      const check = await deps.store.latestIdentityCheck(clientId, since)
      if (!check) throw new ComplianceError('compliance.identity_check_required', `a large withdrawal needs the client's identity verified within the last ${deps.validForHours} hours: record how, first`, { clientId })
      return check
    },
  }
}

export type IdentityChecks = ReturnType<typeof createIdentityChecks>
