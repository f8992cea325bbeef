import { z } from 'zod'

/**
 * The only reader of the environment. Everything else receives a frozen
 * `Config`, so tests build apps with explicit settings and no globals.
 */
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const environmentSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  STRONGROOM_DATA_DIR: z.string().min(1).default('./.strongroom/data'),
  STRONGROOM_ADMIN_TOKEN: z.string().min(24, 'STRONGROOM_ADMIN_TOKEN must be at least 24 characters').optional(),
  STRONGROOM_RATE_LIMIT: z.coerce.number().int().min(0).default(1200),
  STRONGROOM_DEMO: booleanFlag.optional(),
  STRONGROOM_IDEMPOTENCY_TTL_HOURS: z.coerce.number().int().min(24).default(48),
  STRONGROOM_PDF_FONT: z.string().min(1).optional(),
  STRONGROOM_FX_MAX_RATE_AGE_HOURS: z.coerce.number().positive().max(24 * 366).default(168),
  STRONGROOM_AUTH_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  STRONGROOM_KYC_GATE: booleanFlag.optional(),
  STRONGROOM_REPORT_PACKS: z.string().regex(/^[A-Z][A-Z0-9-]*(,[A-Z][A-Z0-9-]*)*$/, 'a comma-separated list of rule-pack ids').default('CN-PBOC-LVT'),
  STRONGROOM_HOLIDAYS: z.string().regex(/^(\d{4}-\d{2}-\d{2}(,\d{4}-\d{2}-\d{2})*)?$/, 'comma-separated YYYY-MM-DD dates').default(''),
  STRONGROOM_STR_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(5),
  STRONGROOM_IDENTITY_CHECK_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(24),
  STRONGROOM_BANK_COUNTRY: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code').default('CN'),
  STRONGROOM_BUSINESS_TIMEZONE: z.string().min(1).default('UTC').refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone })
      return true
    } catch {
      return false
    }
  }, 'an IANA time zone such as Asia/Shanghai'),
  STRONGROOM_INSURANCE_SCHEMES: z
    .string()
    .regex(/^[A-Z][A-Z0-9-]*(,[A-Z][A-Z0-9-]*)*$/, 'a comma-separated list of scheme ids, e.g. CN-DIS,HK-DPS')
    .default('CN-DIS'),
  STRONGROOM_RISK_MONITORING: booleanFlag.optional(),
  STRONGROOM_SUITABILITY_OVERRIDE_DAYS: z.coerce.number().int().min(1).max(366).default(30),
  STRONGROOM_RISK_REVIEW_ACTION: z.enum(['alert', 'hold']).default('alert'),
  STRONGROOM_REPORTING_CURRENCY: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code').default('CNY'),
  STRONGROOM_MONITORING_REPORTING_THRESHOLD: z.string().regex(/^\d+(\.\d+)?$/, 'a decimal amount').optional(),
  STRONGROOM_MONITORING_ROUND_AMOUNT: z.string().regex(/^\d+(\.\d+)?$/, 'a decimal amount').optional(),
  STRONGROOM_MONITORING_LARGE_DEPOSIT: z.string().regex(/^\d+(\.\d+)?$/, 'a decimal amount').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})

