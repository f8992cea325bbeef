import { z } from 'zod'
import { currencyCodes, type CurrencyCode } from '../currency.js'
import { parseMoney, toMoneyJson, type Money } from '../money.js'

/** ISO 4217 alphabetic code from the kernel's table. */
export const currencySchema = z
  .enum(currencyCodes as unknown as readonly [CurrencyCode, ...CurrencyCode[]])
  .describe('An ISO 4217 currency code, e.g. CNY')

/** The amount has no more decimals than its currency allows (CNY 2, JPY 0, KWD 3). */
function fitsItsCurrency(value: { amount: string; currency: string }, ctx: z.RefinementCtx): void {
  try {
    parseMoney(value.amount, value.currency)
  } catch (error) {
    ctx.addIssue({ code: 'custom', path: ['amount'], message: (error as Error).message })
  }
}

/**
 * Money on the wire: a decimal string in major units and a currency, never a
 * JSON number. The string may not carry more decimals than the currency has
 * (CNY 2, JPY 0, KWD 3).
 */
export const moneySchema = z
  .object({
    amount: z.string().max(40).regex(/^-?\d+(\.\d+)?$/, 'a decimal string in major units, e.g. "250000.00"'),
    currency: currencySchema,
  })
  .strict()
  .superRefine(fitsItsCurrency)
  .meta({ id: 'Money' })

/** A strictly positive amount (transfers, holds): a non-zero digit somewhere, no sign. */
export const positiveMoneySchema = z
  .object({
    amount: z
      .string()
      .max(40)
      .regex(/^(\d*[1-9]\d*(\.\d+)?|\d+\.\d*[1-9]\d*)$/, 'a positive decimal string in major units, e.g. "250000.00"'),
    currency: currencySchema,
  })
  .strict()
  .superRefine(fitsItsCurrency)
  .meta({ id: 'PositiveMoney' })

export function moneyFromJson(json: z.output<typeof moneySchema>): Money {
  return parseMoney(json.amount, json.currency)
}

export { toMoneyJson }
