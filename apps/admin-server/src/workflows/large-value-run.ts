import { convertMoney, money, type CurrencyCode, type Money } from '@strongroom/kernel'
import { ComplianceError, type ClientDay, type ReportableTransaction } from '@strongroom/compliance'
import { addDays, parseCalendarDate, startOfBusinessDay } from '@strongroom/ledger'
import type { Services } from '../services.js'

/**
 * The large-value run of a business day: the ledger's movements on client
 * accounts that day, grouped by client with the client's kind (from the
 * relationship domain), handed to compliance's reporting. A transfer between
 * the client's own accounts is marked as such (the `same-client-transfer`
 * exemption lists it, never drops it); cross-border means a counterparty in
 * another country than the bank's.
 */
export function createLargeValueRun(services: Pick<Services, 'ledgerReports' | 'reporting' | 'relationship' | 'fx'>, options: { readonly bankCountry: string; readonly timeZone: string }) {
  const bankWide = { staffId: 'large-value-run', roles: ['admin'] as const }
  return async function runDay(businessDate: string) {
    const [from, to] = dayBounds(businessDate, options.timeZone)
    const movements = await services.ledgerReports.clientMovementsBetween(from, to)
    const byClient = new Map<string, ReportableTransaction[]>()
    for (const m of movements) {
      const list = byClient.get(m.clientId) ?? []
      list.push({
        transferId: m.transferId, postedAt: m.postedAt.toISOString(), direction: m.direction, amount: money(m.amountMinor, m.currency),
        channel: m.channel === 'cash' || m.channel === 'transfer' ? m.channel : 'internal',
        crossBorder: m.counterparty?.country !== undefined && m.counterparty.country !== options.bankCountry,
        counterparty: m.counterparty, metadata: { ...m.metadata, sameClient: String(m.sameClient) },
      })
      byClient.set(m.clientId, list)
    }
    const days: ClientDay[] = []
    for (const [clientId, transactions] of byClient) {
      const client = await services.relationship.getClient(bankWide, clientId)
      days.push({ client: { id: clientId, kind: client.kind }, transactions })
    }
    // Amounts in currencies a pack counts at an equivalent (EUR against PBoC's USD thresholds, say) convert at the
    // rate in force at the end of the day; a run without a rate it needs stops rather than leave a transaction out.
    const rates = new Map<string, string>()
    for (const { from: base, to: quote } of services.reporting.equivalentsNeeded(businessDate, days)) {
      const found = await services.fx.rateFor(base, quote, new Date(to.getTime() - 1)).catch(() => undefined)
      if (!found) throw new ComplianceError('compliance.fx_rate_missing', `no ${base}/${quote} rate for ${businessDate}: load FX rates, then run the day again`, { base, quote, businessDate })
      rates.set(`${base}/${quote}`, found.rate.rate)
    }
    const equivalent = (amount: Money, currency: CurrencyCode) => {
      const rate = rates.get(`${amount.currency}/${currency}`)
      return rate === undefined ? undefined : convertMoney(amount, currency, rate)
    }
    return services.reporting.generate(businessDate, days, equivalent)
  }
}

/** [start, end) of a business date in the bank's time zone, as instants. */
function dayBounds(date: string, timeZone: string): [Date, Date] {
  const day = parseCalendarDate(date)
  return [startOfBusinessDay(day, timeZone), startOfBusinessDay(addDays(day, 1), timeZone)]
}
