import { z } from 'zod'
import { money, parseMoney, roundingModes, toMoneyJson, type CurrencyCode } from '@strongroom/kernel'
import { currencySchema, isoDateSchema, textSchema } from '@strongroom/kernel/fastify'
import {
  compoundingFrequencies, dayCountConventions, depositKinds, earlyWithdrawalPolicyKinds, formatCalendarDate, maturityInstructions,
  postingFrequencies, postingModes, tierMethods,
  type CompetitorRate, type Deposit, type DepositEvent, type DepositProduct, type DepositView, type EodRun, type NegotiatedRate, type ProductTerms,
  type RateSheet, type WithdrawalQuote, epochDay, fractionToDecimal,
} from '../core/index.js'

/** A yearly rate as a decimal string: "0.0175" is 1.75 %. */
export const annualRateSchema = z.string().max(20).regex(/^-?\d{1,2}(\.\d{1,10})?$/, 'a yearly rate as a decimal string, e.g. "0.0175" for 1.75 %')
export const tenorSchema = z.string().regex(/^[1-9]\d{0,2}[DMY]$/, 'a tenor such as 7D, 3M, 1Y')
const amountSchema = z.string().max(40).regex(/^\d+(\.\d+)?$/, 'a decimal string in major units, e.g. "50000.00"')

const policySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('china-demand-rate') }).strict(),
  z.object({ kind: z.literal('rate-haircut'), penaltyRate: annualRateSchema }).strict(),
  z.object({ kind: z.literal('forfeit-days'), days: z.number().int().min(1).max(3650), onlyWithinDaysOfDeposit: z.number().int().min(0).max(3650).nullable().optional() }).strict(),
  z.object({ kind: z.literal('not-allowed') }).strict(),
]).describe(`Early withdrawal: ${earlyWithdrawalPolicyKinds.join(', ')}`).meta({ id: 'EarlyWithdrawalPolicy' })

export const productTermsSchema = z.object({
  kind: z.enum(depositKinds),
  currency: currencySchema,
  convention: z.enum(dayCountConventions),
  tierMethod: z.enum(tierMethods),
  rateType: z.enum(['fixed', 'floating']),
  posting: z.object({ frequency: z.enum(postingFrequencies), mode: z.enum(postingModes), dayOfMonth: z.number().int().min(1).max(28).nullable() }).strict(),
  compounding: z.enum(compoundingFrequencies),
  rounding: z.enum(roundingModes),
  minimum: z.object({ individual: amountSchema, institution: amountSchema }).strict().describe('Smallest opening amount per client type, in the product currency'),
  maximum: amountSchema.nullable(),
  tenors: z.array(tenorSchema).max(20),
  noticeDays: z.number().int().min(1).max(366).nullable(),
  earlyWithdrawal: policySchema,
  maturityInstructions: z.array(z.enum(maturityInstructions)).max(4),
  gracePeriodDays: z.number().int().min(0).max(90),
  postMaturityRate: z.union([z.literal('demand'), annualRateSchema]),
}).strict().meta({ id: 'DepositProductTerms' })

export type ProductTermsJson = z.output<typeof productTermsSchema>

/** Amounts in the wire form are major units of the product currency; the core counts minor units. */
export function termsFromJson(json: ProductTermsJson): ProductTerms {
  const minor = (amount: string) => parseMoney(amount, json.currency).amountMinor
  const { minimum, maximum, ...rest } = json
  return {
    ...rest,
    earlyWithdrawal: json.earlyWithdrawal,
    minimumMinor: { individual: minor(minimum.individual), institution: minor(minimum.institution) },
    maximumMinor: maximum === null ? null : minor(maximum),
  }
}

