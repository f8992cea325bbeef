import { describe, expect, it } from 'vitest'
import { RiskError } from '../risk-errors.js'
import { parseScenario, requireScenario, scenarioProblems } from './parse-scenario.js'
import { defaultScenario, type StressScenario } from './stress-scenario.js'

function pathsOf(json: unknown): string[] {
  const result = parseScenario(json)
  if (result.ok) throw new Error('expected the scenario to be refused')
  return result.errors.map((e) => e.path)
}

describe('defaultScenario', () => {
  it('is sound, frozen, and holds the Basel III factors', () => {
    expect(scenarioProblems(defaultScenario)).toEqual([])
    expect(Object.isFrozen(defaultScenario.runOffFactors)).toBe(true)
    expect(defaultScenario.runOffFactors).toEqual({
      stable_retail: '0.05',
      less_stable_retail: '0.10',
      operational_wholesale: '0.25',
      non_financial_corporate: '0.40',
      financial: '1.00',
    })
    expect(defaultScenario.horizonDays).toBe(30)
  })
})

describe('parseScenario', () => {
  it('fills what a scenario leaves out from the default, per category too', () => {
    const result = parseScenario({ id: 'rates-up', runOffFactors: { stable_retail: '0.03' }, rateShockBps: 300, fxShocks: { USD: '-0.05' } })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.scenario).toMatchObject({
      id: 'rates-up',
      name: 'rates-up',
      rateShockBps: 300,
      fxShocks: { USD: '-0.05' },
      horizonDays: 30,
      uninsuredTreatment: 'less_stable',
    })
    expect(result.scenario.runOffFactors).toEqual({ ...defaultScenario.runOffFactors, stable_retail: '0.03' })
    expect(Object.isFrozen(result.scenario.buckets[0])).toBe(true)
  })

  it('requires an id and refuses unknown fields', () => {
    expect(pathsOf({})).toEqual(['id'])
    expect(pathsOf({ id: 'x', runoff: {} })).toEqual(['runoff'])
    expect(pathsOf('scenario')).toEqual([''])
  })

  it('keeps factors within 0 … 1 as decimal strings, never numbers', () => {
    expect(pathsOf({ id: 'x', runOffFactors: { financial: '1.01', stable_retail: 0.05, corporate: '0.4' } })).toEqual([
      'runOffFactors.corporate',
      'runOffFactors.stable_retail',
      'runOffFactors.financial',
    ])
    expect(pathsOf({ id: 'x', rateSensitivity: { financial: '-0.01' }, earlyWithdrawalRate: '2' })).toEqual(['rateSensitivity.financial', 'earlyWithdrawalRate'])
  })

  it('checks the shocks, the treatment and the horizon', () => {
    expect(pathsOf({ id: 'x', fxShocks: { USD: '-1', usd: '0.1', EUR: '0.1e1' }, rateShockBps: 12.5, uninsuredTreatment: 'stable', horizonDays: 0 })).toEqual([
      'uninsuredTreatment',
      'rateShockBps',
      'fxShocks.USD',
      'fxShocks.usd',
      'fxShocks.EUR',
      'horizonDays',
    ])
    expect(parseScenario({ id: 'x', fxShocks: { USD: '-0.99' }, rateShockBps: -10000 }).ok).toBe(true)
  })

  it('needs ascending, labelled buckets ending open-ended', () => {
    expect(pathsOf({ id: 'x', buckets: [] })).toEqual(['buckets'])
    expect(
      pathsOf({
        id: 'x',
        buckets: [
          { label: 'a', toDay: 7 },
          { label: 'a', toDay: 7 },
          { label: '', toDay: 30 },
          { label: 'last', toDay: 90 },
        ],
      }),
    ).toEqual(['buckets[1].label', 'buckets[1].toDay', 'buckets[2].label', 'buckets[3].toDay'])
    expect(parseScenario({ id: 'x', buckets: [{ label: 'all', toDay: null }] }).ok).toBe(true)
  })
})

describe('requireScenario', () => {
  it('throws risk.invalid_scenario with every error', () => {
    try {
      requireScenario({ id: 'x', horizonDays: 'thirty', earlyWithdrawalRate: '-0.1' })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(RiskError)
      expect((error as RiskError).code).toBe('risk.invalid_scenario')
      expect(((error as RiskError).details!.errors as { path: string }[]).map((e) => e.path)).toEqual(['earlyWithdrawalRate', 'horizonDays'])
    }
  })

  it('passes a sound scenario through', () => {
    const s: StressScenario = requireScenario({ id: 'calm', name: 'Calm' })
    expect(s.name).toBe('Calm')
  })
})
