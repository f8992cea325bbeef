/**
 * Personal data and secrets never reach the log. Fastify does not log
 * bodies, but errors and domain objects can carry them, so the fields are
 * censored wherever they appear up to three levels deep.
 */
const sensitiveFields = [
  'authorization', 'cookie', 'token', 'secret', 'password',
  'legalName', 'nativeName', 'displayName', 'email', 'phone', 'contactPoints', 'value',
  'birthOrRegistrationDate', 'dateOfBirth', 'documentNumber', 'documents', 'address',
  'legal_name', 'native_name', 'display_name', 'contact_points', 'birth_or_registration_date', 'token_hash',
]

export const redactPaths: string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  ...sensitiveFields.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
]
