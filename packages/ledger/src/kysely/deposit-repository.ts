import { createHash } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import { decodeCursor, encodeCursor, money, type CurrencyCode, type Page, type PageRequest } from '@strongroom/kernel'
import {
  DepositError, formatCalendarDate, parseCalendarDate,
  type AccrualKey, type AccrualUnits, type CalendarDate, type ClientHolding, type CompetitorRate, type CompetitorRateFilter, type Deposit,
  type DepositChange, type DepositEvent, type DepositKind, type DepositPosting, type DepositProduct, type DepositStore, type DueKind, type EodRun, type NegotiatedRate,
  type NegotiatedRateStatus, type ProductTerms, type RateSheet,
} from '../core/index.js'
import { decodeJson, encodeJson } from './json-codec.js'

type Row = Record<string, any>

const day = (date: CalendarDate) => formatCalendarDate(date)
const dateOf = (value: unknown): CalendarDate => parseCalendarDate(typeof value === 'string' ? value.slice(0, 10) : (value as Date).toISOString().slice(0, 10))
const dateOrNull = (value: unknown): CalendarDate | null => (value === null || value === undefined ? null : dateOf(value))

function pageOf<T>(rows: T[], limit: number, keyOf: (item: T) => string): Page<T> {
  const items = rows.slice(0, limit)
  const more = rows.length > limit
  return { items, nextCursor: more ? encodeCursor(keyOf(items[items.length - 1]!)) : null }
}

function afterKey(page: PageRequest): string | null {
  if (!page.cursor) return null
  const key = decodeCursor(page.cursor)
  if (key === undefined) throw new DepositError('deposit.invalid_state', 'the cursor is not one this list gave out')
  return key
}

function toProduct(row: Row): DepositProduct {
  return {
    id: row.id, code: row.code, name: row.name, status: row.status, riskLevel: row.risk_level,
    terms: decodeJson<ProductTerms>(row.terms), createdAt: new Date(row.created_at), updatedAt: new Date(row.updated_at),
  }
}

function toSheet(row: Row): RateSheet {
  return {
    productId: row.product_id, effectiveFrom: dateOf(row.effective_from), tiers: decodeJson(row.tiers), note: row.note,
    recordedBy: row.recorded_by, recordedAt: new Date(row.recorded_at),
  }
}

function toCompetitorRate(row: Row): CompetitorRate {
  return {
    id: row.id, institution: row.institution, kind: row.kind, tenor: row.tenor, currency: row.currency, annualRate: String(row.annual_rate),
    observedOn: dateOf(row.observed_on), source: row.source, recordedBy: row.recorded_by, recordedAt: new Date(row.recorded_at),
  }
}

function toNegotiated(row: Row): NegotiatedRate {
  return {
    id: row.id, productId: row.product_id, clientId: row.client_id, tenor: row.tenor, annualRate: String(row.annual_rate),
    validFrom: dateOf(row.valid_from), validUntil: dateOf(row.valid_until), reason: row.reason, status: row.status,
    requestedBy: row.requested_by, requestedAt: new Date(row.requested_at), decidedBy: row.decided_by,
    decidedAt: row.decided_at ? new Date(row.decided_at) : null, decisionNote: row.decision_note,
  }
}

const depositColumns = sql.raw(`d.*, t.terms as terms_json`)

