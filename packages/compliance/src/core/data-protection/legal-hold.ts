/**
 * A legal hold: litigation, an investigation or a regulator's order freezes
 * everything held about a client. While it stands nothing about them is
 * erased or purged, whatever retention would otherwise allow.
 */
export interface LegalHold {
  readonly id: string
  readonly clientId: string
  /** The matter: a court file, an investigation or an order number. */
  readonly reference: string
  readonly reason: string
  readonly placedBy: string
  readonly placedAt: string
  readonly releasedBy: string | null
  readonly releasedAt: string | null
  readonly releaseNote: string | null
}

export function isHoldActive(hold: LegalHold): boolean {
  return hold.releasedAt === null
}
