import { RiskError } from '../risk-errors.js'
import { addDaysToDay, addMonthsToDay, isCalendarDay } from '@strongroom/kernel'
import type { QuestionnaireIssue } from './parse-questionnaire.js'
import { bandFor, type Questionnaire } from './questionnaire.js'
import type { RiskProfileCode } from './risk-levels.js'

/** What a client's answers come to: keep it with the client, it is the evidence of the sale's suitability. */
export interface ScoredRiskProfile {
  readonly questionnaireId: string
  readonly questionnaireVersion: number
  readonly score: number
  readonly profile: RiskProfileCode
  /** YYYY-MM-DD the client answered. */
  readonly takenOn: string
  /** YYYY-MM-DD, inclusive: the last day the profile may be relied on. */
  readonly validUntil: string
  /** The answers as given, question id → answer id, so the score can be re-derived. */
  readonly answers: Readonly<Record<string, string>>
}

/**
 * Scores a client's answers: the sum of the chosen answers' scores, mapped to
 * a profile by the questionnaire's bands.
 *
 * Every question must be answered, with one of its own answers, and nothing
 * else may be in `answers`. A partial or padded answer sheet is refused
 * rather than scored, because a profile from it would not be the one the
 * client's full answers give; all the problems are listed at once.
 *
 * The profile holds for `validityMonths` calendar months: `validUntil` is
 * the day before the same day that many months later (12 months from
 * 2025-01-15 → valid through 2026-01-14; from 2024-02-29 → the anniversary is
 * 2025-02-28, so through 2025-02-27).
 *
 * @throws RiskError 'risk.invalid_answers' with `details.errors` (each with a
 *   path: `answers.<questionId>` or `takenOn`).
 * @throws RiskError 'risk.invalid_questionnaire' when the total falls in no
 *   band: the questionnaire was not checked with `parseQuestionnaire`.
 */
export function scoreAnswers(questionnaire: Questionnaire, answers: Readonly<Record<string, string>>, takenOn: string): ScoredRiskProfile {
  const errors: QuestionnaireIssue[] = []
  if (!isCalendarDay(takenOn)) errors.push({ path: 'takenOn', message: 'must be a date (YYYY-MM-DD)' })

  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    errors.push({ path: 'answers', message: 'must be an object of question id → answer id' })
    throw invalidAnswers(questionnaire, errors)
  }

  let score = 0
  const given: Record<string, string> = {}
  for (const question of questionnaire.questions) {
    const path = `answers.${question.id}`
    // Own properties only, so 'toString' or '__proto__' are never taken for answers.
    if (!Object.hasOwn(answers, question.id)) {
      errors.push({ path, message: 'question not answered' })
      continue
    }
    const answerId: unknown = answers[question.id]
    if (typeof answerId !== 'string') {
      errors.push({ path, message: 'must be exactly one answer id (a string)' })
      continue
    }
    const answer = question.answers.find((a) => a.id === answerId)
    if (answer === undefined) {
      errors.push({ path, message: `${JSON.stringify(answerId.slice(0, 40))} is not an answer to this question` })
      continue
    }
    score += answer.score
    given[question.id] = answerId
  }
  const known = new Set(questionnaire.questions.map((q) => q.id))
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) errors.push({ path: `answers.${key.slice(0, 40)}`, message: 'not a question of this questionnaire' })
  }
  if (errors.length > 0) throw invalidAnswers(questionnaire, errors)

  const band = bandFor(questionnaire, score)
  if (band === undefined) {
    throw new RiskError('risk.invalid_questionnaire', `A total of ${score} falls in no band of ${questionnaire.id} v${questionnaire.version}`, {
      questionnaireId: questionnaire.id,
      version: questionnaire.version,
      score,
    })
  }
  return Object.freeze({
    questionnaireId: questionnaire.id,
    questionnaireVersion: questionnaire.version,
    score,
    profile: band.profile,
    takenOn,
    validUntil: addDaysToDay(addMonthsToDay(takenOn, questionnaire.validityMonths), -1),
    answers: Object.freeze(given),
  })
}

function invalidAnswers(questionnaire: Questionnaire, errors: readonly QuestionnaireIssue[]): RiskError {
  return new RiskError(
    'risk.invalid_answers',
    `The answers to ${questionnaire.id} v${questionnaire.version} cannot be scored: ${errors.length} problem${errors.length === 1 ? '' : 's'}`,
    { questionnaireId: questionnaire.id, version: questionnaire.version, errors },
  )
}
