import type { Clock, IdGenerator, Page, PageRequest } from '@strongroom/kernel'
import { ComplianceError } from '../compliance-errors.js'
import { decideReportTransition, type ReportAction, type ReportState, type ReportStatus } from './report-lifecycle.js'
import { addWorkingDays } from './working-days.js'

/**
 * A suspicious transaction report: opened from a risk case or by hand, with
 * the narrative and the transfers behind it, due within N working days. Filing
 * it and deciding *not* to report (a dismissal, with its reasons) are both
 * recorded, each by a named person. It never reaches the client: not in an
 * export, not in a notification (tipping off is an offence).
 */
export interface SuspiciousReport extends ReportState {
  readonly id: string
  readonly clientId: string
  readonly source: 'manual' | 'risk-case'
  readonly caseRef: string | null
  readonly narrative: string
  readonly transferIds: readonly string[]
  readonly deadline: string
}

export interface SuspiciousReportStore {
  insertSuspicious(report: SuspiciousReport): Promise<void>
  findSuspicious(id: string): Promise<SuspiciousReport | undefined>
  updateSuspicious(report: SuspiciousReport, expectedStatus: ReportStatus): Promise<boolean>
  listSuspicious(filter: { readonly status?: ReportStatus | undefined; readonly clientId?: string | undefined }, page: PageRequest): Promise<Page<SuspiciousReport>>
}

export interface SuspiciousReportingDeps {
  readonly store: SuspiciousReportStore
  readonly clock: Clock
  readonly ids: IdGenerator
  /** Working days from opening to the filing deadline (China: 5, verify). */
  readonly workingDaysToFile: number
  readonly holidays: readonly string[]
  /** The business date now, `YYYY-MM-DD`. */
  readonly today: () => string
}

export function createSuspiciousReporting(deps: SuspiciousReportingDeps) {
  const { store, clock, ids } = deps

  async function get(id: string): Promise<SuspiciousReport> {
    const report = await store.findSuspicious(id)
    if (!report) throw new ComplianceError('compliance.report_not_found', `no suspicious report ${id}`)
    return report
  }

  return {
    async open(input: { clientId: string; narrative: string; transferIds: readonly string[]; source: 'manual' | 'risk-case'; caseRef: string | null }, by: string): Promise<SuspiciousReport> {
      const report: SuspiciousReport = {
        id: ids.next(), ...input, status: 'draft', drafted: { by, byKind: 'person', at: clock.now().toISOString() },
        deadline: addWorkingDays(deps.today(), deps.workingDaysToFile, deps.holidays),
      }
      await store.insertSuspicious(report)
      return report
    },
    get,
    list: (filter: { status?: ReportStatus | undefined; clientId?: string | undefined }, page: PageRequest) => store.listSuspicious(filter, page),
    /** Review, file, or dismiss — a dismissal is the recorded decision not to report, and needs its reasons. */
    async transition(id: string, action: Omit<ReportAction, 'at'>): Promise<SuspiciousReport> {
      const report = await get(id)
      const outcome = decideReportTransition(report, { ...action, at: clock.now().toISOString() })
      if (outcome.kind === 'refused') throw new ComplianceError(`compliance.report_${outcome.code}`, outcome.detail, { reportId: id })
      if (!(await store.updateSuspicious(outcome.report, report.status))) throw new ComplianceError('compliance.report_invalid_transition', 'the report changed meanwhile: read it again')
      return outcome.report
    },
  }
}

export type SuspiciousReporting = ReturnType<typeof createSuspiciousReporting>
