import { RiskError } from '../risk-errors.js'
import type { ProfileBand, Questionnaire, QuestionnaireAnswer, QuestionnaireQuestion } from './questionnaire.js'
import { scoreRange } from './questionnaire.js'
import { isRiskProfileCode, riskStep } from './risk-levels.js'

/** One thing wrong with an input, and where: `questions[2].answers[0].id`. */
export interface QuestionnaireIssue {
  readonly path: string
  readonly message: string
}

export type QuestionnaireParseResult =
  | { readonly ok: true; readonly questionnaire: Questionnaire }
  | { readonly ok: false; readonly errors: readonly QuestionnaireIssue[] }

/** Ten years: a profile older than that says nothing about the client today. */
const maxValidityMonths = 120

/**
 * Reads a questionnaire from untrusted JSON (an upload, an admin form) and
 * reports every problem at once, each with its path, so the author fixes the
 * file in one pass. On success the result is a fresh, frozen copy holding
 * only the known fields.
 *
 * Beyond shapes, it checks what would make scoring wrong or ambiguous:
 * duplicate question ids or duplicate answer ids within a question (an
 * answer could not be told apart), a question with no answer (it could not be
 * answered), and bands that do not cover exactly the totals the questions
 * can produce (a total in no band has no profile; a total in two bands has
 * two). Bands must also rise in profile with the score, because a higher
 * score means more tolerance for risk.
 */
export function parseQuestionnaire(json: unknown): QuestionnaireParseResult {
  const errors: QuestionnaireIssue[] = []
  const issue = (path: string, message: string): void => {
    errors.push({ path, message })
  }

  if (!isRecord(json)) return { ok: false, errors: [{ path: '', message: 'a questionnaire must be a JSON object' }] }

  const id = nonEmptyString(json.id, 'id', issue)
  const title = nonEmptyString(json.title, 'title', issue)
  const version = json.version
  if (!Number.isSafeInteger(version) || (version as number) < 1) issue('version', 'must be a positive integer')
  const validityMonths = json.validityMonths
  if (!Number.isSafeInteger(validityMonths) || (validityMonths as number) < 1 || (validityMonths as number) > maxValidityMonths) {
    issue('validityMonths', `must be a whole number of months from 1 to ${maxValidityMonths}`)
  }

  const questions = parseQuestions(json.questions, issue)
  const bands = parseBands(json.bands, issue)

  // Coverage can only be judged once the questions and bands themselves are sound.
  if (questions !== undefined && bands !== undefined) checkCoverage(questions, bands, issue)

  if (errors.length > 0 || questions === undefined || bands === undefined) return { ok: false, errors }
  const questionnaire: Questionnaire = deepFreeze({
    id: id!,
    version: version as number,
    title: title!,
    questions,
    bands: [...bands].sort((a, b) => a.from - b.from),
    validityMonths: validityMonths as number,
  })
  return { ok: true, questionnaire }
}

/**
 * `parseQuestionnaire` for callers that cannot go on without a valid one.
 *
 * @throws RiskError 'risk.invalid_questionnaire' with `details.errors`.
 */
export function requireQuestionnaire(json: unknown): Questionnaire {
  const result = parseQuestionnaire(json)
  if (result.ok) return result.questionnaire
  throw new RiskError('risk.invalid_questionnaire', `The questionnaire is not valid: ${summarise(result.errors)}`, { errors: result.errors })
}

type Issue = (path: string, message: string) => void

function parseQuestions(value: unknown, issue: Issue): QuestionnaireQuestion[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    issue('questions', 'must be a non-empty array')
    return undefined
  }
  let sound = true
  const firstIndexOfId = new Map<string, number>()
  const questions: QuestionnaireQuestion[] = []
  value.forEach((q: unknown, i) => {
    const path = `questions[${i}]`
    if (!isRecord(q)) {
      issue(path, 'must be an object')
      sound = false
      return
    }
    const id = nonEmptyString(q.id, `${path}.id`, issue)
    if (id !== undefined) {
      const earlier = firstIndexOfId.get(id)
      if (earlier !== undefined) issue(`${path}.id`, `duplicate question id ${JSON.stringify(id)}, also at questions[${earlier}]`)
      else firstIndexOfId.set(id, i)
    }
    const text = nonEmptyString(q.text, `${path}.text`, issue)
    const answers = parseAnswers(q.answers, `${path}.answers`, issue)
    if (id === undefined || text === undefined || answers === undefined) {
      sound = false
      return
    }
    questions.push({ id, text, answers })
  })
  return sound ? questions : undefined
}

