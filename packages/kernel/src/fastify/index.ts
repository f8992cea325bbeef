export { actorOf } from './request-context.js'
export type { RouteAudit } from './request-context.js'
export { problemSchema, problemResponses } from './problem.js'
export type { Problem, ProblemSpec, ProblemResponse } from './problem.js'
export {
  uuidSchema, idParams, cursorSchema, sequenceCursorSchema, sequencePageQuerySchema, pageQuerySchema, pageSchema, isoDateSchema, countrySchema, textSchema, plainTextSchema,
} from './common-schemas.js'
export { currencySchema, moneySchema, positiveMoneySchema, moneyFromJson, toMoneyJson } from './money-schemas.js'
