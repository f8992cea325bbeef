import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { roundingModes, toMoneyJson, type CurrencyCode, staffRoles, type StaffRole } from '@strongroom/kernel'
import { actorOf, currencySchema, moneySchema, moneyFromJson, positiveMoneySchema, problemResponses, textSchema } from '@strongroom/kernel/fastify'
import type { ConversionResult, EcbImportReport, FxRate, FxService, RateQuote } from '../core/index.js'
import { idempotencyKeyOf } from './idempotency-key.js'
import { balanceAfterSchema, toBalanceAfterDto } from './schemas.js'

export interface FxRoutesOptions {
  readonly fx: FxService
}

/**
 * The longest ECB CSV the import route takes, in characters: the full
 * history since 1999 is about 1.8 MB and grows by about 70 kB a year.
 * The body is JSON (`{ "csv": "…" }`, the server parses nothing else), so
 * the route raises Fastify's body limit for itself to fit it.
 */
export const ecbCsvMaxLength = 8 * 1024 * 1024
/** Room for the JSON envelope and the escaping of every line end (`\n` → `\\n`). */
const ecbImportBodyLimit = ecbCsvMaxLength + 512 * 1024
/** Rates per `POST /fx/rates`. */
export const maxRatesPerRequest = 1000

const everyone: readonly StaffRole[] = staffRoles
const rateKeepers: readonly StaffRole[] = ['admin', 'operations']
const dealers: readonly StaffRole[] = ['admin', 'operations']
const tags = ['fx']

const instant = z.iso.datetime({ offset: true })

/** A rate on the wire: a positive decimal string, never a JSON number, at most 12 decimal places. */
export const rateValueSchema = z
  .string()
  .max(40)
  .regex(/^\d{1,24}(\.\d{1,12})?$/, 'a positive decimal string with at most 12 decimal places, e.g. "7.7433"')
  .refine((value) => /[1-9]/.test(value), 'must be greater than zero')

const sourceSchema = textSchema(64).describe('Who published or dealt the rate: "ECB", a dealer, a desk')

export const fxRateSchema = z
  .object({
    base: z.string(),
    quote: z.string(),
    rate: z.string().describe('1 base = rate quote, exact as recorded'),
    source: z.string(),
    asOf: instant.describe('When the rate took effect (an ECB day: 16:00 CET, as 15:00 UTC)'),
  })
  .meta({ id: 'FxRate' })

export const newFxRateBody = z
  .object({ base: currencySchema, quote: currencySchema, rate: rateValueSchema, source: sourceSchema, asOf: instant })
  .strict()
  .refine((r) => r.base !== r.quote, { message: 'a rate joins two different currencies', path: ['quote'] })
  .meta({ id: 'NewFxRate' })

export const recordFxRatesBody = z
  .object({ rates: z.array(newFxRateBody).min(1).max(maxRatesPerRequest) })
  .strict()
  .meta({ id: 'RecordFxRatesRequest' })

export const recordFxRatesResultSchema = z
  .object({
    recorded: z.number().int().describe('New rates stored'),
    alreadyRecorded: z.number().int().describe('Rates already stored with the same value (left as they were)'),
  })
  .meta({ id: 'RecordFxRatesResult' })

export const fxRateQuery = z
  .object({
    base: currencySchema,
    quote: currencySchema,
    at: instant.optional().describe('The instant the rate must be in force at; default now'),
    source: sourceSchema.optional(),
  })
  .strict()

export const fxRateQuoteSchema = fxRateSchema
  .extend({
    derivation: z.enum(['direct', 'inverse', 'cross']).describe('Stored as asked, stored the other way and inverted, or crossed through EUR'),
    derivedFrom: z.array(fxRateSchema).describe('The stored rates it comes from (two for a cross)'),
    rounding: z
      .object({ significantDigits: z.number().int(), mode: z.enum(roundingModes) })
      .nullable()
      .describe('How an inverse or cross rate was rounded, once; null for a direct rate'),
  })
  .meta({ id: 'FxRateQuote' })

export const ecbImportBody = z
  .object({ csv: z.string().min(1).max(ecbCsvMaxLength).describe('The ECB reference-rate CSV (eurofxref-hist.csv or eurofxref.csv) as text') })
  .strict()
  .meta({ id: 'EcbImportRequest' })

export const ecbImportResultSchema = recordFxRatesResultSchema
  .extend({
    days: z.number().int(),
    rates: z.number().int().describe('Rates read from the file'),
    skippedCurrencies: z.array(z.string()).describe('Columns the platform does not know (currencies the euro replaced)'),
    firstDate: z.iso.date().nullable(),
    lastDate: z.iso.date().nullable(),
  })
  .meta({ id: 'EcbImportResult' })

export const fxConversionBody = z
  .object({
    fromAccountId: z.uuid().describe('The client account paying, in the currency of `amount`'),
    toAccountId: z.uuid().describe('An account of the same client, in `toCurrency`'),
    amount: positiveMoneySchema.describe('What leaves `fromAccountId`'),
    toCurrency: currencySchema,
    rate: z
      .union([
        z.literal('latest'),
        rateValueSchema,
        z.object({ base: currencySchema, quote: currencySchema, rate: rateValueSchema }).strict(),
      ])
      .describe('"latest" (the rate in force, at most 7 days old); a decimal string: units of toCurrency per one unit of the amount’s currency; or a rate with its direction'),
    rateSource: sourceSchema.optional().describe('The source on record for a given rate; default "explicit"'),
    fxPositionAccounts: z
      .record(currencySchema, z.uuid())
      .optional()
      .describe('The FX position account per currency; a currency left out uses its one open fx_position account'),
    reference: textSchema(140).optional(),
  })
  .strict()
  .meta({ id: 'FxConversionRequest' })

