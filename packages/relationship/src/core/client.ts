import type { ClientStatus } from './client-lifecycle.js'

/** A client of the bank: a person or an institution, with the book it sits in. */
export const clientKinds = ['individual', 'institution'] as const
export type ClientKind = (typeof clientKinds)[number]

export const clientSegments = [
  'mass_affluent',
  'high_net_worth',
  'ultra_high_net_worth',
  'corporate',
  'institutional',
] as const
export type ClientSegment = (typeof clientSegments)[number]

export const contactPointKinds = ['email', 'phone', 'mobile', 'address', 'wechat', 'other'] as const
export type ContactPointKind = (typeof contactPointKinds)[number]

export interface ContactPoint {
  readonly kind: ContactPointKind
  readonly value: string
  readonly label?: string | undefined
  readonly preferred?: boolean | undefined
}

export interface Client {
  readonly id: string
  readonly kind: ClientKind
  /** The name on the identity document, in Latin script. */
  readonly legalName: string
  /** The same name in its native script (e.g. 王小明), where given. */
  readonly nativeName: string | null
  /** Date of birth (individual) or of registration (institution), `YYYY-MM-DD`. */
  readonly birthOrRegistrationDate: string | null
  /** ISO 3166-1 alpha-2: nationality (individual) or jurisdiction of incorporation (institution). */
  readonly country: string
  readonly segment: ClientSegment
  readonly status: ClientStatus
  readonly contactPoints: readonly ContactPoint[]
  readonly relationshipManagerId: string | null
  readonly createdAt: Date
  readonly updatedAt: Date
}

export interface NewClient {
  readonly kind: ClientKind
  readonly legalName: string
  readonly nativeName?: string | null | undefined
  readonly birthOrRegistrationDate?: string | null | undefined
  readonly country: string
  readonly segment: ClientSegment
  readonly contactPoints?: readonly ContactPoint[] | undefined
  /** The primary relationship manager from day one, if already chosen. */
  readonly relationshipManagerId?: string | null | undefined
}

export interface ClientChanges {
  readonly legalName?: string | undefined
  readonly nativeName?: string | null | undefined
  readonly birthOrRegistrationDate?: string | null | undefined
  readonly country?: string | undefined
  readonly segment?: ClientSegment | undefined
  readonly contactPoints?: readonly ContactPoint[] | undefined
  readonly status?: ClientStatus | undefined
  /** Why the status changes; kept in the status history. */
  readonly statusReason?: string | undefined
}