export interface Config {
  /** PostgreSQL connection string; absent → embedded PGlite in `dataDir`. */
  readonly databaseUrl: string | undefined
  readonly host: string
  readonly port: number
  readonly dataDir: string
  readonly adminToken: string | undefined
  /** Requests per minute per token (or per address without one); 0 turns rate limiting off. */
  readonly rateLimitPerMinute: number
  /** Load the demo book into an empty embedded database on first start. */
  readonly demo: boolean
  readonly idempotencyTtlHours: number
  /** How long a verified token is trusted before the database is asked again (0: every request). */
  readonly authCacheMs: number
  /** How old the rate in force may be for a conversion at the `latest` rate (bank policy; default a week). */
  readonly fxMaxRateAgeHours: number
  /** A TrueType/OpenType font for PDF statements (a CJK font for Chinese names). */
  readonly pdfFont: string | undefined
  /** The regulatory rule packs of the bank's jurisdictions (CN-PBOC-LVT, US-FINCEN-CTR, EU-AMLD-OCCASIONAL). */
  readonly reportPacks: readonly string[]
  /** Public holidays, for deadlines in working days. */
  readonly holidays: readonly string[]
  /** Working days from opening a suspicious report to its filing deadline (China: 5, verify). */
  readonly strWorkingDays: number
  /** How recent a recorded identity check must be for a large withdrawal. */
  readonly identityCheckHours: number
  /** Where the bank is: a counterparty elsewhere makes a transfer cross-border. */
  readonly bankCountry: string
  /** No client account opens and no money leaves a client's account unless the client's KYC holds (on unless switched off). */
  readonly kycGate: boolean
  /** Transaction monitoring inline on every transfer (on unless switched off). */
  readonly riskMonitoring: boolean
  /** What a review decision does: post and alert, or hold the amount until the case is decided. */
  readonly riskReviewAction: 'alert' | 'hold'
  /** How long an approved suitability override lets the product be sold to the client. */
  readonly suitabilityOverrideDays: number
  /** The currency monitoring thresholds and aggregates are kept in; other currencies convert at the rate in force. */
  readonly reportingCurrency: string
  /**
   * Monitoring's amounts in the reporting currency: the cash reporting threshold structuring is measured against,
   * the unit of a "round" amount, a large deposit. The defaults are CNY's (50,000; 10,000; 500,000); a bank
   * reporting in another currency must set all three (the server refuses to start otherwise).
   */
  readonly monitoringAmounts: { readonly reportingThreshold: string; readonly roundAmountUnit: string; readonly largeDepositAmount: string } | undefined
  /** The bank's IANA time zone: it decides the business date of deposits and the end-of-day batch. */
  readonly businessTimeZone: string
  /** The deposit-insurance schemes the bank belongs to (ids of `defaultInsuranceSchemes`: CN-DIS, US-FDIC, HK-DPS). */
  readonly insuranceSchemes: readonly string[]
  readonly logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL']
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')))
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`invalid configuration:\n${lines.join('\n')}`)
  }
  const amounts = [parsed.data.STRONGROOM_MONITORING_REPORTING_THRESHOLD, parsed.data.STRONGROOM_MONITORING_ROUND_AMOUNT, parsed.data.STRONGROOM_MONITORING_LARGE_DEPOSIT]
  if (amounts.some((a) => a !== undefined) ? amounts.some((a) => a === undefined) : parsed.data.STRONGROOM_REPORTING_CURRENCY !== 'CNY') {
    throw new Error('invalid configuration:\n  STRONGROOM_MONITORING_REPORTING_THRESHOLD, _ROUND_AMOUNT and _LARGE_DEPOSIT: set all three (required when STRONGROOM_REPORTING_CURRENCY is not CNY, whose figures are the defaults)')
  }
  const e = parsed.data
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    host: e.HOST,
    port: e.PORT,
    dataDir: e.STRONGROOM_DATA_DIR,
    adminToken: e.STRONGROOM_ADMIN_TOKEN,
    rateLimitPerMinute: e.STRONGROOM_RATE_LIMIT,
    // The demo book is for trying Strongroom out: on by default only on the embedded database.
    demo: e.STRONGROOM_DEMO ?? !e.DATABASE_URL,
    idempotencyTtlHours: e.STRONGROOM_IDEMPOTENCY_TTL_HOURS,
    authCacheMs: e.STRONGROOM_AUTH_CACHE_MS,
    pdfFont: e.STRONGROOM_PDF_FONT,
    fxMaxRateAgeHours: e.STRONGROOM_FX_MAX_RATE_AGE_HOURS,
    businessTimeZone: e.STRONGROOM_BUSINESS_TIMEZONE,
    kycGate: e.STRONGROOM_KYC_GATE ?? true,
    riskMonitoring: e.STRONGROOM_RISK_MONITORING ?? true,
    riskReviewAction: e.STRONGROOM_RISK_REVIEW_ACTION,
    suitabilityOverrideDays: e.STRONGROOM_SUITABILITY_OVERRIDE_DAYS,
    reportingCurrency: e.STRONGROOM_REPORTING_CURRENCY,
    monitoringAmounts: e.STRONGROOM_MONITORING_REPORTING_THRESHOLD && e.STRONGROOM_MONITORING_ROUND_AMOUNT && e.STRONGROOM_MONITORING_LARGE_DEPOSIT
      ? { reportingThreshold: e.STRONGROOM_MONITORING_REPORTING_THRESHOLD, roundAmountUnit: e.STRONGROOM_MONITORING_ROUND_AMOUNT, largeDepositAmount: e.STRONGROOM_MONITORING_LARGE_DEPOSIT }
      : undefined,
    reportPacks: Object.freeze(e.STRONGROOM_REPORT_PACKS.split(',')),
    bankCountry: e.STRONGROOM_BANK_COUNTRY,
    holidays: Object.freeze(e.STRONGROOM_HOLIDAYS ? e.STRONGROOM_HOLIDAYS.split(',') : []),
    strWorkingDays: e.STRONGROOM_STR_WORKING_DAYS,
    identityCheckHours: e.STRONGROOM_IDENTITY_CHECK_HOURS,
    insuranceSchemes: Object.freeze(e.STRONGROOM_INSURANCE_SCHEMES.split(',')),
    logLevel: e.LOG_LEVEL,
  })
}

/** A config for tests and tools: defaults, then the overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  // The KYC gate is off in tests unless a test turns it on: the suites of other domains open accounts for clients
  // without walking each through KYC; the gate's own tests (kyc-api) run with it on.
  return Object.freeze({ ...loadConfig({}), demo: false, logLevel: 'silent' as const, rateLimitPerMinute: 0, kycGate: false, ...overrides })
}
