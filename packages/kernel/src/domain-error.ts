/**
 * The one error base of Strongroom. Every domain declares a closed union of
 * stable, namespaced codes (`ledger.insufficient_funds`) and throws
 * `DomainError<ThatUnion>`; the HTTP layer maps each code exhaustively.
 *
 * Expected outcomes of a decision (a risk "review", a compliance "blocked")
 * are returned as values, not thrown: a DomainError means the request cannot
 * be carried out as asked.
 */
export type ErrorCode = `${string}.${string}`

export class DomainError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name: string = 'DomainError'
  readonly code: C
  /** Machine-readable context for the problem document (field names, ids). Never personal data. */
  readonly details: Readonly<Record<string, unknown>> | undefined

  constructor(code: C, message: string, details?: Record<string, unknown>) {
    super(message)
    this.code = code
    this.details = details === undefined ? undefined : Object.freeze({ ...details })
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError
}

/** Codes every domain may use, so generic infrastructure can raise them too. */
export const commonErrorCodes = ['common.not_found', 'common.conflict', 'common.invalid_input', 'common.forbidden'] as const
export type CommonErrorCode = (typeof commonErrorCodes)[number]
