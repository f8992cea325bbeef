import { attritionLevels, type AttritionConfig, type AttritionLevel } from './attrition-config.js'
import { assessAttrition, type AttritionAssessment, type AttritionInput } from './assess-attrition.js'

export interface AtRiskListOptions {
  /** Only this RM's clients; null for the unassigned ones; absent for all. */
  readonly rmId?: string | null
  /** The lowest level listed; 'watch' unless given. 'none' lists everyone. */
  readonly minLevel?: AttritionLevel
}

/**
 * The clients to call first: each assessed, those at or above `minLevel`
 * kept, highest score first (equal scores by client id, so the list is the
 * same on every run), optionally for one RM.
 */
export function atRiskList(inputs: readonly AttritionInput[], config: AttritionConfig, options: AtRiskListOptions = {}): AttritionAssessment[] {
  const minRank = attritionLevels.indexOf(options.minLevel ?? 'watch')
  if (minRank < 0) throw new RangeError(`minLevel must be one of ${attritionLevels.join(', ')}`)
  const forRm = Object.hasOwn(options, 'rmId') && options.rmId !== undefined
  return inputs
    .filter((input) => !forRm || input.rmId === options.rmId)
    .map((input) => assessAttrition(input, config))
    .filter((a) => attritionLevels.indexOf(a.level) >= minRank)
    .sort((a, b) => b.score - a.score || (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0))
}

export interface RmAttritionGroup {
  readonly rmId: string | null
  readonly clients: readonly AttritionAssessment[]
  /** The group's highest score, to rank the RMs with the most urgent calls. */
  readonly topScore: number
}

/**
 * An at-risk list split by RM, keeping each group's order: the RMs with the
 * most urgent client first (ties by RM id), unassigned clients last.
 */
export function groupByRm(list: readonly AttritionAssessment[]): RmAttritionGroup[] {
  const groups = new Map<string | null, AttritionAssessment[]>()
  for (const a of list) {
    const group = groups.get(a.rmId)
    if (group === undefined) groups.set(a.rmId, [a])
    else group.push(a)
  }
  return [...groups.entries()]
    .map(([rmId, clients]) => ({ rmId, clients: Object.freeze(clients), topScore: Math.max(...clients.map((c) => c.score)) }))
    .sort((a, b) => {
      if (a.rmId === null || b.rmId === null) return a.rmId === b.rmId ? 0 : a.rmId === null ? 1 : -1
      return b.topScore - a.topScore || (a.rmId < b.rmId ? -1 : a.rmId > b.rmId ? 1 : 0)
    })
}
