import { convertMoney, money, type CurrencyCode, type Money } from '@strongroom/kernel'
import { ComplianceError, type ClientDay, type ReportableTransaction } from '@strongroom/compliance'
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

/** [start, end) of a calendar day in a time zone, as instants. */
function dayBounds(date: string, timeZone: string): [Date, Date] {
  const start = zonedMidnight(date, timeZone)
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
  return [start, zonedMidnight(next, timeZone)]
}

function zonedMidnight(date: string, timeZone: string): Date {
  const utc = Date.parse(`${date}T00:00:00Z`)
  if (timeZone === 'UTC') return new Date(utc)
  // The zone's offset at that moment: the wall-clock reading of the UTC instant, minus the instant.
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(utc))
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value)
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return new Date(utc - (wall - utc))
}
