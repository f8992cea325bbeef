import { sql, type Kysely } from 'kysely'
import { formatMoney, money, type CurrencyCode } from '@strongroom/kernel'
import type { LedgerTables } from './tables.js'

/** One leg on a client account in a period: what regulatory reporting reads. */
export interface ClientMovement {
  readonly clientId: string
  readonly accountId: string
  readonly transferId: string
  readonly postedAt: Date
  /** From the client's side: money in, or money out. */
  readonly direction: 'in' | 'out'
  readonly amountMinor: bigint
  readonly currency: CurrencyCode
  readonly channel: string
  readonly counterparty: { readonly name?: string; readonly account?: string; readonly country?: string } | null
  readonly metadata: Readonly<Record<string, string>>
  /** Every client account leg of the transfer belongs to this client (a move between their own accounts). */
  readonly sameClient: boolean
}

export interface TrialBalanceRow {
  readonly currency: string
  readonly debits: string
  readonly credits: string
  readonly balanced: boolean
}

/**
 * Bank-wide reports over the ledger's counters. The counters are kept in the
 * same transaction as the entries, so their totals are the entries' totals
 * without reading every entry (a test checks the two agree).
 */
export function createLedgerReports(db: Kysely<LedgerTables>) {
  return {
    /** Every leg on a client account posted in [from, to), by client, oldest first. */
    async clientMovementsBetween(from: Date, to: Date): Promise<ClientMovement[]> {
      const { rows } = await sql<Record<string, any>>`
        select a.client_id, e.account_id, e.transfer_id, e.posted_at, e.direction, e.amount_minor, e.currency, a.normal_balance,
               t.channel, t.counterparty, t.metadata,
               -- Same client: no leg of the transfer is on an account of anyone else (a bank account counts as someone else).
               not exists (select 1 from ledger.entry o join ledger.account oa on oa.id = o.account_id
                           where o.transfer_id = e.transfer_id and oa.client_id is distinct from a.client_id) as same_client
        from ledger.entry e
        join ledger.account a on a.id = e.account_id and a.kind = 'client'
        join ledger.transfer t on t.id = e.transfer_id
        where e.posted_at >= ${from} and e.posted_at < ${to}
        order by a.client_id, e.posted_at, e.id`.execute(db)
      return rows.map((r) => ({
        clientId: r.client_id, accountId: r.account_id, transferId: r.transfer_id, postedAt: new Date(r.posted_at),
        direction: (r.normal_balance === 'credit') === (r.direction === 'credit') ? 'in' : 'out',
        amountMinor: BigInt(r.amount_minor), currency: r.currency as CurrencyCode, channel: r.channel,
        counterparty: typeof r.counterparty === 'string' ? JSON.parse(r.counterparty) : r.counterparty ?? null,
        metadata: typeof r.metadata === 'string' ? JSON.parse(r.metadata) : r.metadata ?? {},
        sameClient: Boolean(r.same_client),
      }))
    },

    async trialBalance(): Promise<TrialBalanceRow[]> {
      const { rows } = await sql<{ currency: string; debits: bigint; credits: bigint }>`
        with counters as (
          select a.currency, a.posted_debits_minor as d, a.posted_credits_minor as c from ledger.account a
          union all
          select a.currency, s.posted_debits_minor, s.posted_credits_minor
          from ledger.account_shard s join ledger.account a on a.id = s.account_id)
        select currency, coalesce(sum(d), 0)::int8 as debits, coalesce(sum(c), 0)::int8 as credits
        from counters group by currency order by currency`.execute(db)
      return rows.map((r) => {
        const currency = r.currency as CurrencyCode
        return {
          currency,
          debits: formatMoney(money(BigInt(r.debits), currency)),
          credits: formatMoney(money(BigInt(r.credits), currency)),
          balanced: BigInt(r.debits) === BigInt(r.credits),
        }
      })
    },
  }
}

export type LedgerReports = ReturnType<typeof createLedgerReports>