function toDeposit(row: Row): Deposit {
  const currency = row.currency as CurrencyCode
  return {
    id: row.id, clientId: row.client_id, productId: row.product_id, termsId: row.terms_id, terms: decodeJson<ProductTerms>(row.terms_json),
    kind: row.kind, currency, accountId: row.account_id, fundingAccountId: row.funding_account_id, payoutAccountId: row.payout_account_id,
    principal: money(BigInt(row.principal_minor), currency), tenor: row.tenor, openedOn: dateOf(row.opened_on), termStart: dateOf(row.term_start),
    maturity: dateOrNull(row.maturity_on), status: row.status, maturityInstruction: row.maturity_instruction, rateSource: row.rate_source,
    annualRate: String(row.annual_rate), annualInterest: String(row.annual_interest), rateTiers: decodeJson(row.rate_tiers),
    accrualDenominator: BigInt(row.accrual_denominator), accruedScaled: String(row.accrued_scaled), accruedThrough: dateOf(row.accrued_through),
    periodStart: dateOf(row.period_start), nextPostingOn: dateOrNull(row.next_posting_on), nextCompoundingOn: dateOrNull(row.next_compounding_on),
    compoundedMinor: BigInt(row.compounded_minor),
    notice: row.notice_amount_minor === null ? null : { amount: money(BigInt(row.notice_amount_minor), currency), availableFrom: dateOf(row.notice_available_from) },
    graceUntil: dateOrNull(row.grace_until), version: Number(row.version), createdAt: new Date(row.created_at), updatedAt: new Date(row.updated_at),
    closedOn: dateOrNull(row.closed_on),
  }
}

function depositValues(d: Deposit) {
  return {
    id: d.id, client_id: d.clientId, product_id: d.productId, terms_id: d.termsId, kind: d.kind, currency: d.currency,
    account_id: d.accountId, funding_account_id: d.fundingAccountId, payout_account_id: d.payoutAccountId,
    principal_minor: d.principal.amountMinor, tenor: d.tenor, opened_on: day(d.openedOn), term_start: day(d.termStart),
    maturity_on: d.maturity ? day(d.maturity) : null, status: d.status, maturity_instruction: d.maturityInstruction, rate_source: d.rateSource,
    annual_rate: d.annualRate, annual_interest: d.annualInterest, rate_tiers: encodeJson(d.rateTiers), convention: d.terms.convention,
    accrual_denominator: d.accrualDenominator, accrued_scaled: d.accruedScaled, accrued_through: day(d.accruedThrough), period_start: day(d.periodStart),
    next_posting_on: d.nextPostingOn ? day(d.nextPostingOn) : null, next_compounding_on: d.nextCompoundingOn ? day(d.nextCompoundingOn) : null,
    compounded_minor: d.compoundedMinor, notice_amount_minor: d.notice ? d.notice.amount.amountMinor : null,
    notice_available_from: d.notice ? day(d.notice.availableFrom) : null, grace_until: d.graceUntil ? day(d.graceUntil) : null,
    version: d.version, created_at: d.createdAt, updated_at: d.updatedAt, closed_on: d.closedOn ? day(d.closedOn) : null,
  }
}

function toEvent(row: Row): DepositEvent {
  return {
    id: row.id, depositId: row.deposit_id, businessDate: dateOf(row.business_date), at: new Date(row.at), kind: row.kind,
    annualRate: row.annual_rate === null ? null : String(row.annual_rate), detail: decodeJson(row.detail),
  }
}

function toRun(row: Row): EodRun {
  return {
    id: row.id, businessDate: dateOf(row.business_date), fromDate: dateOf(row.from_date), status: row.status,
    processingDate: dateOrNull(row.processing_date), step: row.step, counts: decodeJson(row.counts), errors: decodeJson(row.errors),
    startedBy: row.started_by, startedAt: new Date(row.started_at), updatedAt: new Date(row.updated_at),
    completedAt: row.completed_at ? new Date(row.completed_at) : null, leaseUntil: row.lease_until ? new Date(row.lease_until) : null,
    leaseOwner: row.lease_owner ?? null,
  }
}

