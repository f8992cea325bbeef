import { describe, expect, it } from 'vitest'
import { RiskError } from '../risk-errors.js'
import { defaultQuestionnaire } from './default-questionnaire.js'
import { parseQuestionnaire } from './parse-questionnaire.js'
import { scoreRange, type Questionnaire } from './questionnaire.js'
import { scoreAnswers } from './score-answers.js'

function caught(run: () => unknown): RiskError {
  try {
    run()
  } catch (error) {
    if (error instanceof RiskError) return error
    throw error
  }
  throw new Error('expected a RiskError')
}

describe('defaultQuestionnaire', () => {
  it('is valid, frozen and spans totals 0–50 in five bands', () => {
    expect(parseQuestionnaire(defaultQuestionnaire).ok).toBe(true)
    expect(Object.isFrozen(defaultQuestionnaire.questions)).toBe(true)
    // Highest answers: 8 + 8 + 12 + 6 + 6 + 4 + 6 = 50; lowest are all 0.
    expect(scoreRange(defaultQuestionnaire.questions)).toEqual({ min: 0, max: 50 })
    expect(defaultQuestionnaire.questions).toHaveLength(7)
    expect(defaultQuestionnaire.bands.map((b) => b.profile)).toEqual(['C1', 'C2', 'C3', 'C4', 'C5'])
  })
})

describe('scoreAnswers', () => {
  const balanced = {
    objective: 'balanced', // 4
    horizon: '3-5y', // 4
    'loss-tolerance': 'up-to-10', // 6
    'reaction-to-fall': 'hold', // 4
    experience: 'bonds-funds', // 2
    'income-stability': 'stable', // 2
    'share-of-wealth': '25-50', // 4
  }

  it('sums the chosen answers and maps the total to its band', () => {
    // 4 + 4 + 6 + 4 + 2 + 2 + 4 = 26, in 21–30 → C3.
    const result = scoreAnswers(defaultQuestionnaire, balanced, '2025-01-15')
    expect(result).toEqual({
      questionnaireId: 'strongroom-risk-tolerance',
      questionnaireVersion: 1,
      score: 26,
      profile: 'C3',
      takenOn: '2025-01-15',
      // 12 months on is 2026-01-15; valid through the day before.
      validUntil: '2026-01-14',
      answers: balanced,
    })
  })

  it('puts band edges in the right band', () => {
    // 0 + 2 + 6 + 2 + 0 + 0 + 0 = 10 → C1 (0–10); one more step on horizon (+2) → 12 → C2.
    const ten = { ...balanced, objective: 'preserve', horizon: '1-3y', 'reaction-to-fall': 'sell-some', experience: 'deposits-only', 'income-stability': 'uncertain', 'share-of-wealth': 'over-75' }
    expect(scoreAnswers(defaultQuestionnaire, ten, '2025-01-15')).toMatchObject({ score: 10, profile: 'C1' })
    expect(scoreAnswers(defaultQuestionnaire, { ...ten, horizon: '3-5y' }, '2025-01-15')).toMatchObject({ score: 12, profile: 'C2' })
    // Highest answers everywhere: 50 → C5.
    const top = { objective: 'maximise', horizon: 'over-10y', 'loss-tolerance': 'over-20', 'reaction-to-fall': 'buy-more', experience: 'complex', 'income-stability': 'stable-surplus', 'share-of-wealth': 'under-25' }
    expect(scoreAnswers(defaultQuestionnaire, top, '2025-01-15')).toMatchObject({ score: 50, profile: 'C5' })
  })

  it('ends validity the day before the clamped anniversary', () => {
    // 2024-02-29 + 12 months → 2025-02-28 (no 29th) → valid through 2025-02-27.
    expect(scoreAnswers(defaultQuestionnaire, balanced, '2024-02-29').validUntil).toBe('2025-02-27')
  })

  it('refuses a missing answer, an unknown answer, an unknown question and a non-string answer, all at once', () => {
    const { horizon: _omitted, ...partial } = balanced
    const error = caught(() =>
      scoreAnswers(defaultQuestionnaire, { ...partial, objective: 'yolo', experience: ['equities', 'complex'] as unknown as string, age: '40-50' }, '2025-01-15'),
    )
    expect(error.code).toBe('risk.invalid_answers')
    expect(error.details).toMatchObject({ questionnaireId: 'strongroom-risk-tolerance', version: 1 })
    expect((error.details!.errors as { path: string }[]).map((e) => e.path)).toEqual([
      'answers.objective',
      'answers.horizon',
      'answers.experience',
      'answers.age',
    ])
  })

  it('does not take inherited properties for answers', () => {
    const q: Questionnaire = { ...defaultQuestionnaire, questions: [{ id: 'toString', text: 't', answers: [{ id: 'x', text: 'x', score: 0 }] }], bands: [{ from: 0, to: 0, profile: 'C1' }] }
    expect(caught(() => scoreAnswers(q, {}, '2025-01-15')).code).toBe('risk.invalid_answers')
  })

  it('refuses a date that is not YYYY-MM-DD', () => {
    const error = caught(() => scoreAnswers(defaultQuestionnaire, balanced, '15/01/2025'))
    expect(error.code).toBe('risk.invalid_answers')
    expect(error.details!.errors).toEqual([{ path: 'takenOn', message: 'must be a date (YYYY-MM-DD)' }])
  })

  it('refuses a questionnaire whose bands leave the total uncovered', () => {
    const broken: Questionnaire = { ...defaultQuestionnaire, bands: [{ from: 0, to: 20, profile: 'C1' }] }
    expect(caught(() => scoreAnswers(broken, balanced, '2025-01-15')).code).toBe('risk.invalid_questionnaire')
  })
})