export function termsToJson(terms: ProductTerms): ProductTermsJson {
  const major = (minor: bigint) => toMoneyJson(money(minor, terms.currency)).amount
  const { minimumMinor, maximumMinor, ...rest } = terms
  return {
    ...rest, tenors: [...terms.tenors], maturityInstructions: [...terms.maturityInstructions],
    minimum: { individual: major(minimumMinor.individual), institution: major(minimumMinor.institution) },
    maximum: maximumMinor === null ? null : major(maximumMinor),
  } as ProductTermsJson
}

export const rateTierSchema = z.object({
  tenor: tenorSchema.nullable().describe('Null for products without a term'),
  from: amountSchema.describe('The tier applies from this amount up (in the product currency)'),
  annualRate: annualRateSchema,
}).strict().meta({ id: 'RateTier' })

export const rateSheetBody = z.object({
  effectiveFrom: isoDateSchema,
  tiers: z.array(rateTierSchema).min(1).max(500),
  note: textSchema(500).nullable().optional(),
}).strict().meta({ id: 'NewRateSheet' })

export const rateSheetSchema = z.object({
  productId: z.string(), effectiveFrom: z.string(), tiers: z.array(rateTierSchema), note: z.string().nullable(), recordedBy: z.string(), recordedAt: z.string(),
}).meta({ id: 'RateSheet' })

export function tiersFromJson(tiers: readonly z.output<typeof rateTierSchema>[], currency: CurrencyCode) {
  return tiers.map((t) => ({ tenor: t.tenor, fromMinor: parseMoney(t.from, currency).amountMinor, annualRate: t.annualRate }))
}

export function toRateSheetDto(sheet: RateSheet, currency: CurrencyCode): z.output<typeof rateSheetSchema> {
  return {
    productId: sheet.productId, effectiveFrom: formatCalendarDate(sheet.effectiveFrom), note: sheet.note, recordedBy: sheet.recordedBy, recordedAt: sheet.recordedAt.toISOString(),
    tiers: sheet.tiers.map((t) => ({ tenor: t.tenor, from: toMoneyJson(money(t.fromMinor, currency)).amount, annualRate: t.annualRate })),
  }
}

export const productSchema = z.object({
  id: z.string(), code: z.string(), name: z.string(), status: z.enum(['draft', 'open', 'closed']), riskLevel: z.enum(['R1', 'R2', 'R3', 'R4', 'R5']),
  terms: productTermsSchema, createdAt: z.string(), updatedAt: z.string(),
  ratesInForce: rateSheetSchema.nullable().describe('The rate sheet in force today'),
}).meta({ id: 'DepositProduct' })

export function toProductDto(product: DepositProduct, ratesInForce: RateSheet | undefined): z.output<typeof productSchema> {
  return {
    id: product.id, code: product.code, name: product.name, status: product.status, riskLevel: product.riskLevel, terms: termsToJson(product.terms),
    createdAt: product.createdAt.toISOString(), updatedAt: product.updatedAt.toISOString(),
    ratesInForce: ratesInForce ? toRateSheetDto(ratesInForce, product.terms.currency) : null,
  }
}

export const competitorRateBody = z.object({
  institution: textSchema(200), kind: z.enum(depositKinds), tenor: tenorSchema.nullable(), currency: currencySchema,
  annualRate: annualRateSchema, observedOn: isoDateSchema, source: textSchema(500).nullable().optional(),
}).strict().meta({ id: 'NewCompetitorRate' })

export const competitorRateSchema = z.object({
  id: z.string(), institution: z.string(), kind: z.enum(depositKinds), tenor: z.string().nullable(), currency: z.string(), annualRate: z.string(),
  observedOn: z.string(), source: z.string().nullable(), recordedBy: z.string(), recordedAt: z.string(),
}).meta({ id: 'CompetitorRate' })

export function toCompetitorRateDto(r: CompetitorRate): z.output<typeof competitorRateSchema> {
  return { ...r, observedOn: formatCalendarDate(r.observedOn), recordedAt: r.recordedAt.toISOString() }
}

