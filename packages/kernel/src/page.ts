/**
 * Cursor pagination, the same everywhere: `?limit&cursor` in, `{ items,
 * nextCursor }` out. A cursor is opaque to callers; inside it is the sort key
 * of the last item returned (ids are time-ordered UUIDv7).
 */
export interface Page<T> {
  readonly items: readonly T[]
  readonly nextCursor: string | null
}

export interface PageRequest {
  readonly limit: number
  readonly cursor?: string | undefined
}

export const defaultPageLimit = 50
export const maxPageLimit = 200

export function encodeCursor(key: string): string {
  return btoa(key).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Undefined for a cursor that was not made by `encodeCursor`. */
export function decodeCursor(cursor: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined
  try {
    return atob(cursor.replace(/-/g, '+').replace(/_/g, '/'))
  } catch {
    return undefined
  }
}

/** The sort key a page request continues after; undefined for the first page (or a cursor we did not make). */
export function keyAfter(page: PageRequest): string | undefined {
  return page.cursor === undefined ? undefined : decodeCursor(page.cursor)
}

/** Builds a page from `limit + 1` rows fetched in key order. */
export function pageFrom<T>(rows: readonly T[], limit: number, keyOf: (item: T) => string): Page<T> {
  const items = rows.slice(0, limit)
  const last = items[items.length - 1]
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null }
}
