import { sql, type Kysely } from 'kysely'
import { formatMoney, money, type CurrencyCode } from '@strongroom/kernel'
import type { LedgerTables } from './tables.js'

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
