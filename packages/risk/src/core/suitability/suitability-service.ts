import type { Clock, IdGenerator } from '@strongroom/kernel'
import { RiskError } from '../risk-errors.js'
import type { RiskDeskStore, StoredOverride, StoredRiskProfile } from '../ports.js'
import { defaultQuestionnaire } from './default-questionnaire.js'
import { requireQuestionnaire } from './parse-questionnaire.js'
import type { Questionnaire } from './questionnaire.js'
import type { ProductRiskLevel } from './risk-levels.js'
import { scoreAnswers } from './score-answers.js'
import { checkSuitability, type SuitabilityReason } from './suitability.js'

/** The answer for a client and a product: the core's decision, or `not_classified` for a product outside suitability. */
export interface SuitabilityCheck {
  readonly suitable: boolean
  readonly mayProceed: boolean
  readonly reason: SuitabilityReason | 'not_classified'
  readonly requiresOverride: boolean
  readonly profile: string | null
  readonly productRiskLevel: ProductRiskLevel | null
  readonly overrideId: string | null
}

export interface SuitabilityServiceDeps {
  readonly store: RiskDeskStore
  readonly clock: Clock
  readonly ids: IdGenerator
  /** The business date (YYYY-MM-DD). */
  readonly today: () => string
}

/**
 * Risk-tolerance questionnaires (versioned), the client's profile they give,
 * product risk levels, and the suitability check a sale passes: a product
 * above the client's profile needs an approved override with the client's
 * recorded acknowledgement (the server files the override through
 * maker-checker and stores it with `recordOverride` once approved).
 */
export function createSuitabilityService(deps: SuitabilityServiceDeps) {
  const { store, clock, ids } = deps

  async function questionnaire(id: string, version?: number): Promise<Questionnaire> {
    const found = await store.findQuestionnaire(id, version)
    if (!found) throw new RiskError('risk.questionnaire_not_found', `no questionnaire ${id}${version === undefined ? '' : ` v${version}`}`)
    return found
  }

  return {
    async ensureDefaults(): Promise<void> {
      await store.insertQuestionnaire(defaultQuestionnaire, 'system', clock.now().toISOString())
    },

    /** A new questionnaire, or a new version of one (the version must be above those stored). */
    async addQuestionnaire(json: unknown, by: string): Promise<Questionnaire> {
      const parsed = requireQuestionnaire(json)
      const latest = await store.findQuestionnaire(parsed.id)
      if (latest && latest.version >= parsed.version) throw new RiskError('risk.invalid_questionnaire', `questionnaire ${parsed.id} is at version ${latest.version}: a new one needs a higher version`)
      if (!(await store.insertQuestionnaire(parsed, by, clock.now().toISOString()))) throw new RiskError('risk.invalid_questionnaire', `questionnaire ${parsed.id} v${parsed.version} exists already`)
      return parsed
    },
    listQuestionnaires: () => store.listQuestionnaires(),
    questionnaire,

    async recordProfile(clientId: string, input: { questionnaireId: string; questionnaireVersion?: number | undefined; answers: Record<string, string>; takenOn?: string | undefined }, by: string): Promise<StoredRiskProfile> {
      const q = await questionnaire(input.questionnaireId, input.questionnaireVersion)
      const takenOn = input.takenOn ?? deps.today()
      if (takenOn > deps.today()) throw new RiskError('risk.invalid_answers', 'a questionnaire cannot be taken in the future')
      const scored = scoreAnswers(q, input.answers, takenOn)
      const profile: StoredRiskProfile = { ...scored, id: ids.next(), clientId, recordedBy: by, recordedAt: clock.now().toISOString() }
      await store.insertProfile(profile)
      return profile
    },
    latestProfile: (clientId: string) => store.latestProfile(clientId),

    setProductRisk: (productId: string, level: ProductRiskLevel, by: string) => store.setProductRisk(productId, level, by, clock.now().toISOString()),
    productRisk: (productId: string) => store.productRisk(productId),

    /**
     * May `productId` be sold to the client today? Only classified products
     * (with a risk level on file) are subject to suitability: an unclassified
     * one — a plain deposit — may be sold (`reason: 'not_classified'`). A
     * stored, approved override in force for this client and product counts
     * as the override, with its acknowledgement.
     */
    async check(clientId: string, productId: string): Promise<SuitabilityCheck> {
      const level = await store.productRisk(productId)
      const [profile, override] = await Promise.all([store.latestProfile(clientId), level ? store.findOverride(clientId, productId, deps.today()) : undefined])
      if (!level) {
        return { suitable: true, mayProceed: true, reason: 'not_classified', requiresOverride: false, profile: profile?.profile ?? null, productRiskLevel: null, overrideId: null }
      }
      const decision = checkSuitability({
        profile: profile ? { profile: profile.profile, validUntil: profile.validUntil } : null,
        productRiskLevel: level,
        today: deps.today(),
        override: override ? { approved: true, approvalId: override.id, acknowledgement: { acknowledgedAt: override.acknowledgedAt, text: override.acknowledgement } } : null,
      })
      return { suitable: decision.suitable, mayProceed: decision.mayProceed, reason: decision.reason, requiresOverride: decision.requiresOverride,
        profile: decision.profile, productRiskLevel: decision.productRiskLevel, overrideId: override?.id ?? null }
    },

    /** Refuses a sale that may not proceed, with the reason as the code. */
    async assertMayProceed(clientId: string, productId: string): Promise<void> {
      const decision = await this.check(clientId, productId)
      if (decision.mayProceed) return
      const code = decision.reason === 'profile_required' ? 'risk.profile_required' : decision.reason === 'profile_expired' ? 'risk.profile_expired' : 'risk.unsuitable_product'
      throw new RiskError(code, decision.reason === 'product_above_profile'
        ? `product risk ${decision.productRiskLevel} is above the client's profile ${decision.profile}: an approved override with the client's acknowledgement is needed`
        : `the client needs a valid risk profile before this sale (${decision.reason})`, { profile: decision.profile, productRiskLevel: decision.productRiskLevel })
    },

    async recordOverride(input: Omit<StoredOverride, 'id'>): Promise<StoredOverride> {
      const override = { ...input, id: ids.next() }
      await store.insertOverride(override)
      return override
    },
  }
}

export type SuitabilityService = ReturnType<typeof createSuitabilityService>
