import type { Money } from '@strongroom/kernel'
import { isMultiLeg, type Counterparty, type TransferRequest } from './transfer.js'

/**
 * The identity of a transfer request for idempotency: the same key with the
 * same fingerprint replays, with another fingerprint conflicts.
 *
 * It is the request's canonical text, not a digest of it, so two requests
 * share a fingerprint exactly when they mean the same thing — no hash port
 * needed, no collision to reason about. Canonical means: metadata and
 * counterparty keys sorted, absent and `undefined` fields alike, amounts as
 * minor units and currency. Leg order is kept: it is the order of the entries.
 */
export function transferFingerprint(request: TransferRequest): string {
  const details = {
    reference: request.reference,
    channel: request.channel,
    counterparty: request.counterparty === undefined ? undefined : counterpartyFields(request.counterparty),
    metadata: request.metadata,
  }
  // Fields are picked by name, so whatever else rides along on the objects
  // (a parsed HTTP body, a Money with extra properties) cannot change it.
  const body = isMultiLeg(request)
    ? {
        form: 'multi',
        entries: request.entries.map((leg) => ({ accountId: leg.accountId, direction: leg.direction, amount: moneyFields(leg.amount) })),
        ...details,
      }
    : {
        form: 'simple',
        debitAccountId: request.debitAccountId,
        creditAccountId: request.creditAccountId,
        amount: moneyFields(request.amount),
        ...details,
      }
  return `transfer/v1 ${canonicalJson(body)}`
}

function moneyFields(amount: Money) {
  return { amountMinor: amount.amountMinor, currency: amount.currency }
}

function counterpartyFields(counterparty: Counterparty) {
  return { name: counterparty.name, account: counterparty.account, bank: counterparty.bank, country: counterparty.country }
}

function canonicalJson(value: unknown): string {
  if (typeof value === 'bigint') return JSON.stringify(value.toString())
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>
    const fields = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`)
    return `{${fields.join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
