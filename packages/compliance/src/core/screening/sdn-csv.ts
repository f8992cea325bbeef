import { ComplianceError } from '../compliance-errors.js'
import { readCsvRows, type CsvRow } from './csv-rows.js'
import { parseListedBirthDate, yearsOf } from './date-of-birth.js'
import type { WatchlistAlias, WatchlistEntry, WatchlistEntryKind, WatchlistIdentifier } from './watchlist-entry.js'

/**
 * OFAC's SDN list in its published CSV layout, from the files' text:
 *
 * - `sdn.csv`: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign,
 *   Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks
 * - `alt.csv`: ent_num, alt_num, alt_type, alt_name, alt_remarks
 * - `add.csv`: ent_num, add_num, address, city/state/postal, country, add_remarks
 *
 * `-0-` (often with a trailing space) means empty. The remarks are free text
 * in `;`-separated parts, and carry what screening needs most: dates of birth,
 * nationalities, identity documents and the weak a.k.a. names.
 *
 * A broken file throws `compliance.invalid_list` naming the line: a list
 * imported with rows silently dropped would let a sanctioned party through.
 * Aliases and addresses of an entry the sdn file does not hold are ignored
 * (an older sdn.csv with today's alt.csv is still a usable list).
 */
export interface OfacSdnFiles {
  readonly sdn: string
  readonly alt?: string | undefined
  readonly add?: string | undefined
}

const empty = (field: string | undefined): string | undefined => {
  const value = field?.trim()
  return value === undefined || value === '' || value === '-0-' ? undefined : value
}

function kindOf(sdnType: string | undefined): WatchlistEntryKind {
  switch (sdnType?.toLowerCase()) {
    case 'individual':
      return 'individual'
    case 'vessel':
      return 'vessel'
    case 'aircraft':
      return 'aircraft'
    default:
      // OFAC leaves SDN_Type empty for companies, organisations and groups.
      return 'entity'
  }
}

/** "NPWMD] [IFSR" — OFAC joins several programs with "] [" inside one field. */
const programsOf = (field: string | undefined): string[] =>
  (empty(field) ?? '').split(/\]\s*\[/).map((p) => p.replace(/[[\]]/g, '').trim()).filter(Boolean)

/**
 * The identity documents and registers OFAC writes in remarks, longest first so
 * "Diplomatic Passport" wins over "Passport". Contact details (e-mail, phone,
 * website) and the Chinese Commercial Code (a telegraph spelling of the name)
 * are not identifiers of the party and stay in the remarks only.
 */
