/**
 * One decision, made once, for both drivers: what a PostgreSQL value becomes
 * in JavaScript. Left alone, PGlite turns int8 into a JS number (silently
 * wrong above 2^53 — fatal for minor units) and pg turns it into a string,
 * while `date` becomes a midnight `Date` in the process time zone.
 */
export const PG_INT8 = 20
export const PG_DATE = 1082

export const parseInt8 = (text: string): bigint => BigInt(text)
/** A calendar date stays a `YYYY-MM-DD` string: it has no time zone. */
export const parseDate = (text: string): string => text

export const typeParsers: Readonly<Record<number, (text: string) => unknown>> = Object.freeze({
  [PG_INT8]: parseInt8,
  [PG_DATE]: parseDate,
})
