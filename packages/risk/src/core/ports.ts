import type { CaseOutcome, CaseNote, RiskAlert, RiskCase, Snooze } from './cases/index.js'
import type { DailyActivityBucket, MonitoringRule } from './monitoring/index.js'
import type { DepositAssessment } from './assessments/index.js'
import type { ProductRiskLevel, Questionnaire, ScoredRiskProfile } from './suitability/index.js'
import type { StressResult, StressScenario } from './stress/index.js'

/** A rule version as stored: the definition (a `MonitoringRule`) and where it stands. */
export interface StoredRuleVersion {
  readonly ruleId: string
  readonly version: number
  readonly definition: MonitoringRule
  readonly state: 'draft' | 'live' | 'shadow' | 'retired'
  readonly createdBy: string
  readonly createdAt: string
  readonly activatedBy: string | null
  readonly activatedAt: string | null
  readonly approvalId: string | null
}

export interface StoredRule {
  readonly id: string
  readonly name: string
  readonly typology: string
  readonly createdBy: string
  readonly createdAt: string
  readonly versions: readonly StoredRuleVersion[]
}

export interface RuleStore {
  listRules(): Promise<StoredRule[]>
  findRule(id: string): Promise<StoredRule | undefined>
  /** Inserts the rule with its first version; false when the id exists. */
  insertRule(rule: Omit<StoredRule, 'versions'>, first: StoredRuleVersion): Promise<boolean>
  /** Inserts the next version (its number one above the highest); false on a concurrent insert of the same number. */
  insertVersion(version: StoredRuleVersion): Promise<boolean>
  /**
   * Makes `version` the rule's live (or shadow) version: the one that held
   * that state before is retired, in one transaction.
   */
  setVersionState(ruleId: string, version: number, state: 'live' | 'shadow', by: string, at: string, approvalId: string | null): Promise<void>
}

/** A monitoring decision as stored: every rule's result and the facts it saw. */
export interface StoredDecision {
  readonly id: string
  readonly transferId: string | null
  readonly clientId: string
  readonly mode: 'live' | 'shadow'
  readonly outcome: 'allow' | 'review' | 'block'
  readonly score: number
  readonly ruleVersions: Readonly<Record<string, number>>
  readonly results: readonly unknown[]
  readonly facts: unknown
  readonly decidedAt: string
}

/** One transfer's contribution to a client's daily buckets. */
export interface ActivityChange {
  readonly clientId: string
  readonly date: string
  readonly direction: 'in' | 'out'
  readonly channel: string
  readonly amount: string
  readonly nearThreshold: boolean
  readonly roundAmount: boolean
  readonly counterpartyKey: string | null
  readonly at: string
}

export interface ActivityStore {
  /** The client's buckets from `fromDate` on, and the instant of their last activity. */
  historyOf(clientId: string, fromDate: string): Promise<{ buckets: DailyActivityBucket[]; lastActivityAt: string | null }>
  /**
   * Stores decisions and adds the posted transfer to its buckets, in one
   * transaction; false (and nothing written) when the transfer's decisions
   * are stored already — a replayed posting.
   */
  recordPosted(decisions: readonly StoredDecision[], changes: readonly ActivityChange[]): Promise<boolean>
  /** Stores decisions of a refused transfer (nothing posted, the buckets unchanged). */
  recordDecisions(decisions: readonly StoredDecision[]): Promise<void>
  listDecisions(filter: { readonly transferId?: string | undefined; readonly clientId?: string | undefined; readonly mode?: 'live' | 'shadow' | undefined }, limit: number): Promise<StoredDecision[]>
  /** Live decisions between two instants, oldest first, for a backtest. */
  decisionsBetween(from: string, to: string, limit: number): Promise<StoredDecision[]>
}

/** A transfer held for review instead of posted: released (posted) on a false positive, voided on a true one. */
export interface HeldTransfer {
  readonly holdId: string
  readonly caseId: string
  readonly clientId: string
  readonly idempotencyKey: string | null
  /** The transfer request as JSON (amounts as decimal strings), posted by capturing the hold. */
  readonly request: Readonly<Record<string, unknown>>
  /** What posting it adds to the client's buckets. */
  readonly activity: readonly ActivityChange[]
  readonly status: 'held' | 'released' | 'voided'
  readonly transferId: string | null
  readonly createdAt: string
  readonly decidedAt: string | null
}