const identifierTypes = [
  'Passport', 'Diplomatic Passport', 'British National Overseas Passport', 'Stateless Person Passport', 'Passport Booklet',
  'Travel Document Number', 'National ID No.', 'Personal ID Card', "Citizen's Card Number", 'Identification Number', 'Cedula No.',
  'D.N.I.', 'N.I.E.', 'C.U.R.P.', 'CURP', 'C.U.I.P.', 'C.U.I.', 'I.F.E.', 'Credencial electoral', 'Electoral Registry No.',
  'Numero de Identidad', 'Turkish Identification Number', 'Kenyan ID No.', 'Tazkira National ID Card', 'Moroccan Personal ID No.',
  'Bosnian Personal ID No.', 'National Foreign ID Number', 'Stateless Person ID Card', 'Refugee ID Card', 'Residency Number',
  'CNP (Personal Numerical Code)', 'UAE Identification', 'Birth Certificate Number', 'SSN', "Driver's License No.",
  "Seafarer's Identification Document", 'Cartilla de Servicio Militar Nacional', 'Immigration No.', 'VisaNumberID',
  'Public Security and Immigration No.', 'Tax ID No.', 'R.F.C.', 'RFC', 'NIT #', 'RUC #', 'RIF #', 'RTN', 'C.U.I.T.', 'US FEIN', 'V.A.T. Number',
  'C.I.F.', 'Italian Fiscal Code', 'Fiscal Code', 'Romanian Tax Registration', 'Paraguayan tax identification number',
  'Numero Unico de Identificacao Tributaria (NUIT)', 'Registration Number', 'Registration ID', 'Company Number', 'UK Company Number',
  'Business Registration Number', 'Business Registration Document #', 'Commercial Registry Number', 'C.R. No.', 'Romanian C.R.',
  'Chamber of Commerce Number', 'Dubai Chamber of Commerce Membership No.', 'Istanbul Chamber of Comm. No.',
  'Certificate of Incorporation Number', 'Legal Entity Number', 'Enterprise Number', 'Branch Unit Number', 'Public Registration Number',
  'Government Gazette Number', 'Folio Mercantil No.', 'Matricula Mercantil No', 'Trade License No.', 'Tourism License No.',
  'Registered Charity No.', 'LE Number', 'RSIN', 'MSB Registration Number', 'Afghan Money Service Provider License Number',
  'SRE Permit No.', 'Pilot License Number', 'D-U-N-S Number', 'SWIFT/BIC', 'BIK (RU)', 'File Number',
  'United Social Credit Code Certificate (USCCC)', 'Unified Social Credit Code (USCC)', 'Economic Register Number (CBLS)',
  'Vessel Registration Identification', 'MMSI', 'Other Vessel Call Sign', "Aircraft Manufacturer's Serial Number (MSN)",
  'Aircraft Construction Number (also called L/N or S/N or F/N)', 'Aircraft Tail Number', 'Previous Aircraft Tail Number',
  'Aircraft Mode S Transponder Code', 'Aircraft Serial Identification', 'Digital Currency Address - XBT', 'Digital Currency Address - ETH',
  'Digital Currency Address - LTC', 'Digital Currency Address - DASH', 'Digital Currency Address - ZEC', 'Digital Currency Address - XMR',
  'Digital Currency Address - BTG', 'Digital Currency Address - ETC', 'Digital Currency Address - BSV', 'Digital Currency Address - USDT',
  'Digital Currency Address - XVG', 'Digital Currency Address - TRX',
].sort((a, b) => b.length - a.length)

/** A document's value without the issuing country and dates OFAC writes after it. */
function identifierValue(rest: string): string | undefined {
  const value = rest
    .replace(/^#\s*/, '')
    .split(/\s+(?:issued|expires|expired|expiring|valid)\b/i)[0]!
    .replace(/\s+\([^)]*\)\s*$/, '') // "(Egypt)", but not the check digit of "D489833(9)"
    .replace(/\s+\([^)]*\)\s*$/, '') // "(Abogado) (Colombia)"
    .replace(/[,;]\s*$/, '')
    .trim()
  return value === '' ? undefined : value
}

