export { relationshipRoutes } from './plugin.js'
export type { ClientChange, RelationshipRoutesOptions } from './plugin.js'
export { relationshipProblems } from './problems.js'
export {
  clientSchema, newClientBody, clientPatchBody, clientListQuery, clientPage, assignmentBody, assignmentSchema,
  statusChangeSchema, staffSchema, newStaffBody, staffPatchBody, staffPage, contactPointSchema,
  toClientDto, toAssignmentDto, toStatusChangeDto, toStaffDto,
} from './schemas.js'
