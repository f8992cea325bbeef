export { createRuleCatalogue } from './rule-catalogue.js'
export type { ActivePacks, BacktestResult, RuleCatalogue, RuleCatalogueDeps } from './rule-catalogue.js'
