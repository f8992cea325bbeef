import type { RiskProfileCode } from './risk-levels.js'

/**
 * A risk-tolerance questionnaire is versioned data: compliance publishes a
 * new version rather than editing one in use, and every profile records the
 * id and version it was scored with, so an old profile can always be
 * explained with the questions the client actually saw.
 */
export interface QuestionnaireAnswer {
  /** Unique within its question. */
  readonly id: string
  readonly text: string
  /** A non-negative integer; more points mean more tolerance for risk. */
  readonly score: number
}

export interface QuestionnaireQuestion {
  /** Unique within the questionnaire. */
  readonly id: string
  readonly text: string
  readonly answers: readonly QuestionnaireAnswer[]
}

/** Total scores `from` … `to` (both inclusive) give `profile`. */
export interface ProfileBand {
  readonly from: number
  readonly to: number
  readonly profile: RiskProfileCode
}

export interface Questionnaire {
  /** Stable across versions, e.g. 'risk-tolerance'. */
  readonly id: string
  /** A positive integer; a new version for any change to questions, scores or bands. */
  readonly version: number
  readonly title: string
  readonly questions: readonly QuestionnaireQuestion[]
  /**
   * Cover every total the questions can produce, lowest band first, with no
   * gap and no overlap, each band a higher profile than the one below it.
   */
  readonly bands: readonly ProfileBand[]
  /** How long a profile scored with this questionnaire holds, in calendar months. */
  readonly validityMonths: number
}

/**
 * The lowest and highest totals the questionnaire can produce: each question
 * answered with its lowest-scoring, or its highest-scoring, answer.
 */
export function scoreRange(questions: readonly QuestionnaireQuestion[]): { readonly min: number; readonly max: number } {
  let min = 0
  let max = 0
  for (const q of questions) {
    const scores = q.answers.map((a) => a.score)
    min += Math.min(...scores)
    max += Math.max(...scores)
  }
  return { min, max }
}

/** The band a total falls in, if any. */
export function bandFor(questionnaire: Questionnaire, score: number): ProfileBand | undefined {
  return questionnaire.bands.find((b) => score >= b.from && score <= b.to)
}
