import type { Clock } from '@strongroom/kernel'
import { RiskError } from '../risk-errors.js'
import {
  compileRulePack, defaultMonitoringRulePack, evaluateRules, parseMonitoringRule,
  type CompiledRulePack, type MonitoringDecision, type MonitoringFacts, type MonitoringRule, type MonitoringRulePack, type MonitoringThresholds,
} from '../monitoring/index.js'
import type { RuleStore, StoredDecision, StoredRule, StoredRuleVersion } from '../ports.js'

export interface RuleCatalogueDeps {
  readonly store: RuleStore
  readonly clock: Clock
  readonly thresholds?: MonitoringThresholds | undefined
  /** How long a compiled pack is reused before the store is read again (other processes' activations). */
  readonly cacheMs?: number | undefined
}

/** The packs in force: the live one (shadow rules ride along, not counted) and, when any rule runs in shadow, the would-be pack. */
export interface ActivePacks {
  readonly live: CompiledRulePack
  /** The live pack with each shadow version in place of its live one: what the shadow versions would decide. */
  readonly shadow: CompiledRulePack | null
}

export interface BacktestResult {
  readonly ruleId: string
  readonly version: number
  readonly from: string
  readonly to: string
  readonly decisionsReplayed: number
  /** Decisions where the version would have hit. */
  readonly hits: number
  readonly outcomes: { readonly actual: Readonly<Record<string, number>>; readonly wouldBe: Readonly<Record<string, number>> }
  /** Each replayed decision whose outcome would change, or where the version would hit. */
  readonly flagged: readonly { decisionId: string; transferId: string | null; clientId: string; decidedAt: string; actual: string; wouldBe: string; hit: boolean; explanation: string }[]
}

const packId = 'strongroom-monitoring'

/**
 * Monitoring rules as versioned data: a rule keeps its stable id; each
 * change is a new numbered version; a version goes live (retiring the one
 * before) or runs in shadow beside it, its would-be decisions recorded but
 * never acted on. Going live is the server's to gate behind maker-checker.
 */