export interface HeldTransferStore {
  /** Stores a held transfer; false when one is held under the same idempotency key already. */
  insertHeldTransfer(held: HeldTransfer): Promise<boolean>
  heldUnderKey(idempotencyKey: string): Promise<HeldTransfer | undefined>
  heldOfCase(caseId: string): Promise<HeldTransfer[]>
  /** Marks a held transfer released (with the posted transfer) or voided; false when it was decided already. */
  settleHeldTransfer(holdId: string, status: 'released' | 'voided', transferId: string | null, at: string): Promise<boolean>
  /** Adds posted activity to the buckets (a held transfer's, once released). */
  recordActivity(changes: readonly ActivityChange[]): Promise<void>
}

export interface CaseStore {
  /** Adds the alert to the client's open case, opening one when there is none (exactly one under concurrency). */
  raiseAlert(alert: Omit<RiskAlert, 'caseId'>, newCase: RiskCase): Promise<{ alert: RiskAlert; riskCase: RiskCase; opened: boolean }>
  listAlerts(filter: { readonly clientId?: string | undefined; readonly caseId?: string | undefined }, limit: number): Promise<RiskAlert[]>
  findCase(id: string): Promise<RiskCase | undefined>
  listCases(filter: { readonly status?: 'open' | 'closed' | undefined; readonly assignee?: string | undefined; readonly clientId?: string | undefined }, limit: number): Promise<RiskCase[]>
  /** Saves a case if its version is still `expectedVersion`; false otherwise. */
  saveCase(next: RiskCase, expectedVersion: number): Promise<boolean>
  recordRuleOutcomes(caseId: string, ruleIds: readonly string[], outcome: CaseOutcome, at: string): Promise<void>
  /** How often each rule's cases ended in each outcome: the tuning view. */
  ruleOutcomeCounts(): Promise<{ ruleId: string; outcome: CaseOutcome; count: number }[]>
  insertNote(note: CaseNote): Promise<void>
  notesOf(caseId: string): Promise<CaseNote[]>
  insertSnooze(snooze: Snooze): Promise<void>
  snoozesOf(clientId: string, now: string): Promise<Snooze[]>
}

export interface StoredAssessment extends DepositAssessment {
  readonly id: string
  readonly transferId: string | null
  readonly assessedAt: string
}

export interface StoredRiskProfile extends ScoredRiskProfile {
  readonly id: string
  readonly clientId: string
  readonly recordedBy: string
  readonly recordedAt: string
}

export interface StoredOverride {
  readonly id: string
  readonly clientId: string
  readonly productId: string
  readonly reason: string
  readonly acknowledgement: string
  readonly acknowledgedAt: string
  readonly requestedBy: string
  readonly approvedBy: string
  readonly approvedAt: string
  readonly expiresOn: string
}

export interface StoredStressTest {
  readonly id: string
  readonly name: string
  readonly asOf: string
  readonly scenario: StressScenario
  readonly result: StressResult
  readonly runBy: string
  readonly runAt: string
}

export interface RiskDeskStore {
  insertAssessment(assessment: StoredAssessment): Promise<void>
  listAssessments(clientId: string, limit: number): Promise<StoredAssessment[]>
  insertQuestionnaire(questionnaire: Questionnaire, by: string, at: string): Promise<boolean>
  listQuestionnaires(): Promise<Questionnaire[]>
  findQuestionnaire(id: string, version?: number): Promise<Questionnaire | undefined>
  insertProfile(profile: StoredRiskProfile): Promise<void>
  latestProfile(clientId: string): Promise<StoredRiskProfile | undefined>
  setProductRisk(productId: string, level: ProductRiskLevel, by: string, at: string): Promise<void>
  productRisk(productId: string): Promise<ProductRiskLevel | undefined>
  insertOverride(override: StoredOverride): Promise<void>
  /** An override for this client and product in force on `today`. */
  findOverride(clientId: string, productId: string, today: string): Promise<StoredOverride | undefined>
  insertStressTest(test: StoredStressTest): Promise<void>
  listStressTests(limit: number): Promise<Omit<StoredStressTest, 'result'>[]>
  findStressTest(id: string): Promise<StoredStressTest | undefined>
}

export type RiskStore = RuleStore & ActivityStore & CaseStore & RiskDeskStore & HeldTransferStore
