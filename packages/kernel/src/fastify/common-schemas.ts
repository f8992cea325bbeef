import { z } from 'zod'
import { decodeCursor, defaultPageLimit, maxPageLimit } from '../page.js'
import { isUuid } from '../ids.js'

export const uuidSchema = z.uuid()
export const idParams = z.object({ id: z.uuid() })

/** A cursor is only valid if we made it: base64url of a UUID. */
export const cursorSchema = z
  .string()
  .max(100)
  .refine((c) => {
    const key = decodeCursor(c)
    return key !== undefined && isUuid(key)
  }, 'not a cursor returned by this API')

/** A cursor over a numeric sequence (an account's entries): base64url of a non-negative integer. */
export const sequenceCursorSchema = z
  .string()
  .max(100)
  .refine((c) => /^\d{1,19}$/.test(decodeCursor(c) ?? ''), 'not a cursor returned by this API')

export const sequencePageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(maxPageLimit).default(defaultPageLimit),
  cursor: sequenceCursorSchema.optional(),
})

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(maxPageLimit).default(defaultPageLimit),
  cursor: cursorSchema.optional(),
})

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() })
}

/** A calendar date, `YYYY-MM-DD`, that exists. */
export const isoDateSchema = z.iso.date()

/** ISO 3166-1 alpha-2 country code. */
export const countrySchema = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code in capitals, e.g. CN')

/** Free text a person typed: trimmed, non-empty, bounded, no control characters. */
export function textSchema(max = 200) {
  return z
    .string()
    // Checked before trimming: a tab or a line break anywhere is refused, not quietly cut off the ends.
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters')
    .trim()
    .min(1)
    .max(max)
}
