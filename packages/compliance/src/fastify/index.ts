export { screeningRoutes, sdnUploadMaxLength } from './screening-routes.js'
export type { ScreeningRoutesOptions } from './screening-routes.js'
export { complianceProblems } from './problems.js'
