/**
 * Personal data and secrets never reach the log. Fastify does not log
 * bodies, but errors and domain objects can carry them, so the fields are
 * censored wherever they appear up to three levels deep.
 */
const sensitiveFields = [
  'authorization', 'cookie', 'token', 'secret', 'password',
  'legalName', 'nativeName', 'displayName', 'email', 'phone', 'contactPoints', 'value', 'counterparty',
  'birthOrRegistrationDate', 'dateOfBirth', 'documentNumber', 'documents', 'address',
  'legal_name', 'native_name', 'display_name', 'contact_points', 'birth_or_registration_date', 'token_hash',
]

export const redactPaths: string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  // A database error's detail quotes the offending values (an email in a unique violation).
  'err.detail',
  'err.cause.detail',
  ...sensitiveFields.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
]

/** What the request logger is given: Fastify's request, or the raw one it wraps. */
interface LoggedRequest {
  readonly method?: string
  readonly url?: string
  readonly host?: string
  readonly ip?: string
  readonly headers?: Readonly<Record<string, string | string[] | undefined>>
  readonly socket?: { readonly remotePort?: number } | null
}

/**
 * The path with every query value censored: a search (`?q=Zhang Wei`,
 * `?entityId=…`) is personal data as much as a body is. The parameter names
 * stay, so the log still says what kind of request it was.
 */
export function redactQuery(url: string): string {
  const mark = url.indexOf('?')
  if (mark < 0) return url
  const query = url
    .slice(mark + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=')
      return equals < 0 ? pair : `${pair.slice(0, equals)}=[redacted]`
    })
    .join('&')
  return `${url.slice(0, mark)}?${query}`
}

/** Fastify's request serializer, with the query values censored. */
export const logSerializers = {
  req(req: LoggedRequest) {
    const version = req.headers?.['accept-version']
    return {
      method: req.method,
      url: req.url === undefined ? undefined : redactQuery(req.url),
      version: typeof version === 'string' ? version : undefined,
      host: req.host,
      remoteAddress: req.ip,
      remotePort: req.socket?.remotePort,
    }
  },
}
