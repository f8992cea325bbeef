export { approvalActions, approvalPolicyProblem, decideApproval, defaultApprovalPolicies, equivalentsNeeded, policyFor } from './approval.js'
export type { ApprovalAction, ApprovalDecision, ApprovalPolicy, ApprovalRequest, ApprovalStatus, DecisionOutcome } from './approval.js'
export { asOf as approvalAsOf, createApprovalService } from './approval-service.js'
export type { ApprovalExecutor, ApprovalFilter, ApprovalService, ApprovalServiceDeps, ApprovalStore, NewApprovalRequest } from './approval-service.js'