export const negotiatedRateSchema = z.object({
  id: z.string(), productId: z.string(), clientId: z.string(), tenor: z.string().nullable(), annualRate: z.string(), validFrom: z.string(), validUntil: z.string(),
  reason: z.string(), status: z.enum(['pending', 'approved', 'rejected']), requestedBy: z.string(), requestedAt: z.string(),
  decidedBy: z.string().nullable(), decidedAt: z.string().nullable(), decisionNote: z.string().nullable(),
}).meta({ id: 'NegotiatedRate' })

export function toNegotiatedRateDto(r: NegotiatedRate): z.output<typeof negotiatedRateSchema> {
  return {
    ...r, validFrom: formatCalendarDate(r.validFrom), validUntil: formatCalendarDate(r.validUntil), requestedAt: r.requestedAt.toISOString(),
    decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null,
  }
}

const moneyOut = z.object({ amount: z.string(), currency: z.string() })

export const depositSchema = z.object({
  id: z.string(), clientId: z.string(), productId: z.string(), kind: z.enum(depositKinds), currency: z.string(),
  accountId: z.string(), fundingAccountId: z.string(), payoutAccountId: z.string(),
  principal: moneyOut, tenor: z.string().nullable(), openedOn: z.string(), termStart: z.string(), maturityDate: z.string().nullable(),
  status: z.enum(['active', 'matured', 'closed']), maturityInstruction: z.enum(maturityInstructions).nullable(),
  rate: z.object({ annualRate: z.string(), source: z.enum(['sheet', 'negotiated', 'post-maturity']), convention: z.string(), tierMethod: z.string() }),
  accruedInterest: z.object({ exact: z.string().describe('Accrued and not yet posted, to 12 decimal places'), rounded: moneyOut }),
  accruedThrough: z.string().describe('The last day whose interest is included'),
  projectedInterestAtMaturity: moneyOut.nullable().describe('Interest still to be paid by maturity at the current rate'),
  nextInterestPosting: z.string().nullable(),
  notice: z.object({ amount: moneyOut, availableFrom: z.string() }).nullable(),
  graceUntil: z.string().nullable(),
  version: z.number().int(),
  terms: productTermsSchema.describe('The terms copied onto the deposit when it opened'),
  closedOn: z.string().nullable(),
}).meta({ id: 'Deposit' })

export function toDepositDto(v: DepositView): z.output<typeof depositSchema> {
  const d: Deposit = v.deposit
  const date = (x: { year: number; month: number; day: number } | null) => (x ? formatCalendarDate(x) : null)
  return {
    id: d.id, clientId: d.clientId, productId: d.productId, kind: d.kind, currency: d.currency, accountId: d.accountId,
    fundingAccountId: d.fundingAccountId, payoutAccountId: d.payoutAccountId, principal: toMoneyJson(d.principal), tenor: d.tenor,
    openedOn: formatCalendarDate(d.openedOn), termStart: formatCalendarDate(d.termStart), maturityDate: date(d.maturity), status: d.status,
    maturityInstruction: d.maturityInstruction,
    rate: { annualRate: d.annualRate, source: d.rateSource, convention: d.terms.convention, tierMethod: d.terms.tierMethod },
    accruedInterest: { exact: v.accruedInterest.exact, rounded: toMoneyJson(v.accruedInterest.rounded) },
    accruedThrough: formatCalendarDate(d.accruedThrough),
    projectedInterestAtMaturity: v.projectedInterestAtMaturity ? toMoneyJson(v.projectedInterestAtMaturity) : null,
    nextInterestPosting: date(d.nextPostingOn),
    notice: d.notice ? { amount: toMoneyJson(d.notice.amount), availableFrom: formatCalendarDate(d.notice.availableFrom) } : null,
    graceUntil: date(d.graceUntil), version: d.version, terms: termsToJson(d.terms), closedOn: date(d.closedOn),
  }
}

export const depositEventSchema = z.object({
  id: z.string(), businessDate: z.string(), at: z.string(), kind: z.string(), annualRate: z.string().nullable(), detail: z.record(z.string(), z.unknown()),
}).meta({ id: 'DepositEvent' })