function parseAnswers(value: unknown, path: string, issue: Issue): QuestionnaireAnswer[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    issue(path, 'must be a non-empty array: a question needs at least one answer')
    return undefined
  }
  let sound = true
  const firstIndexOfId = new Map<string, number>()
  const answers: QuestionnaireAnswer[] = []
  value.forEach((a: unknown, i) => {
    const at = `${path}[${i}]`
    if (!isRecord(a)) {
      issue(at, 'must be an object')
      sound = false
      return
    }
    const id = nonEmptyString(a.id, `${at}.id`, issue)
    if (id !== undefined) {
      const earlier = firstIndexOfId.get(id)
      if (earlier !== undefined) issue(`${at}.id`, `duplicate answer id ${JSON.stringify(id)}, also at ${path}[${earlier}]`)
      else firstIndexOfId.set(id, i)
    }
    const text = nonEmptyString(a.text, `${at}.text`, issue)
    const score = a.score
    const scoreOk = Number.isSafeInteger(score) && (score as number) >= 0
    if (!scoreOk) issue(`${at}.score`, 'must be a non-negative integer')
    if (id === undefined || text === undefined || !scoreOk) {
      sound = false
      return
    }
    answers.push({ id, text, score: score as number })
  })
  return sound ? answers : undefined
}

function parseBands(value: unknown, issue: Issue): ProfileBand[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    issue('bands', 'must be a non-empty array')
    return undefined
  }
  let sound = true
  const bands: ProfileBand[] = []
  value.forEach((b: unknown, i) => {
    const path = `bands[${i}]`
    if (!isRecord(b)) {
      issue(path, 'must be an object')
      sound = false
      return
    }
    const { from, to, profile } = b
    const fromOk = Number.isSafeInteger(from) && (from as number) >= 0
    const toOk = Number.isSafeInteger(to) && (to as number) >= 0
    if (!fromOk) issue(`${path}.from`, 'must be a non-negative integer')
    if (!toOk) issue(`${path}.to`, 'must be a non-negative integer')
    if (fromOk && toOk && (from as number) > (to as number)) issue(path, `from (${String(from)}) is above to (${String(to)})`)
    if (!isRiskProfileCode(profile)) issue(`${path}.profile`, 'must be one of C1, C2, C3, C4, C5')
    if (!fromOk || !toOk || (from as number) > (to as number) || !isRiskProfileCode(profile)) {
      sound = false
      return
    }
    bands.push({ from: from as number, to: to as number, profile })
  })
  return sound ? bands : undefined
}

function checkCoverage(questions: readonly QuestionnaireQuestion[], bands: readonly ProfileBand[], issue: Issue): void {
  const { min, max } = scoreRange(questions)
  const ordered = bands.map((band, index) => ({ band, index })).sort((a, b) => a.band.from - b.band.from || a.index - b.index)
  const first = ordered[0]!
  const last = ordered[ordered.length - 1]!
  if (first.band.from !== min) {
    issue(`bands[${first.index}].from`, `the lowest band starts at ${first.band.from} but the lowest possible total is ${min}`)
  }
  for (let k = 1; k < ordered.length; k++) {
    const below = ordered[k - 1]!
    const here = ordered[k]!
    if (here.band.from <= below.band.to) {
      issue(`bands[${here.index}]`, `totals ${here.band.from}–${Math.min(below.band.to, here.band.to)} are also in bands[${below.index}]`)
    } else if (here.band.from > below.band.to + 1) {
      issue(`bands[${here.index}].from`, `totals ${below.band.to + 1}–${here.band.from - 1} fall in no band`)
    }
    if (riskStep(here.band.profile) <= riskStep(below.band.profile)) {
      issue(
        `bands[${here.index}].profile`,
        `${here.band.profile} must be a higher profile than ${below.band.profile} of the band below it (bands[${below.index}])`,
      )
    }
  }
  const highestTo = Math.max(...bands.map((b) => b.to))
  if (highestTo !== max) {
    issue(`bands[${last.index}].to`, `the highest band ends at ${highestTo} but the highest possible total is ${max}`)
  }
}

function nonEmptyString(value: unknown, path: string, issue: Issue): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    issue(path, 'must be a non-empty string')
    return undefined
  }
  return value
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}

function summarise(errors: readonly QuestionnaireIssue[]): string {
  const shown = errors.slice(0, 3).map((e) => `${e.path || '(root)'}: ${e.message}`)
  return errors.length > 3 ? `${shown.join('; ')}; and ${errors.length - 3} more` : shown.join('; ')
}
