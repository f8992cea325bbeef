import { reject, type Rejection } from './errors.js'
import type { MultiLegTransferRequest, TransferWithEntries } from './transfer.js'

export interface ReversalOptions {
  readonly reference?: string | undefined
  readonly metadata?: Readonly<Record<string, string>> | undefined
}

export type ReversalDecision =
  | { readonly kind: 'reverse'; readonly reversalOf: string; readonly request: MultiLegTransferRequest }
  | Rejection

/**
 * Entries are never changed or deleted; a transfer is undone by posting its
 * mirror — every entry again, on the other side, in the same order — as a new
 * transfer linked to the original. The mirror then passes `decideTransfer`
 * like any other transfer: if the money has since been spent, or an account
 * has been frozen or closed, the reversal is refused rather than forced
 * through.
 *
 * A transfer is reversed at most once (the store enforces it under a unique
 * constraint too), and a reversal itself is not reversed: re-posting the
 * original intent is a new transfer with its own approval trail.
 */
export function decideReversal(original: TransferWithEntries, alreadyReversed: boolean, options: ReversalOptions = {}): ReversalDecision {
  const { transfer, entries } = original
  if (alreadyReversed) return reject('ledger.already_reversed', `transfer ${transfer.id} has already been reversed`)
  if (transfer.kind === 'reversal') {
    return reject('ledger.not_reversible', `transfer ${transfer.id} is itself a reversal; post a new transfer instead`)
  }
  return {
    kind: 'reverse',
    reversalOf: transfer.id,
    request: {
      entries: entries.map((entry) => ({
        accountId: entry.accountId,
        direction: entry.direction === 'debit' ? 'credit' : 'debit',
        amount: entry.amount,
      })),
      channel: transfer.channel,
      reference: options.reference ?? `reversal of ${transfer.id}`,
      counterparty: transfer.counterparty ?? undefined,
      metadata: { ...options.metadata, reversalOf: transfer.id },
    },
  }
}
