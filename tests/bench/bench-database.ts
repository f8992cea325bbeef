import pg from 'pg'

/**
 * What every benchmark here needs of the PostgreSQL server it measures on:
 * its URL (the benchmarks never run on PGlite: figures on an embedded
 * database would say nothing about production) and a way to run one
 * administrative statement (create or drop a scratch database, checkpoint).
 */
export function requireServerUrl(): string {
  const url = process.env.DATABASE_URL
  if (!url) {
    process.stderr.write('the benchmark needs a PostgreSQL server: set DATABASE_URL\n')
    process.exit(2)
  }
  return url
}

export async function admin(serverUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}
