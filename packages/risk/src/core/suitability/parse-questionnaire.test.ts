import { describe, expect, it } from 'vitest'
import { RiskError } from '../risk-errors.js'
import { parseQuestionnaire, requireQuestionnaire, type QuestionnaireIssue } from './parse-questionnaire.js'

/**
 * Two questions: q1 scores 0 / 2, q2 scores 1 / 3 / 5.
 * Lowest total 0 + 1 = 1, highest 2 + 5 = 7: bands must cover exactly 1–7.
 */
function aQuestionnaire(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'rt',
    version: 2,
    title: 'Risk tolerance',
    validityMonths: 12,
    questions: [
      { id: 'q1', text: 'Horizon?', answers: [{ id: 'a', text: 'Short', score: 0 }, { id: 'b', text: 'Long', score: 2 }] },
      {
        id: 'q2',
        text: 'Loss?',
        answers: [{ id: 'a', text: 'None', score: 1 }, { id: 'b', text: 'Some', score: 3 }, { id: 'c', text: 'Much', score: 5 }],
      },
    ],
    bands: [
      { from: 1, to: 3, profile: 'C1' },
      { from: 4, to: 5, profile: 'C3' },
      { from: 6, to: 7, profile: 'C5' },
    ],
    ...overrides,
  }
}

function errorsOf(json: unknown): QuestionnaireIssue[] {
  const result = parseQuestionnaire(json)
  if (result.ok) throw new Error('expected the questionnaire to be refused')
  return [...result.errors]
}

describe('parseQuestionnaire', () => {
  it('accepts a sound questionnaire and returns a frozen copy with bands in order', () => {
    const input = aQuestionnaire({ bands: [{ from: 6, to: 7, profile: 'C5' }, { from: 1, to: 3, profile: 'C1' }, { from: 4, to: 5, profile: 'C3' }] })
    const result = parseQuestionnaire({ ...input, extra: 'ignored' })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.questionnaire.bands.map((b) => b.profile)).toEqual(['C1', 'C3', 'C5'])
    expect(result.questionnaire).not.toHaveProperty('extra')
    expect(Object.isFrozen(result.questionnaire.questions[0]!.answers[0])).toBe(true)
  })

  it('refuses what is not an object', () => {
    expect(errorsOf(null)).toEqual([{ path: '', message: expect.any(String) }])
    expect(errorsOf([])).toEqual([{ path: '', message: expect.any(String) }])
  })

  it('reports every field problem with its path', () => {
    const errors = errorsOf(aQuestionnaire({ id: ' ', version: 0, title: 7, validityMonths: 1.5 }))
    expect(errors.map((e) => e.path)).toEqual(['id', 'title', 'version', 'validityMonths'])
  })

  it('refuses duplicate question ids and duplicate answer ids within a question', () => {
    const json = aQuestionnaire()
    const questions = json.questions as Record<string, unknown>[]
    questions[1] = { ...questions[1], id: 'q1', answers: [{ id: 'a', text: 'x', score: 1 }, { id: 'a', text: 'y', score: 5 }] }
    const paths = errorsOf(json).map((e) => e.path)
    expect(paths).toContain('questions[1].id')
    expect(paths).toContain('questions[1].answers[1].id')
  })

  it('refuses a question without answers, and answers with bad scores', () => {
    const json = aQuestionnaire()
    const questions = json.questions as Record<string, unknown>[]
    questions[0] = { ...questions[0], answers: [] }
    questions[1] = { ...questions[1], answers: [{ id: 'a', text: 'x', score: -1 }, { id: 'b', text: 'y', score: 2.5 }, { id: 'c', text: '', score: 1 }] }
    expect(errorsOf(json).map((e) => e.path)).toEqual([
      'questions[0].answers',
      'questions[1].answers[0].score',
      'questions[1].answers[1].score',
      'questions[1].answers[2].text',
    ])
  })

  it('refuses an empty question list or band list', () => {
    expect(errorsOf(aQuestionnaire({ questions: [], bands: [] })).map((e) => e.path)).toEqual(['questions', 'bands'])
  })

  it('finds a gap between bands', () => {
    // 1–3, then 5–7: a total of 4 has no profile.
    const errors = errorsOf(aQuestionnaire({ bands: [{ from: 1, to: 3, profile: 'C1' }, { from: 5, to: 7, profile: 'C2' }] }))
    expect(errors).toEqual([{ path: 'bands[1].from', message: 'totals 4–4 fall in no band' }])
  })

  it('finds overlapping bands', () => {
    // 1–4 and 4–7 both hold 4.
    const errors = errorsOf(aQuestionnaire({ bands: [{ from: 1, to: 4, profile: 'C1' }, { from: 4, to: 7, profile: 'C2' }] }))
    expect(errors).toEqual([{ path: 'bands[1]', message: 'totals 4–4 are also in bands[0]' }])
  })

  it('requires the bands to start at the lowest and end at the highest possible total', () => {
    // Possible totals are 1–7 (see aQuestionnaire).
    const errors = errorsOf(aQuestionnaire({ bands: [{ from: 0, to: 3, profile: 'C1' }, { from: 4, to: 6, profile: 'C2' }] }))
    expect(errors).toEqual([
      { path: 'bands[0].from', message: 'the lowest band starts at 0 but the lowest possible total is 1' },
      { path: 'bands[1].to', message: 'the highest band ends at 6 but the highest possible total is 7' },
    ])
  })

  it('requires profiles to rise with the score', () => {
    const errors = errorsOf(aQuestionnaire({ bands: [{ from: 1, to: 3, profile: 'C2' }, { from: 4, to: 7, profile: 'C2' }] }))
    expect(errors.map((e) => e.path)).toEqual(['bands[1].profile'])
  })

  it('refuses a band that runs backwards or names an unknown profile', () => {
    const errors = errorsOf(aQuestionnaire({ bands: [{ from: 3, to: 1, profile: 'C1' }, { from: 4, to: 7, profile: 'C6' }] }))
    expect(errors.map((e) => e.path)).toEqual(['bands[0]', 'bands[1].profile'])
  })
})

describe('requireQuestionnaire', () => {
  it('throws risk.invalid_questionnaire with the errors in details', () => {
    try {
      requireQuestionnaire(aQuestionnaire({ version: -1 }))
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(RiskError)
      expect((error as RiskError).code).toBe('risk.invalid_questionnaire')
      expect((error as RiskError).details).toEqual({ errors: [{ path: 'version', message: 'must be a positive integer' }] })
    }
  })
})
