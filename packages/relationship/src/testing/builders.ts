import type { Actor, StaffRole } from '@strongroom/kernel'
import type { NewClient, NewStaffMember } from '../core/index.js'

let counter = 0
const nextNumber = () => ++counter

/** A valid new individual client; override what the test is about. */
export function aNewClient(overrides: Partial<NewClient> = {}): NewClient {
  const n = nextNumber()
  return {
    kind: 'individual',
    legalName: `Test Client ${n}`,
    nativeName: '测试客户',
    birthOrRegistrationDate: '1970-01-01',
    country: 'CN',
    segment: 'high_net_worth',
    contactPoints: [{ kind: 'email', value: `client${n}@example.com` }],
    ...overrides,
  }
}

export function aNewStaffMember(roles: readonly StaffRole[], overrides: Partial<NewStaffMember> = {}): NewStaffMember {
  const n = nextNumber()
  return { email: `staff${n}@bank.example`, displayName: `Staff ${n}`, roles, ...overrides }
}

export function anActor(staffId: string, roles: readonly StaffRole[]): Actor {
  return { staffId, roles }
}
