import type { Kysely } from 'kysely'
import { convertMoney, systemClock, uuidv7Ids, type Clock, type IdGenerator } from '@strongroom/kernel'
import { createDepositService, createEndOfDay, createFxService, createLedgerService, createProductCatalogue, formatCalendarDate } from '@strongroom/ledger'
import { createJournalSealer, createKyselyDepositStore, createKyselyFxRateStore, createKyselyLedgerRepository, createLedgerReports } from '@strongroom/ledger/kysely'
import {
  createApprovalService, createDataProtectionService, createIdentityChecks, createKycService, createLargeValueReporting, createSuspiciousReporting, createTrainingService, createWatchlistService,
  defaultApprovalPolicies, defaultRetentionPolicies, defaultRulePacks,
  type ApprovalAction, type ApprovalExecutor,
} from '@strongroom/compliance'
import {
  createKyselyApprovalStore, createKyselyDataExportStore, createKyselyDataProtectionStore, createKyselyIdentityCheckStore, createKyselyKycStore, createKyselyReportStore, createKyselySuspiciousStore, createKyselyTrainingStore,
  createKyselyWatchlistStore,
} from '@strongroom/compliance/kysely'
import { createRelationshipService } from '@strongroom/relationship'
import { createCaseService, createRuleCatalogue, createSuitabilityService } from '@strongroom/risk'
import { createKyselyRiskStore } from '@strongroom/risk/kysely'
import { createKyselyRelationshipRepository } from '@strongroom/relationship/kysely'
import { createApiTokens } from './platform/api-tokens.js'
import { createAuditLog } from './platform/audit-log.js'
import { createIdempotencyStore } from './platform/idempotency-store.js'
import type { Outbox } from './infra/outbox.js'
import type { Config } from './config.js'
import { sha256 } from './infra/sha256.js'
import { screeningClientsFrom } from './workflows/screening-clients.js'

export interface ServiceDeps {
  readonly db: Kysely<any>
  readonly config: Config
  readonly outbox?: Outbox | undefined
  readonly clock?: Clock
  readonly ids?: IdGenerator
}


/** The composition root: every service, built once, from explicit dependencies. */
export function createServices({ db, config, outbox, clock = systemClock, ids = uuidv7Ids }: ServiceDeps) {
  const ledgerRepository = createKyselyLedgerRepository(db, {
    publish: outbox ? (events, executor) => outbox.publishLedgerEvents(events, executor) : undefined,
  })
  const ledger = createLedgerService({ repo: ledgerRepository, clock, ids })
  const fx = createFxService({ rates: createKyselyFxRateStore(db), ledger, clock, maxLatestRateAgeMs: config.fxMaxRateAgeHours * 3_600_000 })
  const depositStore = createKyselyDepositStore(db)
  const catalogue = createProductCatalogue({ store: depositStore, clock, ids, timeZone: config.businessTimeZone })
  const deposits = createDepositService({
    store: depositStore, ledger, catalogue, clock, ids,
    // Insurance converts at the rate in force, whatever its age: a stale rate is better than leaving money out.
    fxRate: async (base, quote, at) => (await fx.rateFor(base, quote, at).catch(() => undefined))?.rate.rate,
  })
  const relationship = createRelationshipService({ repo: createKyselyRelationshipRepository(db), clock, ids })
  const screeningClients = screeningClientsFrom({ relationship })
  // Filled by the workflows that own each action (the transfer workflow executes approved transfers).
  const approvalExecutors: Partial<Record<ApprovalAction, ApprovalExecutor>> = {}
  const training = createTrainingService({
    store: createKyselyTrainingStore(db), clock, ids, today: () => formatCalendarDate(catalogue.today()),
    staff: {
      async activeStaff() {
        const all = []
        let cursor: string | undefined
        do {
          const page = await relationship.listStaff({ limit: 200, cursor })
          all.push(...page.items.filter((m) => m.status === 'active'))
          cursor = page.nextCursor ?? undefined
        } while (cursor !== undefined)
        return all
      },
    },
  })
  // A checker whose mandatory training has lapsed cannot approve anything.
  const approvals = createApprovalService({
    store: createKyselyApprovalStore(db), clock, ids, policies: defaultApprovalPolicies, executors: approvalExecutors, mayDecide: training.mayDecide,
    // A threshold in another currency compares the amount at the rate in force, whatever its age (as insurance does).
    equivalent: async (amount, currency) => {
      const quote = await fx.rateFor(amount.currency, currency, clock.now()).catch(() => undefined)
      return quote ? convertMoney(amount, currency, quote.rate.rate) : undefined
    },
  })
  const riskStore = createKyselyRiskStore(db)
  return {
    riskStore,
    riskRules: createRuleCatalogue({ store: riskStore, clock }),
    riskCases: createCaseService({ store: riskStore, clock, ids }),
    suitability: createSuitabilityService({ store: riskStore, clock, ids, today: () => formatCalendarDate(catalogue.today()) }),
    training,
    identityChecks: createIdentityChecks({ store: createKyselyIdentityCheckStore(db), clock, ids, validForHours: config.identityCheckHours }),
    approvals: Object.assign(approvals, { executors: approvalExecutors }),
    clock,
    ids,
    dataExports: createKyselyDataExportStore(db),
    dataProtection: createDataProtectionService({
      store: createKyselyDataProtectionStore(db), policies: defaultRetentionPolicies(config.bankCountry), clock, ids, today: () => formatCalendarDate(catalogue.today()),
    }),
    suspicious: createSuspiciousReporting({
      store: createKyselySuspiciousStore(db), clock, ids, workingDaysToFile: config.strWorkingDays, holidays: config.holidays, today: () => formatCalendarDate(catalogue.today()),
    }),
    reporting: createLargeValueReporting({
      store: createKyselyReportStore(db), clock, ids, packs: defaultRulePacks, enabledPacks: config.reportPacks,
      exemptions: [{ kind: 'same-client-transfer' }, { kind: 'deposit-rollover' }], holidays: config.holidays,
    }),
    relationship,
    kyc: createKycService({
      store: createKyselyKycStore(db), clock, ids, today: () => formatCalendarDate(catalogue.today()),
      clientExists: async (clientId) => (await screeningClients.findClient(clientId)) !== undefined,
    }),
    watchlists: createWatchlistService({ store: createKyselyWatchlistStore(db), clients: screeningClients, clock, ids, sha256, today: () => formatCalendarDate(catalogue.today()) }),
    ledger,
    fx,
    catalogue,
    deposits,
    endOfDay: createEndOfDay({ store: depositStore, ledger, catalogue, deposits, clock, ids }),
    journal: createJournalSealer(db, { sha256, clock }),
    ledgerReports: createLedgerReports(db),
    tokens: createApiTokens(db, clock, ids),
    audit: createAuditLog(db, clock, ids),
    idempotency: createIdempotencyStore(db, clock, config.idempotencyTtlHours),
  }
}

export type Services = ReturnType<typeof createServices>
