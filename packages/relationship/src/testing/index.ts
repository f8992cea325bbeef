export { createInMemoryRelationshipRepository } from './in-memory-repository.js'
export { aNewClient, aNewStaffMember, anActor } from './builders.js'
