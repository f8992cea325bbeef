import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, migrateSchemas, type TestDatabase } from '@strongroom/db-kit'
import { fixedClock, uuidv7, uuidv7Ids, type Page } from '@strongroom/kernel'
import { createWatchlistService, parseOfacSdn, type ClientToScreen, type WatchlistService } from '../core/index.js'
import { complianceMigrations, complianceSchema, createKyselyWatchlistStore } from './index.js'

// The real OFAC snapshot beside the repository: <repo>/../shared/data/ofac (CI puts shared/ there too).
const ofac = new URL('../shared/data/ofac/', new URL('../../../../', import.meta.url))
const read = (name: string) => readFileSync(fileURLToPath(new URL(name, ofac)), 'utf8')
const files = { sdn: read('sdn.csv'), alt: read('alt.csv'), add: read('add.csv') }
// The same list without one entry: what an earlier version of the list looked like.
const withoutPrcac = { ...files, sdn: files.sdn.split('\n').filter((line) => !line.startsWith('7772,')).join('\n') }

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const clients: ClientToScreen[] = [
  { id: uuidv7(), kind: 'individual', legalName: 'Dragoljub Prcac', nativeName: null, birthOrRegistrationDate: '1937-07-18', country: 'BA' },
  { id: uuidv7(), kind: 'individual', legalName: 'Amelia Hartley', nativeName: null, birthOrRegistrationDate: '1981-02-17', country: 'GB' },
]
const directory = {
  findClient: async (id: string) => clients.find((c) => c.id === id),
  listClients: async (): Promise<Page<ClientToScreen>> => ({ items: clients, nextCursor: null }),
}

let database: TestDatabase
let watchlists: WatchlistService
const importOf = (f: typeof files, source: string) =>
  watchlists.importList({ listName: 'OFAC-SDN', source, files: [f.sdn, f.alt, f.add], entries: parseOfacSdn(f) }, 'compliance-1')

beforeAll(async () => {
  database = await createTestDatabase()
  await migrateSchemas(database.db, [{ schema: complianceSchema, provider: complianceMigrations }])
  watchlists = createWatchlistService({ store: createKyselyWatchlistStore(database.db), clients: directory, clock: fixedClock('2026-11-29T09:00:00Z'), ids: uuidv7Ids, sha256, today: () => '2026-11-29' })
})
afterAll(async () => database.close())

describe('watchlist versions and re-screening', () => {
  it('imports a version, and importing the same files again changes nothing', async () => {
    const first = await importOf(withoutPrcac, 'snapshot minus one entry')
    expect(first).toMatchObject({ created: true, rescreened: 2, version: { version: 1 } })
    expect(first.newHits.filter((h) => h.clientId === clients[0]!.id)).toEqual([])
    const again = await importOf(withoutPrcac, 'the same files')
    expect(again).toMatchObject({ created: false, rescreened: 0, version: { id: first.version.id } })
  })

  it('re-screens every client when a new version arrives and reports the new hit', async () => {
    const second = await importOf(files, 'full snapshot')
    expect(second).toMatchObject({ created: true, version: { version: 2 }, rescreened: 2 })
    const hit = second.newHits.find((h) => h.clientId === clients[0]!.id)
    expect(hit).toMatchObject({ entryId: '7772', entryName: 'PRCAC, Dragoljub' })
    const [record] = await watchlists.latestScreenings(clients[0]!.id)
    expect(record).toMatchObject({ listName: 'OFAC-SDN', version: 2, reason: 'list-update' })
    expect(record!.hits[0]!.explanation.map((e) => e.feature)).toEqual(expect.arrayContaining([expect.stringMatching(/name/i), expect.stringMatching(/birth/i)]))
    expect((await watchlists.listAlerts({ status: 'open', clientId: clients[0]!.id }, { limit: 10 })).items).toHaveLength(1)
  })

  it('reports the hit as cleared when a later version drops the entry', async () => {
    const third = await importOf({ ...withoutPrcac, add: `${withoutPrcac.add}\n` }, 'entry delisted')
    expect(third.version.version).toBe(3)
    expect(third.clearedHits).toEqual([expect.objectContaining({ clientId: clients[0]!.id, entryId: '7772' })])
    expect((await watchlists.listAlerts({ status: 'open', clientId: clients[0]!.id }, { limit: 10 })).items).toHaveLength(0)
  })

  it('finds an entry from a misspelled, reordered name and says why', async () => {
    expect(await importOf(files, 'relisted')).toMatchObject({ created: true, version: { version: 4 } })
    const { hits } = await watchlists.search({ name: 'Prcak Dragoljub', dateOfBirth: '1937-07-18' }) // surname first, one letter wrong
    expect(hits[0]).toMatchObject({ entry: { id: '7772' } })
    expect(hits[0]!.band).not.toBe('clear')
    expect(hits[0]!.explanation.length).toBeGreaterThan(0)
  })
})
