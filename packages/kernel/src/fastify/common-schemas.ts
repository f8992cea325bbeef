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

/**
 * A bounded string with no control characters (PostgreSQL text and jsonb
 * cannot even hold NUL, and none belongs in a label, a filter or a name).
 */
export function plainTextSchema(max: number) {
  return z.string().max(max).regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters')
}

/** Free text a person typed: no control characters anywhere (checked before trimming), trimmed, non-empty, bounded. */
export function textSchema(max = 200) {
  return plainTextSchema(Number.MAX_SAFE_INTEGER).trim().min(1).max(max)
}
