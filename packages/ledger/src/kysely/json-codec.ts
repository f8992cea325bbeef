/**
 * JSON that keeps bigints: minor-unit amounts must survive a round trip
 * through a jsonb column exactly, and JSON numbers cannot carry them.
 */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v))
}

export function decodeJson<T>(value: unknown): T {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return JSON.parse(text, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && '$bigint' in v && typeof (v as { $bigint: unknown }).$bigint === 'string'
      ? BigInt((v as { $bigint: string }).$bigint)
      : v,
  ) as T
}
