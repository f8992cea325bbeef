export { relationshipMigrations, relationshipSchema } from './migrations/index.js'
export { createKyselyRelationshipRepository } from './repository.js'
export type {
  RelationshipTables, ClientTable, StaffTable, ClientStatusChangeTable, RmAssignmentTable,
} from './tables.js'
