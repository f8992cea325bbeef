/**
 * Time is a port: domain code never reads the system clock, it is handed one.
 * Production uses `systemClock`; tests use `fixedClock` and move it explicitly.
 */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = Object.freeze({ now: () => new Date() })

export interface FixedClock extends Clock {
  set(instant: Date | string): void
  advance(milliseconds: number): void
}

export function fixedClock(start: Date | string = '2026-01-01T00:00:00.000Z'): FixedClock {
  let current = new Date(start).getTime()
  if (Number.isNaN(current)) throw new RangeError(`fixedClock: not an instant: ${String(start)}`)
  return {
    now: () => new Date(current),
    set(instant) {
      const next = new Date(instant).getTime()
      if (Number.isNaN(next)) throw new RangeError(`fixedClock: not an instant: ${String(instant)}`)
      current = next
    },
    advance(milliseconds) {
      current += milliseconds
    },
  }
}
