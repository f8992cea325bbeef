import type { LedgerIntegrity } from '@strongroom/ledger/fastify'
import type { Services } from '../services.js'

/** The integrity reports: the trial balance from the counters, the journal from its hash chain. */
export function ledgerIntegrityFrom(services: Pick<Services, 'journal' | 'ledgerReports'>): LedgerIntegrity {
  return {
    trialBalance: () => services.ledgerReports.trialBalance(),
    async verifyJournal() {
      const result = await services.journal.verify()
      if (result.ok) {
        return { ok: true, verified: result.count, unsealed: result.unsealed, headSequence: result.head?.sequence.toString() ?? null }
      }
      return {
        ok: false, verified: Number(result.firstBrokenSequence) - 1, unsealed: result.unsealed, headSequence: null,
        firstBrokenSequence: result.firstBrokenSequence.toString(), reason: result.reason, detail: result.detail,
      }
    },
  }
}
