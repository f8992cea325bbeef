export { riskProblems } from './problems.js'
export { riskRoutes } from './risk-routes.js'
export type { ActivationGate, RiskRoutesOptions } from './risk-routes.js'
