export { createStrongroomClient, unwrap, isProblem, idempotencyKeys, StrongroomApiError } from './client.js'
export type { StrongroomClient, StrongroomClientOptions, Problem } from './client.js'
export type { paths, components, operations } from './schema.js'
