/**
 * The closed set of codes the kernel itself raises. They are stable: the HTTP
 * layer maps each one exhaustively, and clients may branch on them.
 */
export const kernelErrorCodes = [
  'kernel.invalid_amount',
  'kernel.unknown_currency',
  'kernel.currency_mismatch',
  'kernel.invalid_decimal',
  'kernel.invalid_ratio',
] as const
export type KernelErrorCode = (typeof kernelErrorCodes)[number]

/**
 * Echoes caller input into an error message without letting a megabyte of
 * garbage (or a non-string) flow into logs and problem documents.
 */
export function describeInput(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (typeof value === 'bigint') return `${value}n`
  if (value === null) return 'null'
  if (typeof value === 'object') return 'an object'
  return `${typeof value} ${String(value)}`
}
