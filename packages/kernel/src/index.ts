export { DomainError, isDomainError, commonErrorCodes } from './domain-error.js'
export type { ErrorCode, CommonErrorCode } from './domain-error.js'
export { systemClock, fixedClock } from './clock.js'
export type { Clock, FixedClock } from './clock.js'
export { uuidv7, uuidv7Ids, sequentialIds, isUuid } from './ids.js'
export type { IdGenerator } from './ids.js'
export { staffRoles, isStaffRole, hasAnyRole } from './actor.js'
export type { StaffRole, Actor, RouteAccess } from './actor.js'
export { encodeCursor, decodeCursor, keyAfter, pageFrom, defaultPageLimit, maxPageLimit } from './page.js'
export type { Page, PageRequest } from './page.js'
export { kernelErrorCodes } from './kernel-errors.js'
export type { KernelErrorCode } from './kernel-errors.js'
export { currencies, currencyCodes, isCurrencyCode, parseCurrencyCode, currencyExponent } from './currency.js'
export type { CurrencyCode, MinorUnitExponent } from './currency.js'
export { decimal, isDecimalString, formatDecimal } from './decimal.js'
export type { ExactDecimal, DecimalInput } from './decimal.js'
export { roundingModes, roundDecimal, roundToMinor, roundToMinorWithRemainder } from './rounding.js'
export type { RoundingMode, RoundedMoney } from './rounding.js'
export {
  money,
  zeroMoney,
  parseMoney,
  formatMoney,
  toMoneyJson,
  fromMoneyJson,
  toDecimal,
  addMoney,
  subtractMoney,
  negateMoney,
  compareMoney,
  equalsMoney,
  isZero,
  isNegative,
  isPositive,
  minMoney,
  maxMoney,
  sumMoney,
  convertMoney, multiplyMoney,
} from './money.js'
export type { Money, MoneyJson } from './money.js'
export { allocateMoney, splitEvenly } from './allocation.js'
export { createGroupCommitter } from './group-commit.js'
export type { GroupCommitOptions } from './group-commit.js'
export {
  addDaysToDay, addMonthsToDay, assertCalendarDay, calendarDayOf, dayNumber, daysFromTo, instantMillis, isCalendarDay, isInstant, isoWeekday,
} from './calendar-day.js'
