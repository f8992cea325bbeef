export { riskMigrations, riskSchema } from './migrations/index.js'
export { createKyselyRiskStore } from './risk-repository.js'
