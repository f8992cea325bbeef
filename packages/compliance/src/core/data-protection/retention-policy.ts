import { addMonthsToDay, calendarDayOf, dayNumber } from '@strongroom/kernel'

/**
 * What a bank holds about a client, grouped the way retention law speaks of
 * it. Each kind has its own clock: anti-money-laundering law keeps the
 * identification file and the transaction records for years after the
 * relationship ends (China 10, US and EU 5); contact details have no such
 * duty once the client has left; an export file is only a copy.
 */
export const personalRecordTypes = [
  'contact_details',
  'client_profile',
  'kyc_record',
  'transactions',
  'regulatory_records',
  'screening_results',
  'approvals',
  'data_exports',
] as const
export type PersonalRecordType = (typeof personalRecordTypes)[number]

export interface RetentionPolicy {
  readonly recordType: PersonalRecordType
  /** How long after `from` the record must be kept. */
  readonly retainFor: { readonly unit: 'years' | 'days'; readonly count: number }
  /** The clock: the end of the relationship (the client's closure), or each record's own date. */
  readonly from: 'relationship_end' | 'record_date'
  /** The law or reason, as an auditor reads it. */
  readonly basis: string
  /** What happens when the period is over: identifying fields replaced, or the record removed. */
  readonly onExpiry: 'pseudonymise' | 'delete'
}

const amlYears: Readonly<Record<string, { years: number; law: string }>> = {
  CN: { years: 10, law: 'PRC Anti-Money Laundering Law (2024 revision), art. 40: 10 years after the relationship ends' },
  US: { years: 5, law: 'Bank Secrecy Act, 31 CFR 1010.430 and 1020.220: 5 years' },
  EU: { years: 5, law: 'Directive (EU) 2015/849 art. 40: 5 years after the relationship ends' },
}

/**
 * The starting policies for a bank in `country` (ISO alpha-2; EU members and
 * anything unknown get the EU periods). Data, so a bank's counsel can
 * replace them.
 */
export function defaultRetentionPolicies(country: string): readonly RetentionPolicy[] {
  const aml = amlYears[country] ?? amlYears.EU!
  const years = (count: number) => ({ unit: 'years' as const, count })
  return [
    { recordType: 'contact_details', retainFor: { unit: 'days', count: 0 }, from: 'relationship_end', onExpiry: 'pseudonymise',
      basis: 'no legal duty to keep contact details once the relationship has ended (storage limitation)' },
    { recordType: 'client_profile', retainFor: years(aml.years), from: 'relationship_end', onExpiry: 'pseudonymise', basis: aml.law },
    { recordType: 'kyc_record', retainFor: years(aml.years), from: 'relationship_end', onExpiry: 'delete', basis: aml.law },
    { recordType: 'transactions', retainFor: years(aml.years), from: 'record_date', onExpiry: 'pseudonymise',
      basis: `${aml.law}; the journal is append-only and names the client only by an internal id, so it is pseudonymous once the profile is` },
    { recordType: 'regulatory_records', retainFor: years(aml.years), from: 'record_date', onExpiry: 'delete', basis: aml.law },
    { recordType: 'screening_results', retainFor: years(aml.years), from: 'record_date', onExpiry: 'delete', basis: aml.law },
    { recordType: 'approvals', retainFor: years(aml.years), from: 'record_date', onExpiry: 'delete', basis: `${aml.law}: who approved what is part of the record` },
    { recordType: 'data_exports', retainFor: { unit: 'days', count: 30 }, from: 'record_date', onExpiry: 'delete',
      basis: 'a copy made for the client; kept 30 days for delivery, then removed' },
  ]
}

/** The last day the record must be kept, given the day its clock starts. */
export function retainUntil(policy: RetentionPolicy, start: string): string {
  return policy.retainFor.unit === 'years'
    ? addMonthsToDay(start, policy.retainFor.count * 12)
    : calendarDayOf(dayNumber(start) + policy.retainFor.count)
}

export function retentionPolicyProblem(policy: RetentionPolicy): string | undefined {
  if (!personalRecordTypes.includes(policy.recordType)) return `unknown record type ${String(policy.recordType)}`
  const { unit, count } = policy.retainFor
  if (!Number.isInteger(count) || count < 0 || (unit === 'years' && count > 100) || (unit === 'days' && count > 36_600)) return 'retainFor must be a whole, non-negative period'
  if (policy.basis.trim() === '') return 'every policy states its basis'
  return undefined
}
