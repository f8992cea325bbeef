import { DomainError } from '@strongroom/kernel'

/** Every code the compliance package answers with: closed and stable, mapped exhaustively to HTTP. */
export const complianceErrorCodes = [
  'compliance.invalid_list',
  'compliance.list_not_loaded',
  'compliance.client_not_found',
  'compliance.invalid_query',
  'compliance.kyc_required',
  'compliance.invalid_kyc',
  'compliance.approval_not_found',
  'compliance.approval_not_pending',
  'compliance.self_approval',
  'compliance.not_an_approver',
  'compliance.approval_required',
  'compliance.invalid_policy',
  'compliance.report_not_found',
  'compliance.report_invalid_transition',
  'compliance.report_reason_required',
  'compliance.report_reference_required',
  'compliance.report_same_person',
  'compliance.screening_blocked',
  'compliance.training_lapsed',
  'compliance.invalid_training',
  'compliance.identity_check_required',
  'compliance.legal_hold_not_found',
  'compliance.legal_hold_released',
  'compliance.invalid_legal_hold',
  'compliance.fx_rate_missing',
] as const
export type ComplianceErrorCode = (typeof complianceErrorCodes)[number]

export class ComplianceError extends DomainError<ComplianceErrorCode> {
  override readonly name = 'ComplianceError'
}