function identifierOf(part: string): WatchlistIdentifier | undefined {
  for (const type of identifierTypes) {
    if (part.startsWith(type) && /[\s#]/.test(part.charAt(type.length))) {
      const value = identifierValue(part.slice(type.length).trim())
      return value === undefined ? undefined : { type: type.replace(/\s*#$/, ''), value }
    }
  }
  return undefined
}

interface RemarkFacts {
  readonly datesOfBirth: string[]
  readonly countries: string[]
  readonly identifiers: WatchlistIdentifier[]
  readonly weakAliases: string[]
}

/** The facts OFAC puts in an entry's remarks: each `;`-separated part is one fact, "alt." marking another of the same kind. */
function readRemarks(remarks: string | undefined): RemarkFacts {
  const facts: RemarkFacts = { datesOfBirth: [], countries: [], identifiers: [], weakAliases: [] }
  if (!remarks) return facts
  for (const raw of remarks.split(/;\s+/)) {
    const part = raw.trim().replace(/\.$/, '').replace(/^alt\.\s+/i, '').trim()
    // The weak a.k.a. names are quoted and may contain quotes themselves: "a.k.a. ''ABD AL-RAHMAN'"
    const alias = /^[afn]\.k\.a\.,?\s+'(.*)'$/.exec(part)
    if (alias) {
      const name = alias[1]!.trim()
      if (name) facts.weakAliases.push(name)
      continue
    }
    const dob = /^DOB\s+(.+)$/.exec(part)
    if (dob) {
      facts.datesOfBirth.push(dob[1]!.trim())
      continue
    }
    const country = /^(?:nationality|citizen)\s+(.+)$/i.exec(part)
    if (country) {
      facts.countries.push(country[1]!.trim())
      continue
    }
    const identifier = identifierOf(part)
    if (identifier) facts.identifiers.push(identifier)
  }
  return facts
}

function invalid(file: string, row: CsvRow, reason: string): never {
  throw new ComplianceError('compliance.invalid_list', `${file} line ${row.line}: ${reason}`)
}

const entNumOf = (file: string, row: CsvRow): string => {
  const id = row.fields[0]?.trim() ?? ''
  if (!/^\d+$/.test(id)) invalid(file, row, `ent_num "${id.slice(0, 20)}" is not a number`)
  return id
}

const pushOnce = (list: string[], value: string) => {
  if (!list.some((v) => v.toLowerCase() === value.toLowerCase())) list.push(value)
}

/** Parses OFAC's sdn.csv (with alt.csv and add.csv when given) into watchlist entries, in the order of sdn.csv. */
export function parseOfacSdn(files: OfacSdnFiles): WatchlistEntry[] {
  const strongAliases = new Map<string, WatchlistAlias[]>()
  for (const row of readCsvRows(files.alt ?? '')) {
    if (row.fields.length < 4) invalid('alt.csv', row, `expected 5 fields, found ${row.fields.length}`)
    const id = entNumOf('alt.csv', row)
    const name = empty(row.fields[3])
    if (!name) continue
    // aka, fka, nka (written "a.k.a." elsewhere): names the party is, was or is now known by — all published names.
    const list = strongAliases.get(id) ?? []
    list.push({ name, strength: 'strong' })
    strongAliases.set(id, list)
  }

  const addressCountries = new Map<string, string[]>()
  for (const row of readCsvRows(files.add ?? '')) {
    if (row.fields.length < 5) invalid('add.csv', row, `expected 6 fields, found ${row.fields.length}`)
    const country = empty(row.fields[4])
    if (!country) continue
    const id = entNumOf('add.csv', row)
    const list = addressCountries.get(id) ?? []
    pushOnce(list, country)
    addressCountries.set(id, list)
  }

  const entries: WatchlistEntry[] = []
  const seen = new Set<string>()
  for (const row of readCsvRows(files.sdn)) {
    if (row.fields.length < 12) invalid('sdn.csv', row, `expected 12 fields, found ${row.fields.length}`)
    const id = entNumOf('sdn.csv', row)
    if (seen.has(id)) invalid('sdn.csv', row, `ent_num ${id} appears twice`)
    seen.add(id)
    const primaryName = empty(row.fields[1])
    if (!primaryName) invalid('sdn.csv', row, `entry ${id} has no name`)
    const remarks = empty(row.fields[11])
    const facts = readRemarks(remarks)

    const aliases: WatchlistAlias[] = []
    const named = new Set([primaryName.toLowerCase()])
    for (const alias of [...(strongAliases.get(id) ?? []), ...facts.weakAliases.map((name) => ({ name, strength: 'weak' as const }))]) {
      // A weak alias that repeats a published name adds nothing and would only discount it.
      if (named.has(alias.name.toLowerCase())) continue
      named.add(alias.name.toLowerCase())
      aliases.push(alias)
    }

    const countries: string[] = []
    for (const country of [...facts.countries, ...(addressCountries.get(id) ?? [])]) pushOnce(countries, country)

    const years = new Set<number>()
    for (const text of facts.datesOfBirth) {
      const listed = parseListedBirthDate(text)
      if (listed) for (const year of yearsOf(listed)) years.add(year)
    }

    entries.push({
      id,
      listName: 'OFAC-SDN',
      kind: kindOf(empty(row.fields[2])),
      primaryName,
      aliases,
      programs: programsOf(row.fields[3]),
      datesOfBirth: facts.datesOfBirth,
      birthYears: [...years].sort((a, b) => a - b),
      countries,
      identifiers: facts.identifiers,
      remarks: remarks ?? null,
    })
  }
  return entries
}