export const fxConversionSchema = z
  .object({
    id: z.uuid().describe('The posted transfer'),
    postedAt: instant,
    debited: moneySchema.describe('What left the paying account'),
    credited: moneySchema.describe('What reached the receiving account: debited at the rate, rounded once'),
    rate: fxRateSchema.describe('The rate applied, in the direction it is quoted'),
    derivation: z.enum(['direct', 'inverse', 'cross', 'explicit']),
    positionAccounts: z.object({ from: z.uuid(), to: z.uuid() }),
    balances: z.array(balanceAfterSchema).describe('Every account the transfer touched, after it'),
  })
  .meta({ id: 'FxConversion' })

const toFxRateDto = (r: FxRate): z.output<typeof fxRateSchema> => ({ base: r.base, quote: r.quote, rate: r.rate, source: r.source, asOf: r.asOf })

export function toFxRateQuoteDto(q: RateQuote): z.output<typeof fxRateQuoteSchema> {
  return { ...toFxRateDto(q.rate), derivation: q.derivation, derivedFrom: q.derivedFrom.map(toFxRateDto), rounding: q.rounding }
}

export function toFxConversionDto(c: ConversionResult): z.output<typeof fxConversionSchema> {
  return {
    id: c.posted.transfer.id,
    postedAt: c.posted.transfer.postedAt.toISOString(),
    debited: toMoneyJson(c.debited),
    credited: toMoneyJson(c.credited),
    rate: toFxRateDto(c.rate),
    derivation: c.derivation,
    positionAccounts: c.positions,
    balances: c.posted.balancesAfter.map(toBalanceAfterDto),
  }
}

const toEcbImportDto = (r: EcbImportReport): z.output<typeof ecbImportResultSchema> => ({ ...r, skippedCurrencies: [...r.skippedCurrencies] })


export const fxRoutes: FastifyPluginAsyncZod<FxRoutesOptions> = async (app, { fx }) => {
  app.post('/fx/rates', {
    config: { access: rateKeepers, audit: { entity: 'fx_rate' } },
    schema: {
      operationId: 'recordFxRates', tags,
      summary: `Record up to ${maxRatesPerRequest} rates; one already recorded with the same value is left alone, a different one refuses the request (409)`,
      body: recordFxRatesBody,
      response: { 200: recordFxRatesResultSchema, ...problemResponses(400, 401, 403, 409, 422) },
    },
  }, async (req) => fx.recordRates(req.body.rates))

  app.get('/fx/rates', {
    config: { access: everyone },
    schema: {
      operationId: 'getFxRate', tags,
      summary: 'The rate in force for a pair at an instant: direct, inverted or crossed through EUR, whichever is freshest',
      querystring: fxRateQuery,
      response: { 200: fxRateQuoteSchema, ...problemResponses(400, 401, 403, 404, 422) },
    },
  }, async (req) => {
    const { base, quote, at, source } = req.query
    return toFxRateQuoteDto(await fx.rateFor(base as CurrencyCode, quote as CurrencyCode, at === undefined ? undefined : new Date(at), { source }))
  })

  app.post('/fx/rates/ecb-import', {
    bodyLimit: ecbImportBodyLimit,
    config: { access: rateKeepers, audit: { entity: 'fx_rate' } },
    schema: {
      operationId: 'importEcbRates', tags,
      summary: `Import the ECB reference-rate CSV, sent as JSON { csv } (at most ${ecbCsvMaxLength / 1024 / 1024} MiB of text); importing a file again records nothing new`,
      body: ecbImportBody,
      response: { 200: ecbImportResultSchema, ...problemResponses(400, 401, 403, 409, 413, 422) },
    },
  }, async (req) => toEcbImportDto(await fx.importEcbCsv(req.body.csv)))

  app.post('/fx/conversions', {
    // The ledger stores the key with the posting, in one transaction: the generic layer stands aside.
    config: { access: dealers, audit: { entity: 'transfer' }, idempotency: 'domain' },
    schema: {
      operationId: 'postFxConversion', tags,
      summary: 'Convert between two accounts of one client: one transfer through the FX position accounts, rounded once',
      body: fxConversionBody,
      response: { 201: fxConversionSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => {
    const actor = actorOf(req)
    const { amount, toCurrency, rate, fxPositionAccounts, ...rest } = req.body
    const result = await fx.convertAndPost({
      ...rest,
      amount: moneyFromJson(amount),
      toCurrency: toCurrency as CurrencyCode,
      rate: typeof rate === 'object' ? { ...rate, base: rate.base as CurrencyCode, quote: rate.quote as CurrencyCode } : rate,
      fxPositionAccounts: fxPositionAccounts as Partial<Record<CurrencyCode, string>> | undefined,
    }, { idempotencyKey: idempotencyKeyOf(req, actor) })
    return reply.code(201).send(toFxConversionDto(result))
  })
}
