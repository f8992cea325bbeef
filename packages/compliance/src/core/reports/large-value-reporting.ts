import type { Clock, CurrencyCode, IdGenerator, Money, Page, PageRequest } from '@strongroom/kernel'
import { formatMoney } from '@strongroom/kernel'
import { ComplianceError } from '../compliance-errors.js'
import { currenciesNeedingEquivalent, detectLargeValue, type ClientKind, type Exemption, type ReportableTransaction } from './large-value.js'
import { decideReportTransition, draftLargeValueReport, type LargeValueReport, type ReportAction, type ReportStatus } from './report-lifecycle.js'
import { packInForce, type RulePack } from './rule-pack.js'
import { filingDeadline } from './working-days.js'

export interface ReportFilter {
  readonly status?: ReportStatus | undefined
  readonly clientId?: string | undefined
  readonly businessDate?: string | undefined
}

export interface ReportStore {
  /** Stores the report unless one exists for its pack, client and day; answers the stored one. */
  insertReportIfAbsent(report: LargeValueReport): Promise<{ report: LargeValueReport; created: boolean }>
  findReport(id: string): Promise<LargeValueReport | undefined>
  /** Writes the report if its status is still `expectedStatus`; false otherwise. */
  updateReport(report: LargeValueReport, expectedStatus: ReportStatus): Promise<boolean>
  listReports(filter: ReportFilter, page: PageRequest): Promise<Page<LargeValueReport>>
}

export interface ClientDay {
  readonly client: { readonly id: string; readonly kind: ClientKind }
  readonly transactions: readonly ReportableTransaction[]
}

export interface LargeValueReportingDeps {
  readonly store: ReportStore
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly packs: readonly RulePack[]
  /** The packs of the bank's jurisdictions, by id. */
  readonly enabledPacks: readonly string[]
  readonly exemptions: readonly Exemption[]
  /** Public holidays (YYYY-MM-DD) for filing deadlines in working days. */
  readonly holidays: readonly string[]
}

/**
 * Large-value reports generated from a day's movements: for each enabled pack
 * in force that day and each client, the reportable findings become one draft
 * report (per pack, client and day — generating the day again finds it), due
 * by the pack's deadline; then a named person reviews it and another files it
 * with the regulator's reference, or it is dismissed with a reason.
 */
export function createLargeValueReporting(deps: LargeValueReportingDeps) {
  const { store, clock, ids } = deps
  for (const id of deps.enabledPacks) {
    if (!deps.packs.some((p) => p.id === id)) throw new ComplianceError('compliance.invalid_policy', `unknown rule pack ${id} (known: ${[...new Set(deps.packs.map((p) => p.id))].join(', ')})`)
  }

  async function getReport(id: string): Promise<LargeValueReport> {
    const report = await store.findReport(id)
    if (!report) throw new ComplianceError('compliance.report_not_found', `no report ${id}`)
    return report
  }

  return {
    /** The conversions the enabled packs in force on the day need for these movements: fetch their rates before `generate`. */
    equivalentsNeeded(businessDate: string, days: readonly ClientDay[]): { from: CurrencyCode; to: CurrencyCode }[] {
      const all = days.flatMap((d) => d.transactions)
      const pairs = deps.enabledPacks.flatMap((id) => {
        const pack = packInForce(deps.packs, id, businessDate)
        return pack ? currenciesNeedingEquivalent(pack, all) : []
      })
      return [...new Map(pairs.map((p) => [`${p.from}/${p.to}`, p])).values()]
    },

    /** `equivalent`: amounts in currencies a pack counts at an equivalent (see `equivalentsNeeded`). */
    async generate(businessDate: string, days: readonly ClientDay[], equivalent?: (amount: Money, currency: CurrencyCode) => Money | undefined): Promise<{ drafted: LargeValueReport[]; existing: LargeValueReport[] }> {
      const drafted: LargeValueReport[] = []
      const existing: LargeValueReport[] = []
      for (const packId of deps.enabledPacks) {
        const pack = packInForce(deps.packs, packId, businessDate)
        if (!pack) continue
        for (const day of days) {
          const findings = detectLargeValue({ pack, businessDate, client: day.client, transactions: [...day.transactions], exemptions: [...deps.exemptions], equivalent })
            .filter((f) => f.reportable)
          if (findings.length === 0) continue
          const report = draftLargeValueReport({
            id: ids.next(), findings, deadline: filingDeadline(pack, businessDate, deps.holidays), by: 'large-value-run', byKind: 'system', at: clock.now().toISOString(),
          })
          const stored = await store.insertReportIfAbsent(report)
          ;(stored.created ? drafted : existing).push(stored.report)
        }
      }
      return { drafted, existing }
    },

    getReport,
    listReports: (filter: ReportFilter, page: PageRequest) => store.listReports(filter, page),

    async transition(id: string, action: Omit<ReportAction, 'at'>): Promise<LargeValueReport> {
      const report = await getReport(id)
      const outcome = decideReportTransition(report, { ...action, at: clock.now().toISOString() })
      if (outcome.kind === 'refused') throw new ComplianceError(`compliance.report_${outcome.code}`, outcome.detail, { reportId: id })
      if (!(await store.updateReport(outcome.report, report.status))) throw new ComplianceError('compliance.report_invalid_transition', 'the report changed meanwhile: read it again')
      return outcome.report
    },

    /** The report as a structured file: JSON, or CSV with one line per transaction. */
    async exportReport(id: string, format: 'json' | 'csv'): Promise<{ contentType: string; body: string }> {
      const report = await getReport(id)
      if (format === 'json') return { contentType: 'application/json', body: JSON.stringify(reportDocument(report), null, 2) }
      const lines = [['report_id', 'pack', 'rule', 'client_id', 'business_date', 'direction', 'basis', 'transfer_id', 'amount', 'currency', 'exempted'].join(',')]
      for (const f of report.findings) {
        for (const t of f.transactions) {
          lines.push([report.id, `${report.packId}@${report.packVersion}`, f.ruleId, report.clientId, report.businessDate, f.direction, f.basis, t.transferId,
            formatMoney(t.amount), t.amount.currency, String(t.exempted)].map(csvCell).join(','))
        }
      }
      return { contentType: 'text/csv; charset=utf-8', body: `${lines.join('\r\n')}\r\n` }
    },
  }
}

/** A cell that no spreadsheet reads as a formula. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/** The report as a plain JSON document: amounts as decimal strings. */
export function reportDocument(report: LargeValueReport): Record<string, unknown> {
  return JSON.parse(JSON.stringify(report, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Record<string, unknown>
}

export type LargeValueReporting = ReturnType<typeof createLargeValueReporting>