/** The deposit engine's storage on PostgreSQL (or PGlite), in the `ledger` schema. */
export function createKyselyDepositStore(db: Kysely<any>): DepositStore {
  const rows = async (query: ReturnType<typeof sql>) => (await query.execute(db)).rows as Row[]

  async function insertEvents(executor: Kysely<any>, events: readonly DepositEvent[]): Promise<void> {
    if (events.length === 0) return
    await executor.insertInto('ledger.deposit_event').values(events.map((e) => ({
      id: e.id, deposit_id: e.depositId, business_date: day(e.businessDate), at: e.at, kind: e.kind, annual_rate: e.annualRate, detail: encodeJson(e.detail),
    }))).execute()
  }

  /**
   * Writes every change whose deposit is still at its expected version, in
   * one statement (the rows travel as one JSON array), with the events and
   * postings of those written; answers the deposits written.
   */
  async function writeChanges(tx: Kysely<any>, changes: readonly DepositChange[]): Promise<string[]> {
    if (changes.length === 0) return []
    const records = changes.map(({ deposit, expectedVersion }) => {
      const { created_at: _created, rate_tiers, ...values } = depositValues(deposit)
      // bigints as strings: jsonb_to_recordset reads them back into bigint columns exactly.
      const plain = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v instanceof Date ? v.toISOString() : v]))
      return { ...plain, expected_version: expectedVersion, rate_tiers: JSON.parse(rate_tiers) as unknown }
    })
    const { rows: updated } = await sql<{ id: string }>`update ledger.deposit as d set
        principal_minor = r.principal_minor, term_start = r.term_start, maturity_on = r.maturity_on, status = r.status,
        maturity_instruction = r.maturity_instruction, rate_source = r.rate_source, annual_rate = r.annual_rate,
        annual_interest = r.annual_interest, rate_tiers = r.rate_tiers, accrued_scaled = r.accrued_scaled,
        accrued_through = r.accrued_through, period_start = r.period_start, next_posting_on = r.next_posting_on,
        next_compounding_on = r.next_compounding_on, compounded_minor = r.compounded_minor,
        notice_amount_minor = r.notice_amount_minor, notice_available_from = r.notice_available_from,
        grace_until = r.grace_until, version = r.version, updated_at = r.updated_at, closed_on = r.closed_on
      from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(
        id uuid, expected_version integer, principal_minor bigint, term_start date, maturity_on date, status text,
        maturity_instruction text, rate_source text, annual_rate numeric, annual_interest numeric, rate_tiers jsonb,
        accrued_scaled numeric, accrued_through date, period_start date, next_posting_on date, next_compounding_on date,
        compounded_minor bigint, notice_amount_minor bigint, notice_available_from date, grace_until date,
        version integer, updated_at timestamptz, closed_on date)
      where d.id = r.id and d.version = r.expected_version
      returning d.id`.execute(tx)
    const written = new Set(updated.map((r) => r.id))
    const kept = changes.filter((c) => written.has(c.deposit.id))
    await insertEvents(tx, kept.flatMap((c) => c.events))
    await insertPostings(tx, kept.flatMap((c) => c.postings ?? []))
    return changes.map((c) => c.deposit.id).filter((id) => written.has(id))
  }

  async function insertPostings(tx: Kysely<any>, postings: readonly DepositPosting[]): Promise<void> {
    if (postings.length === 0) return
    await tx.insertInto('ledger.deposit_posting').values(postings.map((p) => ({
      idempotency_key: p.key, deposit_id: p.depositId, request: encodeJson(p.request), created_at: p.createdAt, last_error: null,
    }))).execute()
  }

  const dueColumn: Record<DueKind, string> = { posting: 'next_posting_on', maturity: 'maturity_on', compounding: 'next_compounding_on' }

  return {
    async insertProduct(p) {
      try {
        await db.insertInto('ledger.deposit_product').values({
          id: p.id, code: p.code, name: p.name, status: p.status, risk_level: p.riskLevel, terms: encodeJson(p.terms), created_at: p.createdAt, updated_at: p.updatedAt,
        }).execute()
      } catch (error) {
        // Two desks creating the same code at once: the unique constraint decides, the loser is told why.
        if ((error as { code?: string }).code === '23505') throw new DepositError('deposit.invalid_product', `a product with code ${p.code} exists already`)
        throw error
      }
    },
    async findProduct(id) {
      const [row] = await rows(sql`select * from ledger.deposit_product where id = ${id}::uuid`)
      return row ? toProduct(row) : undefined
    },
    async findProductByCode(code) {
      const [row] = await rows(sql`select * from ledger.deposit_product where code = ${code}`)
      return row ? toProduct(row) : undefined
    },
    async listProducts(page, filter = {}) {
      const after = afterKey(page)
      const found = await rows(sql`select * from ledger.deposit_product
        where (${after}::uuid is null or id > ${after}::uuid)
          and (${filter.kind ?? null}::text is null or terms->>'kind' = ${filter.kind ?? null})
          and (${filter.currency ?? null}::text is null or terms->>'currency' = ${filter.currency ?? null})
        order by id limit ${page.limit + 1}`)
      return pageOf(found.map(toProduct), page.limit, (p) => p.id)
    },
    async updateProduct(p) {
      await db.updateTable('ledger.deposit_product').set({ name: p.name, status: p.status, risk_level: p.riskLevel, terms: encodeJson(p.terms), updated_at: p.updatedAt }).where('id', '=', p.id).execute()
    },
    async insertRateSheet(s) {
      try {
        await db.insertInto('ledger.deposit_rate_sheet').values({
          id: s.id, product_id: s.productId, effective_from: day(s.effectiveFrom), tiers: encodeJson(s.tiers), note: s.note, recorded_by: s.recordedBy, recorded_at: s.recordedAt,
        }).execute()
      } catch (error) {
        if ((error as { code?: string }).code === '23505') throw new DepositError('deposit.invalid_rate_sheet', `the product already has a rate sheet effective ${day(s.effectiveFrom)}`)
        throw error
      }
    },
    async listRateSheets(productId) {
      return (await rows(sql`select * from ledger.deposit_rate_sheet where product_id = ${productId}::uuid order by effective_from`)).map(toSheet)
    },
    async demandProducts(currency) {
      return (await rows(sql`select * from ledger.deposit_product where status = 'open' and terms->>'kind' = 'demand' and terms->>'currency' = ${currency} order by code`)).map(toProduct)
    },

    async insertCompetitorRates(rates) {
      if (rates.length === 0) return
      await db.insertInto('ledger.competitor_rate').values(rates.map((r) => ({
        id: r.id, institution: r.institution, kind: r.kind, tenor: r.tenor, currency: r.currency, annual_rate: r.annualRate,
        observed_on: day(r.observedOn), source: r.source, recorded_by: r.recordedBy, recorded_at: r.recordedAt,
      }))).execute()
    },
    async listCompetitorRates(filter: CompetitorRateFilter, page) {
      const after = afterKey(page)
      const found = await rows(sql`select * from ledger.competitor_rate
        where (${after}::uuid is null or id < ${after}::uuid)
          and (${filter.kind ?? null}::text is null or kind = ${filter.kind ?? null})
          and (${filter.currency ?? null}::text is null or currency = ${filter.currency ?? null})
          and (${filter.tenor ?? null}::text is null or tenor = ${filter.tenor ?? null})
        order by id desc limit ${page.limit + 1}`)
      return pageOf(found.map(toCompetitorRate), page.limit, (r) => r.id)
    },
    async latestCompetitorRates(kind: DepositKind, currency: CurrencyCode, tenor: string | null, asOf: CalendarDate) {
      return (await rows(sql`select distinct on (institution) * from ledger.competitor_rate
        where kind = ${kind} and currency = ${currency} and tenor is not distinct from ${tenor} and observed_on <= ${day(asOf)}::date
        order by institution, observed_on desc, recorded_at desc`)).map(toCompetitorRate)
    },

    async insertNegotiatedRate(r) {
      await db.insertInto('ledger.negotiated_rate').values({
        id: r.id, product_id: r.productId, client_id: r.clientId, tenor: r.tenor, annual_rate: r.annualRate, valid_from: day(r.validFrom),
        valid_until: day(r.validUntil), reason: r.reason, status: r.status, requested_by: r.requestedBy, requested_at: r.requestedAt,
      }).execute()
    },
    async findNegotiatedRate(id) {
      const [row] = await rows(sql`select * from ledger.negotiated_rate where id = ${id}::uuid`)
      return row ? toNegotiated(row) : undefined
    },
    async decideNegotiatedRate(r) {
      const result = await db.updateTable('ledger.negotiated_rate')
        .set({ status: r.status, decided_by: r.decidedBy, decided_at: r.decidedAt, decision_note: r.decisionNote })
        .where('id', '=', r.id).where('status', '=', 'pending').executeTakeFirst()
      return result.numUpdatedRows === 1n
    },
    async listNegotiatedRates(filter: { status?: NegotiatedRateStatus | undefined; clientId?: string | undefined }, page) {
      const after = afterKey(page)
      const found = await rows(sql`select * from ledger.negotiated_rate
        where (${after}::uuid is null or id > ${after}::uuid)
          and (${filter.status ?? null}::text is null or status = ${filter.status ?? null})
          and (${filter.clientId ?? null}::uuid is null or client_id = ${filter.clientId ?? null}::uuid)
        order by id limit ${page.limit + 1}`)
      return pageOf(found.map(toNegotiated), page.limit, (r) => r.id)
    },
    async applicableNegotiatedRate(clientId, productId, tenor, date) {
      const [row] = await rows(sql`select * from ledger.negotiated_rate
        where client_id = ${clientId}::uuid and product_id = ${productId}::uuid and tenor is not distinct from ${tenor}
          and status = 'approved' and valid_from <= ${day(date)}::date and valid_until >= ${day(date)}::date
        order by decided_at desc limit 1`)
      return row ? toNegotiated(row) : undefined
    },

    async saveTerms(terms) {
      const text = encodeJson(terms)
      const fingerprint = createHash('sha256').update(text).digest('hex')
      await sql`insert into ledger.deposit_terms (id, fingerprint, terms) values (gen_random_uuid(), ${fingerprint}, ${text}::jsonb)
        on conflict (fingerprint) do nothing`.execute(db)
      // Read in a statement of its own, so a row another transaction just committed is seen (see saveBankAccount).
      const [row] = await rows(sql`select id from ledger.deposit_terms where fingerprint = ${fingerprint}`)
      return row!.id as string
    },

    async insertDeposit(deposit, events, postings = []) {
      await db.transaction().execute(async (tx) => {
        await tx.insertInto('ledger.deposit').values(depositValues(deposit)).execute()
        await insertEvents(tx, events)
        await insertPostings(tx, postings)
      })
    },
    async findDeposit(id) {
      const [row] = await rows(sql`select ${depositColumns} from ledger.deposit d join ledger.deposit_terms t on t.id = d.terms_id where d.id = ${id}::uuid`)
      return row ? toDeposit(row) : undefined
    },
    async listDeposits(filter, page) {
      const after = afterKey(page)
      const found = await rows(sql`select ${depositColumns} from ledger.deposit d join ledger.deposit_terms t on t.id = d.terms_id
        where (${after}::uuid is null or d.id > ${after}::uuid)
          and (${filter.clientId ?? null}::uuid is null or d.client_id = ${filter.clientId ?? null}::uuid)
          and (${filter.productId ?? null}::uuid is null or d.product_id = ${filter.productId ?? null}::uuid)
          and (${filter.status ?? null}::text is null or d.status = ${filter.status ?? null})
        order by d.id limit ${page.limit + 1}`)
      return pageOf(found.map(toDeposit), page.limit, (d) => d.id)
    },
    async updateDeposit(change) {
      return db.transaction().execute(async (tx) => (await writeChanges(tx, [change])).length === 1)
    },
    async updateDeposits(changes) {
      if (changes.length === 0) return []
      return db.transaction().execute((tx) => writeChanges(tx, changes))
    },
    async pendingPostings(depositIds, limit) {
      const found = await rows(sql`select * from ledger.deposit_posting
        where (${depositIds === null} or deposit_id = any(${depositIds ?? []}::uuid[]))
        order by created_at, idempotency_key limit ${limit}`)
      return found.map((r): DepositPosting => ({
        key: r.idempotency_key, depositId: r.deposit_id, request: decodeJson(r.request), createdAt: new Date(r.created_at), lastError: r.last_error, refusals: Number(r.refusals),
      }))
    },
    async cancelPosting(key) {
      await sql`delete from ledger.deposit_posting where idempotency_key = ${key}`.execute(db)
    },
    async completePosting(key) {
      await sql`delete from ledger.deposit_posting where idempotency_key = ${key}`.execute(db)
    },
    async failPosting(key, error, refused) {
      await sql`update ledger.deposit_posting set last_error = ${error.slice(0, 1000)}, refusals = refusals + ${refused ? 1 : 0}
        where idempotency_key = ${key}`.execute(db)
    },
    async listDepositEvents(depositId) {
      return (await rows(sql`select * from ledger.deposit_event where deposit_id = ${depositId}::uuid order by at, id`)).map(toEvent)
    },

    async findBankAccount(purpose, currency) {
      const [row] = await rows(sql`select account_id from ledger.deposit_bank_account where purpose = ${purpose} and currency = ${currency}`)
      return row?.account_id as string | undefined
    },
    async saveBankAccount(purpose, currency, accountId) {
      await sql`insert into ledger.deposit_bank_account (purpose, currency, account_id) values (${purpose}, ${currency}, ${accountId}::uuid)
        on conflict (purpose, currency) do nothing`.execute(db)
      // A separate read: when another transaction won the race, its row is visible only to a statement that starts after it committed.
      const [row] = await rows(sql`select account_id from ledger.deposit_bank_account where purpose = ${purpose} and currency = ${currency}`)
      return row!.account_id as string
    },

    async accrualKeys(date) {
      const found = await rows(sql`select distinct convention, period_start,
          case when convention = '30e-360-isda' then maturity_on end as maturity_on
        from ledger.deposit
        where status <> 'closed' and accrued_through = ${day(date)}::date - 1
          and convention in ('30-360-bond-basis', '30-360-us', '30e-360', '30e-360-isda')`)
      return found.map((r): AccrualKey => ({ convention: r.convention, periodStart: dateOf(r.period_start), maturity: dateOrNull(r.maturity_on) }))
    },
    async accrueDay(date, units: readonly AccrualUnits[]) {
      const d = day(date)
      const earning = sql`dep.status <> 'closed' and dep.accrued_through = ${d}::date - 1
        and (dep.status = 'matured' or dep.maturity_on is null or dep.maturity_on > ${d}::date)`
      // Most of the book counts actual days: its units depend on the convention alone, so it needs no join.
      const plain = units.filter((u) => u.periodStart === null && u.maturity === null)
      const keyed = units.filter((u) => u.periodStart !== null || u.maturity !== null)
      let accrued = 0
      if (plain.length > 0) {
        const factor = sql.join(plain.map((u) => sql`when ${u.convention} then ${u.units.toString()}::numeric`), sql` `)
        const result = await sql`update ledger.deposit as dep
            set accrued_scaled = dep.accrued_scaled + dep.annual_interest * (case dep.convention ${factor} end), accrued_through = ${d}::date,
              version = dep.version + 1
          where ${earning} and dep.convention in (${sql.join(plain.map((u) => u.convention))})`.execute(db)
        accrued += Number(result.numAffectedRows ?? 0n)
      }
      if (keyed.length > 0) {
        // The 30/360 family: a day's units depend on where the posting period began (and, under 30E/360 ISDA, on maturity).
        const result = await sql`update ledger.deposit as dep
            set accrued_scaled = dep.accrued_scaled + dep.annual_interest * u.units, accrued_through = ${d}::date, version = dep.version + 1
          from unnest(${keyed.map((u) => u.convention)}::text[], ${keyed.map((u) => (u.periodStart ? day(u.periodStart) : null))}::date[],
                      ${keyed.map((u) => (u.maturity ? day(u.maturity) : null))}::date[], ${keyed.map((u) => u.units.toString())}::numeric[])
               as u(convention, period_start, maturity_on, units)
          where ${earning} and dep.convention = u.convention and dep.period_start = u.period_start
            and (dep.convention <> '30e-360-isda' or u.maturity_on is not distinct from dep.maturity_on)`.execute(db)
        accrued += Number(result.numAffectedRows ?? 0n)
      }
      return accrued
    },
    async dueDeposits(kind, date, afterId, limit) {
      const d = day(date)
      const column = sql.ref(`d.${dueColumn[kind]}`)
      const found = await rows(sql`select ${depositColumns} from ledger.deposit d join ledger.deposit_terms t on t.id = d.terms_id
        where ${column} <= ${d}::date
          and ${kind === 'maturity'
            // A maturity the batch missed is still settled as of its own date, once the deposit has accrued up to it.
            ? sql`d.status = 'active' and d.accrued_through = d.maturity_on - 1`
            : sql`d.accrued_through = ${d}::date - 1 and d.status <> 'closed' and (d.status <> 'active' or d.maturity_on is null or d.maturity_on > ${d}::date)`}
          and (${afterId}::uuid is null or d.id > ${afterId}::uuid)
        order by d.id limit ${limit}`)
      return found.map(toDeposit)
    },
    async stragglers(date, afterId, limit) {
      const d = day(date)
      const found = await rows(sql`select ${depositColumns} from ledger.deposit d join ledger.deposit_terms t on t.id = d.terms_id
        where d.status <> 'closed'
          and d.accrued_through < case when d.status = 'active' and d.maturity_on is not null then least(d.maturity_on, ${d}::date) else ${d}::date end - 1
          and (${afterId}::uuid is null or d.id > ${afterId}::uuid)
        order by d.id limit ${limit}`)
      return found.map(toDeposit)
    },
    async demandDepositsToReprice(afterId, limit) {
      const found = await rows(sql`select ${depositColumns}, a.posted_credits_minor - a.posted_debits_minor as balance_minor
        from ledger.deposit d join ledger.deposit_terms t on t.id = d.terms_id join ledger.account a on a.id = d.account_id
        where d.kind = 'demand' and d.status <> 'closed' and d.principal_minor <> greatest(a.posted_credits_minor - a.posted_debits_minor, 0)
          and (${afterId}::uuid is null or d.id > ${afterId}::uuid)
        order by d.id limit ${limit}`)
      return found.map((row) => ({ deposit: toDeposit(row), balanceMinor: BigInt(row.balance_minor) }))
    },
    async firstDayToAccrue() {
      const [row] = await rows(sql`select min(accrued_through) + 1 as first from ledger.deposit where status <> 'closed'`)
      return row?.first ? dateOf(row.first) : undefined
    },

    async findEodRun(businessDate) {
      const [row] = await rows(sql`select * from ledger.eod_run where business_date = ${day(businessDate)}::date`)
      return row ? toRun(row) : undefined
    },
    async findEodRunById(id) {
      const [row] = await rows(sql`select * from ledger.eod_run where id = ${id}::uuid`)
      return row ? toRun(row) : undefined
    },
    async completedRunCovering(date) {
      const [row] = await rows(sql`select * from ledger.eod_run where status = 'completed' and from_date <= ${day(date)}::date and business_date >= ${day(date)}::date limit 1`)
      return row ? toRun(row) : undefined
    },
    async latestCompletedRun() {
      const [row] = await rows(sql`select * from ledger.eod_run where status = 'completed' order by business_date desc limit 1`)
      return row ? toRun(row) : undefined
    },
    async listEodRuns(page) {
      const after = afterKey(page)
      const found = await rows(sql`select * from ledger.eod_run where (${after}::uuid is null or id < ${after}::uuid) order by id desc limit ${page.limit + 1}`)
      return pageOf(found.map(toRun), page.limit, (r) => r.id)
    },
    async runningEodRun() {
      const [row] = await rows(sql`select * from ledger.eod_run where status = 'running'`)
      return row ? toRun(row) : undefined
    },
    async abandonEodRun(id, now, reason) {
      const result = await sql`update ledger.eod_run set status = 'failed', lease_until = null, updated_at = ${now},
          errors = errors || jsonb_build_array(jsonb_build_object('at', ${now.toISOString()}::text, 'date', processing_date::text, 'step', step, 'message', ${reason}::text))
        where id = ${id}::uuid and status = 'running' and lease_until < ${now}`.execute(db)
      return result.numAffectedRows === 1n
    },
    async insertEodRun(run) {
      const [row] = await rows(sql`insert into ledger.eod_run (id, business_date, from_date, status, counts, errors, started_by, started_at, updated_at, lease_until, lease_owner)
        values (${run.id}::uuid, ${day(run.businessDate)}::date, ${day(run.fromDate)}::date, ${run.status}, ${encodeJson(run.counts)}::jsonb, ${encodeJson(run.errors)}::jsonb,
                ${run.startedBy}, ${run.startedAt}, ${run.updatedAt}, ${run.leaseUntil}, ${run.leaseOwner}::uuid)
        on conflict do nothing returning id`)
      return row !== undefined
    },
    async claimEodRun(id, now, leaseUntil, owner) {
      try {
        const result = await sql`update ledger.eod_run set status = 'running', lease_until = ${leaseUntil}, lease_owner = ${owner}::uuid, updated_at = ${now}
          where id = ${id}::uuid and (status = 'failed' or (status = 'running' and lease_until < ${now}))`.execute(db)
        return result.numAffectedRows === 1n
      } catch (error) {
        // Another run is running (eod_run_one_running): this one cannot resume now.
        if ((error as { code?: string }).code === '23505') return false
        throw error
      }
    },
    async renewEodLease(id, now, leaseUntil, owner) {
      const result = await sql`update ledger.eod_run set lease_until = ${leaseUntil}, updated_at = ${now}
        where id = ${id}::uuid and status = 'running' and lease_owner = ${owner}::uuid`.execute(db)
      return result.numAffectedRows === 1n
    },
    async saveEodRun(run, owner) {
      const result = await sql`update ledger.eod_run set status = ${run.status}, processing_date = ${run.processingDate ? day(run.processingDate) : null}::date,
          step = ${run.step}, counts = ${encodeJson(run.counts)}::jsonb, errors = ${encodeJson(run.errors)}::jsonb, updated_at = ${run.updatedAt},
          completed_at = ${run.completedAt}, lease_until = ${run.leaseUntil}, lease_owner = ${run.leaseOwner}::uuid
        where id = ${run.id}::uuid and lease_owner = ${owner}::uuid`.execute(db)
      return result.numAffectedRows === 1n
    },

    async clientHoldings(clientId): Promise<ClientHolding[]> {
      const found = await rows(sql`select id, currency, case when normal_balance = 'credit' then posted_credits_minor - posted_debits_minor
          else posted_debits_minor - posted_credits_minor end as balance_minor
        from ledger.account where client_id = ${clientId}::uuid and kind = 'client' order by id`)
      return found.map((r) => ({ accountId: r.id, currency: r.currency, balanceMinor: BigInt(r.balance_minor) }))
    },
  }
}