export function createRuleCatalogue(deps: RuleCatalogueDeps) {
  const { store, clock } = deps
  const thresholds = deps.thresholds ?? defaultMonitoringRulePack.thresholds
  const cacheMs = deps.cacheMs ?? 5_000
  let cached: { packs: ActivePacks; at: number } | undefined

  const packOf = (rules: readonly MonitoringRule[], version: number): MonitoringRulePack => ({
    id: packId, version, effectiveFrom: '2000-01-01', name: 'Rules in force', rules, thresholds,
  })

  function parse(definition: unknown, expect: { id: string; version: number }): MonitoringRule {
    const candidate = typeof definition === 'object' && definition !== null ? { ...definition, id: expect.id, version: expect.version } : definition
    const parsed = parseMonitoringRule(candidate)
    if (!parsed.ok) throw new RiskError('risk.invalid_rule', parsed.errors.map((e) => `${e.path || 'rule'}: ${e.message}`).join('; '), { errors: parsed.errors })
    // Compiling catches what parsing alone does not (a mode the pack refuses, say).
    compileRulePack(packOf([{ ...parsed.value, mode: 'live' }], 1))
    return parsed.value
  }

  async function getRule(id: string): Promise<StoredRule> {
    const rule = await store.findRule(id)
    if (!rule) throw new RiskError('risk.rule_not_found', `no rule ${id}`)
    return rule
  }

  async function activePacks(): Promise<ActivePacks> {
    if (cached && clock.now().getTime() - cached.at < cacheMs) return cached.packs
    const rules = await store.listRules()
    const live: MonitoringRule[] = []
    const wouldBe: MonitoringRule[] = []
    let anyShadow = false
    let generation = 0
    for (const rule of rules) {
      const current = rule.versions.find((v) => v.state === 'live')
      const shadow = rule.versions.find((v) => v.state === 'shadow')
      generation += (current?.version ?? 0) + (shadow?.version ?? 0)
      if (current) live.push({ ...current.definition, mode: 'live' })
      if (shadow) {
        anyShadow = true
        live.push({ ...shadow.definition, mode: 'shadow' })
        wouldBe.push({ ...shadow.definition, mode: 'live' })
      } else if (current) wouldBe.push({ ...current.definition, mode: 'live' })
    }
    const packs: ActivePacks = { live: compileRulePack(packOf(live, generation || 1)), shadow: anyShadow ? compileRulePack(packOf(wouldBe, generation || 1)) : null }
    cached = { packs, at: clock.now().getTime() }
    return packs
  }

  return {
    /** Loads the default pack as version 1 of each rule, live, where the rule is not there yet. */
    async ensureDefaults(pack: MonitoringRulePack = defaultMonitoringRulePack): Promise<void> {
      const at = clock.now().toISOString()
      for (const rule of pack.rules) {
        const version: StoredRuleVersion = { ruleId: rule.id, version: 1, definition: { ...rule, version: 1 }, state: 'live', createdBy: 'system', createdAt: at, activatedBy: 'system', activatedAt: at, approvalId: null }
        await store.insertRule({ id: rule.id, name: rule.name, typology: rule.typology, createdBy: 'system', createdAt: at }, version)
      }
      cached = undefined
    },

    listRules: () => store.listRules(),
    getRule,

    /** A new rule: version 1, a draft until activated. */
    async createRule(definition: unknown, by: string): Promise<StoredRule> {
      const id = typeof definition === 'object' && definition !== null ? String((definition as Record<string, unknown>).id ?? '') : ''
      const rule = parse(definition, { id, version: 1 })
      const at = clock.now().toISOString()
      const created = await store.insertRule({ id: rule.id, name: rule.name, typology: rule.typology, createdBy: by, createdAt: at },
        { ruleId: rule.id, version: 1, definition: rule, state: 'draft', createdBy: by, createdAt: at, activatedBy: null, activatedAt: null, approvalId: null })
      if (!created) throw new RiskError('risk.invalid_rule', `a rule ${rule.id} exists already: add a version to it`)
      return getRule(rule.id)
    },

    async addVersion(ruleId: string, definition: unknown, by: string): Promise<StoredRuleVersion> {
      const existing = await getRule(ruleId)
      const version = Math.max(0, ...existing.versions.map((v) => v.version)) + 1
      const rule = parse(definition, { id: ruleId, version })
      const stored: StoredRuleVersion = { ruleId, version, definition: rule, state: 'draft', createdBy: by, createdAt: clock.now().toISOString(), activatedBy: null, activatedAt: null, approvalId: null }
      if (!(await store.insertVersion(stored))) throw new RiskError('risk.invalid_rule', `version ${version} of ${ruleId} was added meanwhile: try again`)
      return stored
    },

    /** A version that exists and is not retired, as the activation would use it. */
    async versionToActivate(ruleId: string, version: number): Promise<StoredRuleVersion> {
      const found = (await getRule(ruleId)).versions.find((v) => v.version === version)
      if (!found) throw new RiskError('risk.rule_version_not_found', `rule ${ruleId} has no version ${version}`)
      return found
    },

    async activate(ruleId: string, version: number, mode: 'live' | 'shadow', by: string, approvalId: string | null): Promise<StoredRuleVersion> {
      const found = (await getRule(ruleId)).versions.find((v) => v.version === version)
      if (!found) throw new RiskError('risk.rule_version_not_found', `rule ${ruleId} has no version ${version}`)
      await store.setVersionState(ruleId, version, mode, by, clock.now().toISOString(), approvalId)
      cached = undefined
      return (await getRule(ruleId)).versions.find((v) => v.version === version)!
    },

    activePacks,

    /** The live decision and, when a version runs in shadow, the would-be one. */
    async decide(facts: MonitoringFacts): Promise<{ live: MonitoringDecision; shadow: MonitoringDecision | null }> {
      const packs = await activePacks()
      return { live: evaluateRules(packs.live, facts), shadow: packs.shadow ? evaluateRules(packs.shadow, facts) : null }
    },

    /**
     * Replays the live decisions of a period through a version: the facts
     * each decision saw, with this version in place of the rule's live one
     * (or added, for a new rule). Nothing is written.
     */
    async backtest(ruleId: string, version: number, from: string, to: string, decisions: readonly StoredDecision[]): Promise<BacktestResult> {
      const candidate = (await getRule(ruleId)).versions.find((v) => v.version === version)
      if (!candidate) throw new RiskError('risk.rule_version_not_found', `rule ${ruleId} has no version ${version}`)
      const { live } = await activePacks()
      const rules = live.pack.rules.filter((r) => r.mode !== 'shadow' && r.id !== ruleId)
      const pack = compileRulePack(packOf([...rules, { ...candidate.definition, mode: 'live' }], live.pack.version))
      const actual: Record<string, number> = {}
      const wouldBe: Record<string, number> = {}
      const flagged: BacktestResult['flagged'][number][] = []
      let hits = 0
      for (const d of decisions) {
        const replay = evaluateRules(pack, d.facts as MonitoringFacts)
        const result = replay.results.find((r) => r.ruleId === ruleId)!
        actual[d.outcome] = (actual[d.outcome] ?? 0) + 1
        wouldBe[replay.outcome] = (wouldBe[replay.outcome] ?? 0) + 1
        if (result.hit) hits += 1
        if (result.hit || replay.outcome !== d.outcome) {
          flagged.push({ decisionId: d.id, transferId: d.transferId, clientId: d.clientId, decidedAt: d.decidedAt, actual: d.outcome, wouldBe: replay.outcome, hit: result.hit, explanation: result.explanation })
        }
      }
      return { ruleId, version, from, to, decisionsReplayed: decisions.length, hits, outcomes: { actual, wouldBe }, flagged }
    },
  }
}

export type RuleCatalogue = ReturnType<typeof createRuleCatalogue>
