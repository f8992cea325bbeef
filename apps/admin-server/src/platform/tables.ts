export interface ApiTokenTable {
  id: string
  staff_id: string
  token_hash: string
  token_prefix: string
  label: string
  created_by: string | null
  created_at: Date
  expires_at: Date | null
  revoked_at: Date | null
  revocation_reason: string | null
}

export interface AuditEventTable {
  id: string
  occurred_at: Date
  actor_id: string | null
  action: string
  method: string
  path: string
  entity_type: string | null
  entity_id: string | null
  request_id: string
  outcome: 'succeeded' | 'rejected' | 'failed' | 'replayed'
  status_code: number
  error_code: string | null
}

export interface IdempotencyKeyTable {
  actor_id: string
  key: string
  fingerprint: string
  state: 'in_progress' | 'completed'
  status_code: number | null
  response_body: string | null
  content_type: string | null
  created_at: Date
  expires_at: Date
}

export interface PlatformTables {
  'platform.api_token': ApiTokenTable
  'platform.audit_event': AuditEventTable
  'platform.idempotency_key': IdempotencyKeyTable
}
