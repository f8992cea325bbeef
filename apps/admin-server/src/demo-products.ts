import { parseCalendarDate, type ProductTerms, type RateSheetTier } from '@strongroom/ledger'
import type { Services } from './services.js'

const cnyMinor = (amount: number) => BigInt(amount) * 100n

/** What most CNY products share; each product below changes what makes it different. */
const base: ProductTerms = {
  kind: 'term', currency: 'CNY', convention: 'act-360', tierMethod: 'whole-balance', rateType: 'fixed',
  posting: { frequency: 'at-maturity', mode: 'payout', dayOfMonth: null }, compounding: 'none', rounding: 'half-even',
  minimumMinor: { individual: cnyMinor(50), institution: cnyMinor(10_000) }, maximumMinor: null, tenors: ['3M', '6M', '1Y', '2Y', '3Y'], noticeDays: null,
  earlyWithdrawal: { kind: 'china-demand-rate' },
  maturityInstructions: ['payout', 'rollover-principal', 'rollover-principal-and-interest', 'await-instruction'], gracePeriodDays: 7, postMaturityRate: 'demand',
}
const noTerm = { tenors: [], maturityInstructions: [], gracePeriodDays: 0 } as const

/** A demo catalogue in CNY, with rates of the kind Chinese banks published in 2025 (illustrative, not advice). */
const demoProducts: ReadonlyArray<{ code: string; name: string; terms: ProductTerms; tiers: RateSheetTier[] }> = [
  {
    code: 'DEMAND-CNY', name: 'CNY current account',
    terms: { ...base, ...noTerm, kind: 'demand', tierMethod: 'marginal', posting: { frequency: 'quarterly', mode: 'capitalise', dayOfMonth: 21 }, minimumMinor: { individual: 0n, institution: 0n } },
    tiers: [{ tenor: null, fromMinor: 0n, annualRate: '0.0005' }, { tenor: null, fromMinor: cnyMinor(5_000_000), annualRate: '0.0015' }],
  },
  {
    code: 'TD-CNY', name: 'CNY time deposit',
    terms: base,
    tiers: [
      { tenor: '3M', fromMinor: 0n, annualRate: '0.0065' }, { tenor: '6M', fromMinor: 0n, annualRate: '0.0085' },
      { tenor: '1Y', fromMinor: 0n, annualRate: '0.0095' }, { tenor: '1Y', fromMinor: cnyMinor(5_000_000), annualRate: '0.0115' },
      { tenor: '2Y', fromMinor: 0n, annualRate: '0.0105' }, { tenor: '3Y', fromMinor: 0n, annualRate: '0.0125' },
    ],
  },
  {
    code: 'NOTICE7-CNY', name: 'CNY 7-day notice deposit',
    terms: { ...base, ...noTerm, kind: 'notice', noticeDays: 7, posting: { frequency: 'quarterly', mode: 'payout', dayOfMonth: 21 }, minimumMinor: { individual: cnyMinor(50_000), institution: cnyMinor(500_000) } },
    tiers: [{ tenor: null, fromMinor: 0n, annualRate: '0.0045' }],
  },
  {
    code: 'CD-CNY', name: 'CNY large-denomination CD',
    terms: { ...base, kind: 'certificate', tenors: ['1M', '3M', '6M', '9M', '1Y', '18M', '2Y', '3Y', '5Y'], minimumMinor: { individual: cnyMinor(200_000), institution: cnyMinor(10_000_000) } },
    tiers: ['1M', '3M', '6M', '9M', '1Y', '18M', '2Y', '3Y', '5Y'].map((tenor, i) => ({ tenor, fromMinor: 0n, annualRate: ['0.0090', '0.0100', '0.0120', '0.0125', '0.0135', '0.0140', '0.0145', '0.0165', '0.0170'][i]! })),
  },
  {
    code: 'FLEX-CNY', name: 'CNY flexible deposit',
    terms: { ...base, ...noTerm, kind: 'flexible', rateType: 'floating', posting: { frequency: 'monthly', mode: 'capitalise', dayOfMonth: null } },
    tiers: [{ tenor: null, fromMinor: 0n, annualRate: '0.0080' }],
  },
]

/** The demo catalogue, open, with rates from the start of the year; answers the products by code. */
export async function seedDemoProducts(services: Pick<Services, 'catalogue'>, staffId: string, today: string): Promise<Map<string, string>> {
  const ids = new Map<string, string>()
  const effectiveFrom = parseCalendarDate(`${today.slice(0, 4)}-01-01`)
  for (const product of demoProducts) {
    const { product: created } = await services.catalogue.createProduct({ code: product.code, name: product.name, terms: product.terms, rates: { effectiveFrom, tiers: product.tiers } }, staffId)
    await services.catalogue.updateProduct(created.id, { status: 'open' })
    ids.set(product.code, created.id)
  }
  return ids
}