export function toDepositEventDto(e: DepositEvent): z.output<typeof depositEventSchema> {
  return { id: e.id, businessDate: formatCalendarDate(e.businessDate), at: e.at.toISOString(), kind: e.kind, annualRate: e.annualRate, detail: { ...e.detail } }
}

export const withdrawalQuoteSchema = z.object({
  depositId: z.string(),
  basis: z.enum(['early', 'grace', 'notice', 'flexible', 'matured']).describe('Why these figures: early (the product’s policy), grace, notice, flexible, matured'),
  policy: z.string(),
  full: z.boolean(),
  valueDate: z.string(),
  principalWithdrawn: moneyOut, principalRemaining: moneyOut,
  lines: z.array(z.object({
    part: z.enum(['withdrawn', 'remaining']), principal: moneyOut, annualRate: z.string(), from: z.string(), to: z.string(), days: z.number().int(),
    interest: z.string().describe('Exact, to 12 decimal places, before rounding'), basis: z.string(),
  })),
  interestEarned: moneyOut, penalty: moneyOut, payout: moneyOut,
  explanation: z.array(z.string()),
  quoteToken: z.string().describe('Send it back with the withdrawal to execute exactly this quote'),
}).meta({ id: 'WithdrawalQuote' })

export function toQuoteDto(q: WithdrawalQuote): z.output<typeof withdrawalQuoteSchema> {
  return {
    depositId: q.depositId, basis: q.basis, policy: q.basis === 'early' ? q.policy.kind : 'none', full: q.full, valueDate: formatCalendarDate(q.withdrawalDate),
    principalWithdrawn: toMoneyJson(q.principalWithdrawn), principalRemaining: toMoneyJson(q.principalRemaining),
    lines: q.lines.map((l) => ({
      part: l.part, principal: toMoneyJson(l.principal), annualRate: l.annualRate, from: formatCalendarDate(l.from), to: formatCalendarDate(l.to), days: l.days,
      interest: fractionToDecimal(l.interest).toFixed(12), basis: l.basis,
    })),
    interestEarned: toMoneyJson(q.interestEarned), penalty: toMoneyJson(q.penalty), payout: toMoneyJson(q.payout),
    explanation: [...q.explanation], quoteToken: q.quoteToken,
  }
}

export const eodRunSchema = z.object({
  id: z.string(), businessDate: z.string(), fromDate: z.string().describe('Missed days since the last closed one are caught up from here, in order'),
  status: z.enum(['running', 'completed', 'failed']), processingDate: z.string().nullable(), step: z.string().nullable(),
  progress: z.object({ daysDone: z.number().int(), days: z.number().int() }),
  counts: z.record(z.string(), z.number()), errors: z.array(z.object({ at: z.string(), date: z.string().nullable(), step: z.string().nullable(), message: z.string() })),
  startedBy: z.string(), startedAt: z.string(), updatedAt: z.string(), completedAt: z.string().nullable(),
}).meta({ id: 'EodRun' })

export function toEodRunDto(run: EodRun): z.output<typeof eodRunSchema> {
  const days = epochDay(run.businessDate) - epochDay(run.fromDate) + 1
  const done = run.status === 'completed' ? days : run.processingDate ? epochDay(run.processingDate) - epochDay(run.fromDate) : 0
  return {
    id: run.id, businessDate: formatCalendarDate(run.businessDate), fromDate: formatCalendarDate(run.fromDate), status: run.status,
    processingDate: run.processingDate ? formatCalendarDate(run.processingDate) : null, step: run.step, progress: { daysDone: done, days },
    counts: { ...run.counts }, errors: run.errors.map((e) => ({ ...e })), startedBy: run.startedBy, startedAt: run.startedAt.toISOString(),
    updatedAt: run.updatedAt.toISOString(), completedAt: run.completedAt ? run.completedAt.toISOString() : null,
  }
}


