import { describe, expect, it } from 'vitest'
import { encodeCursor, fixedClock, money, parseMoney, sequentialIds, type CurrencyCode, type Money, type Page } from '@strongroom/kernel'
import { createFxService, type FxRateStore, type RecordedFxRate } from './fx-service.js'
import type { FxRate } from './fx.js'
import { createLedgerService } from './service.js'
import { trialBalance } from './trial-balance.js'
import { aNewClientAccount, aNewInternalAccount, cny, createInMemoryLedgerRepository, eur, jpy, usd } from '../testing/index.js'

/** The store in memory: the port's contract, kept as simply as it can be. */
function inMemoryRateStore(): FxRateStore & { all(): RecordedFxRate[] } {
  let rows: RecordedFxRate[] = []
  const keyOf = (r: FxRate) => `${r.base}|${r.quote}|${r.source}|${Date.parse(r.asOf)}`
  const sameValue = (a: string, b: string) => Number(a) === Number(b) // fine for the small rates of these tests
  return {
    all: () => rows,
    async upsertRates(rates, recordedAt) {
      const next = new Map(rows.map((r) => [keyOf(r), r]))
      const conflicts = []
      let inserted = 0
      for (const r of rates) {
        const stored = next.get(keyOf(r))
        if (stored === undefined) {
          next.set(keyOf(r), { ...r, asOf: new Date(r.asOf).toISOString(), recordedAt })
          inserted += 1
        } else if (!sameValue(stored.rate, r.rate)) {
          conflicts.push({ base: r.base, quote: r.quote, source: r.source, asOf: stored.asOf, stored: stored.rate, offered: r.rate })
        }
      }
      if (conflicts.length > 0) return { inserted: 0, conflicts }
      rows = [...next.values()]
      return { inserted, conflicts: [] }
    },
    async latestRate(base, quote, at, source) {
      return rows
        .filter((r) => r.base === base && r.quote === quote && Date.parse(r.asOf) <= at.getTime() && (source === undefined || r.source === source))
        .sort((a, b) => Date.parse(b.asOf) - Date.parse(a.asOf) || (a.source < b.source ? -1 : 1))[0]
    },
    async listRates(_filter, page): Promise<Page<RecordedFxRate>> {
      return { items: rows.slice(0, page.limit), nextCursor: rows.length > page.limit ? encodeCursor('x') : null }
    },
  }
}

const rate = (base: CurrencyCode, quote: CurrencyCode, value: string, asOf: string, source = 'ECB'): FxRate => ({ base, quote, rate: value, source, asOf })
const kwd = (amount: string): Money => parseMoney(amount, 'KWD')

async function setup(currencies: readonly CurrencyCode[] = ['EUR', 'CNY', 'USD', 'JPY', 'KWD']) {
  const clock = fixedClock('2025-05-12T09:00:00.000Z')
  const repo = createInMemoryLedgerRepository()
  const ledger = createLedgerService({ repo, clock, ids: sequentialIds() })
  const store = inMemoryRateStore()
  const fx = createFxService({ rates: store, ledger, clock })
  const vault = {} as Record<string, string>
  const position = {} as Record<string, string>
  for (const currency of currencies) {
    vault[currency] = (await ledger.openAccount(aNewInternalAccount('cash_vault', currency))).account.id
    position[currency] = (await ledger.openAccount(aNewInternalAccount('fx_position', currency))).account.id
  }
  /** An account of client-1 (or of `clientId`) in `currency` holding `balance` (a cash deposit from the vault). */
  async function client(currency: CurrencyCode, balance?: Money, clientId = 'client-1'): Promise<string> {
    const id = (await ledger.openAccount(aNewClientAccount({ currency, clientId }))).account.id
    if (balance) await ledger.postTransfer({ debitAccountId: vault[currency]!, creditAccountId: id, amount: balance, channel: 'cash' })
    return id
  }
  const posted = async (id: string) => {
    const { balances } = await ledger.getAccount(id)
    return balances.postedCreditsMinor - balances.postedDebitsMinor
  }
  return { clock, repo, ledger, store, fx, vault, position, client, posted }
}

const codeOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise
    return 'ok'
  } catch (error) {
    return (error as { code?: string }).code ?? String(error)
  }
}

describe('recording rates', () => {
  it('stores rates with their as-of as a UTC instant, and leaves an identical one alone', async () => {
    const { fx, store } = await setup()
    const first = await fx.recordRates([rate('USD', 'CNY', '7.2405', '2025-05-12T10:30:00+02:00', 'desk')])
    expect(first).toEqual({ recorded: 1, alreadyRecorded: 0 })
    expect(store.all()).toEqual([
      { base: 'USD', quote: 'CNY', rate: '7.2405', source: 'desk', asOf: '2025-05-12T08:30:00.000Z', recordedAt: new Date('2025-05-12T09:00:00.000Z') },
    ])
    expect(await fx.recordRates([rate('USD', 'CNY', '7.2405', '2025-05-12T08:30:00Z', 'desk')])).toEqual({ recorded: 0, alreadyRecorded: 1 })
  })

  it('refuses a different rate under a recorded key, and then records nothing of the batch', async () => {
    const { fx, store } = await setup()
    await fx.recordRates([rate('USD', 'CNY', '7.2405', '2025-05-12T08:30:00Z', 'desk')])
    const batch = [rate('USD', 'JPY', '145.5', '2025-05-12T08:30:00Z', 'desk'), rate('USD', 'CNY', '7.2406', '2025-05-12T08:30:00Z', 'desk')]
    await expect(fx.recordRates(batch)).rejects.toMatchObject({ code: 'common.conflict', message: expect.stringContaining('stored 7.2405, offered 7.2406') })
    expect(store.all()).toHaveLength(1)
  })

  it.each<[string, FxRate]>([
    ['a zero rate', rate('USD', 'CNY', '0.000', '2025-05-12T08:30:00Z')],
    ['a negative rate', rate('USD', 'CNY', '-7.2', '2025-05-12T08:30:00Z')],
    ['a rate in exponent form', rate('USD', 'CNY', '7.2e0', '2025-05-12T08:30:00Z')],
    ['a pair of one currency', rate('USD', 'USD', '1', '2025-05-12T08:30:00Z')],
    ['an unknown currency', rate('USD', 'XXX' as CurrencyCode, '1.5', '2025-05-12T08:30:00Z')],
    ['a date without a time', rate('USD', 'CNY', '7.2', '2025-05-12')],
    ['a time without an offset', rate('USD', 'CNY', '7.2', '2025-05-12T08:30:00')],
    ['an empty source', rate('USD', 'CNY', '7.2', '2025-05-12T08:30:00Z', '  ')],
  ])('refuses %s', async (_, bad) => {
    const { fx, store } = await setup()
    expect(await codeOf(fx.recordRates([bad]))).toBe('ledger.invalid_rate')
    expect(store.all()).toHaveLength(0)
  })
})

describe('importing the ECB reference rates', () => {
  // The layout of eurofxref-hist.csv: newest first, N/A, a replaced currency (CYP), a trailing comma.
  const file = [
    'Date,USD,JPY,CYP,CNY,',
    '2025-05-09,1.1252,163.36,N/A,8.147,',
    '2025-05-08,1.1297,163.45,N/A,8.1683,',
    '2007-12-31,1.4721,164.93,0.585274,N/A,',
    '',
  ].join('\n')

  it('records EUR → each quoted currency, source ECB, as of 16:00 CET (15:00 UTC) on its day, and counts what it read', async () => {
    const { fx, store } = await setup()
    expect(await fx.importEcbCsv(file)).toEqual({
      days: 3, rates: 8, recorded: 8, alreadyRecorded: 0, skippedCurrencies: ['CYP'], firstDate: '2007-12-31', lastDate: '2025-05-09',
    })
    expect(store.all()).toContainEqual(expect.objectContaining({ base: 'EUR', quote: 'CNY', rate: '8.1683', source: 'ECB', asOf: '2025-05-08T15:00:00.000Z' }))
    expect(store.all().filter((r) => r.asOf.startsWith('2007-12-31')).map((r) => r.quote)).toEqual(['USD', 'JPY'])
  })

  it('is idempotent: the same file again records nothing', async () => {
    const { fx, store } = await setup()
    await fx.importEcbCsv(file)
    expect(await fx.importEcbCsv(file)).toMatchObject({ rates: 8, recorded: 0, alreadyRecorded: 8 })
    expect(store.all()).toHaveLength(8)
  })

  it('refuses a file that revises a recorded rate, and a malformed file with its line', async () => {
    const { fx, store } = await setup()
    await fx.importEcbCsv(file)
    expect(await codeOf(fx.importEcbCsv(file.replace('8.1683', '8.1684')))).toBe('common.conflict')
    await expect(fx.importEcbCsv(file.replace('163.45', '163,45'))).rejects.toMatchObject({ code: 'common.invalid_input', details: { line: 3 } })
    expect(store.all()).toHaveLength(8)
  })
})

describe('the rate in force', () => {
  const ecb = [rate('EUR', 'CNY', '8.147', '2025-05-09T15:00:00Z'), rate('EUR', 'USD', '1.1252', '2025-05-09T15:00:00Z')]

  it('is the stored rate when it is asked for as stored', async () => {
    const { fx } = await setup()
    await fx.recordRates([...ecb, rate('EUR', 'CNY', '8.1683', '2025-05-08T15:00:00Z')])
    expect(await fx.rateFor('EUR', 'CNY')).toEqual({
      rate: { base: 'EUR', quote: 'CNY', rate: '8.147', source: 'ECB', asOf: '2025-05-09T15:00:00.000Z' },
      derivation: 'direct',
      derivedFrom: [expect.objectContaining({ rate: '8.147' })],
      rounding: null,
    })
    // Before the 9th's rates were published, the 8th's were in force.
    expect((await fx.rateFor('EUR', 'CNY', new Date('2025-05-09T14:59:59.999Z'))).rate.rate).toBe('8.1683')
    expect(await codeOf(fx.rateFor('EUR', 'CNY', new Date('2025-05-08T14:00:00Z')))).toBe('common.not_found')
  })

  it('inverts a rate stored the other way, rounded once to 10 significant digits', async () => {
    const { fx } = await setup()
    await fx.recordRates(ecb)
    // 1 / 8.147 = 0.12274456855284…
    expect(await fx.rateFor('CNY', 'EUR')).toMatchObject({
      rate: { base: 'CNY', quote: 'EUR', rate: '0.1227445686', source: 'ECB', asOf: '2025-05-09T15:00:00.000Z' },
      derivation: 'inverse',
      rounding: { significantDigits: 10, mode: 'half-even' },
    })
  })

  it('crosses through EUR: CNY per EUR ÷ USD per EUR', async () => {
    const { fx } = await setup()
    await fx.recordRates(ecb)
    // 8.147 / 1.1252 = 7.24049057945…
    expect(await fx.rateFor('USD', 'CNY')).toMatchObject({ rate: { base: 'USD', quote: 'CNY', rate: '7.240490579' }, derivation: 'cross' })
    // 1.1252 / 8.147 = 0.13811218853…
    expect((await fx.rateFor('CNY', 'USD')).rate.rate).toBe('0.1381121885')
  })

  it('is the freshest: a stale direct rate gives way to today’s cross, and on a tie the direct rate wins', async () => {
    const { fx } = await setup()
    await fx.recordRates([...ecb, rate('USD', 'CNY', '7.1', '2025-04-01T09:00:00Z', 'desk')])
    expect((await fx.rateFor('USD', 'CNY')).derivation).toBe('cross')
    expect((await fx.rateFor('USD', 'CNY', new Date('2025-05-01T00:00:00Z'))).rate).toMatchObject({ rate: '7.1', source: 'desk' })
    await fx.recordRates([rate('USD', 'CNY', '7.25', '2025-05-09T15:00:00Z', 'desk')])
    expect((await fx.rateFor('USD', 'CNY')).rate).toMatchObject({ rate: '7.25', source: 'desk' })
    expect((await fx.rateFor('USD', 'CNY', undefined, { source: 'ECB' })).derivation).toBe('cross')
  })
})

describe('converting between two client accounts', () => {
  it('posts 1,000.00 EUR at 7.7433 CNY per EUR as 7,743.30 CNY, in one four-leg transfer through the FX positions', async () => {
    const { fx, position, client, posted, repo } = await setup()
    const from = await client('EUR', eur('5000.00'))
    const to = await client('CNY')
    const result = await fx.convertAndPost({ fromAccountId: from, toAccountId: to, amount: eur('1000.00'), toCurrency: 'CNY', rate: '7.7433', reference: 'FX deal 42' })
    expect(result.debited).toEqual(eur('1000.00'))
    expect(result.credited).toEqual(cny('7743.30'))
    expect(result.rate).toEqual({ base: 'EUR', quote: 'CNY', rate: '7.7433', source: 'explicit', asOf: '2025-05-12T09:00:00.000Z' })
    expect(result.positions).toEqual({ from: position.EUR, to: position.CNY })
    expect(result.posted.entries.map((e) => [e.accountId, e.direction, e.amount])).toEqual([
      [from, 'debit', eur('1000.00')],
      [position.EUR, 'credit', eur('1000.00')],
      [position.CNY, 'debit', cny('7743.30')],
      [to, 'credit', cny('7743.30')],
    ])
    expect(result.posted.transfer).toMatchObject({
      reference: 'FX deal 42',
      channel: 'internal',
      metadata: { 'fx.rate': '7.7433', 'fx.source': 'explicit', 'fx.base': 'EUR', 'fx.quote': 'CNY', 'fx.derivation': 'explicit', 'fx.rounding': 'half-even' },
    })
    expect(await posted(from)).toBe(400_000n)
    expect(await posted(to)).toBe(774_330n)
    expect(trialBalance(repo.accounts()).every((t) => t.balanced)).toBe(true)
  })

  it('rounds once to the minor unit of JPY (no decimals), both ways', async () => {
    const { fx, client } = await setup()
    const eurAccount = await client('EUR', eur('2000.00'))
    const jpyAccount = await client('JPY', jpy('1000000'))
    // 1,000.50 × 163.36 = 163,441.68 → 163,442
    const buy = await fx.convertAndPost({ fromAccountId: eurAccount, toAccountId: jpyAccount, amount: eur('1000.50'), toCurrency: 'JPY', rate: '163.36' })
    expect(buy.credited).toEqual(jpy('163442'))
    // 1,000,000 ÷ 163.36 = 6,121.4495… → 6,121.45 (the EUR/JPY rate applied by division)
    const sell = await fx.convertAndPost({
      fromAccountId: jpyAccount, toAccountId: eurAccount, amount: jpy('1000000'), toCurrency: 'EUR', rate: { base: 'EUR', quote: 'JPY', rate: '163.36' },
    })
    expect(sell.credited).toEqual(eur('6121.45'))
  })

  it('rounds to the three decimals of KWD, half-even on a tie', async () => {
    const { fx, client } = await setup()
    const usdAccount = await client('USD', usd('5000.00'))
    const kwdAccount = await client('KWD', kwd('10.000'))
    const cnyAccount = await client('CNY')
    // 1,234.57 × 0.30745 = 379.5685465 → 379.569
    expect((await fx.convertAndPost({ fromAccountId: usdAccount, toAccountId: kwdAccount, amount: usd('1234.57'), toCurrency: 'KWD', rate: '0.30745' })).credited)
      .toEqual(kwd('379.569'))
    // 1.000 × 23.455 = 23.455 exactly: a tie, to the even cent → 23.46; half-up would agree, 'down' gives 23.45
    expect((await fx.convertAndPost({ fromAccountId: kwdAccount, toAccountId: cnyAccount, amount: kwd('1.000'), toCurrency: 'CNY', rate: '23.455' })).credited)
      .toEqual(cny('23.46'))
    expect((await fx.convertAndPost({ fromAccountId: kwdAccount, toAccountId: cnyAccount, amount: kwd('1.000'), toCurrency: 'CNY', rate: '23.445' })).credited)
      .toEqual(cny('23.44'))
    expect((await fx.convertAndPost({ fromAccountId: kwdAccount, toAccountId: cnyAccount, amount: kwd('1.000'), toCurrency: 'CNY', rate: '23.455', mode: 'down' })).credited)
      .toEqual(cny('23.45'))
  })

  it('at the latest rate stored the other way, divides by the stored rate rather than multiplying by a rounded inverse', async () => {
    const { fx, client } = await setup()
    await fx.recordRates([rate('EUR', 'CNY', '8.147', '2025-05-09T15:00:00Z')])
    const from = await client('CNY', cny('20000.00'))
    const to = await client('EUR')
    // 13,014.14 ÷ 8.147 = 1,597.414999386… → 1,597.41 (8.147 × 1,597.415 = 13,014.140005 > 13,014.14).
    // × 0.1227445686 (1/8.147 rounded) it would be 1,597.41500000… → 1,597.42: a second rounding.
    const result = await fx.convertAndPost({ fromAccountId: from, toAccountId: to, amount: cny('13014.14'), toCurrency: 'EUR', rate: 'latest' })
    expect(result.credited).toEqual(eur('1597.41'))
    expect(result.derivation).toBe('inverse')
    expect(result.rate).toEqual({ base: 'EUR', quote: 'CNY', rate: '8.147', source: 'ECB', asOf: '2025-05-09T15:00:00.000Z' })
  })

  it('at the latest cross rate, applies the derived rate rounded once and puts how it was derived on record', async () => {
    const { fx, client } = await setup()
    await fx.recordRates([rate('EUR', 'CNY', '8.147', '2025-05-09T15:00:00Z'), rate('EUR', 'USD', '1.1252', '2025-05-09T15:00:00Z')])
    const from = await client('USD', usd('20000.00'))
    const to = await client('CNY')
    // 10,000.00 × 7.240490579 = 72,404.90579 → 72,404.91
    const result = await fx.convertAndPost({ fromAccountId: from, toAccountId: to, amount: usd('10000.00'), toCurrency: 'CNY', rate: 'latest' })
    expect(result.credited).toEqual(cny('72404.91'))
    expect(result.posted.transfer.metadata).toMatchObject({
      'fx.rate': '7.240490579',
      'fx.derivation': 'cross',
      'fx.significantDigits': '10',
      'fx.derivedFrom': 'EUR/CNY 8.147 (ECB 2025-05-09T15:00:00.000Z) ÷ EUR/USD 1.1252 (ECB 2025-05-09T15:00:00.000Z)',
    })
  })

  it('refuses a latest rate older than a week', async () => {
    const { fx, client, clock } = await setup()
    await fx.recordRates([rate('EUR', 'CNY', '8.147', '2025-05-09T15:00:00Z')])
    const from = await client('EUR', eur('100.00'))
    const to = await client('CNY')
    const order = { fromAccountId: from, toAccountId: to, amount: eur('10.00'), toCurrency: 'CNY' as const, rate: 'latest' as const }
    clock.set('2025-05-16T15:00:00.000Z') // exactly 7 days: still in force
    expect(await codeOf(fx.convertAndPost(order))).toBe('ok')
    clock.set('2025-05-16T15:00:00.001Z')
    expect(await codeOf(fx.convertAndPost(order))).toBe('ledger.invalid_rate')
  })

  it('posts nothing when the payer cannot cover the amount', async () => {
    const { fx, client, repo, position, posted } = await setup()
    const from = await client('EUR', eur('999.99'))
    const to = await client('CNY')
    const entriesBefore = repo.entries().length
    expect(await codeOf(fx.convertAndPost({ fromAccountId: from, toAccountId: to, amount: eur('1000.00'), toCurrency: 'CNY', rate: '7.7433' })))
      .toBe('ledger.insufficient_funds')
    expect(repo.entries()).toHaveLength(entriesBefore)
    expect([await posted(from), await posted(to), await posted(position.EUR!), await posted(position.CNY!)]).toEqual([99_999n, 0n, 0n, 0n])
  })

  it('keeps every currency balanced across many conversions', async () => {
    const { fx, client, repo } = await setup()
    const accounts = { EUR: await client('EUR', eur('10000.00')), CNY: await client('CNY', cny('10000.00')), JPY: await client('JPY', jpy('1000000')) }
    const deals: [keyof typeof accounts, keyof typeof accounts, Money, string][] = [
      ['EUR', 'CNY', eur('123.45'), '7.7433'],
      ['CNY', 'JPY', cny('999.99'), '20.05'],
      ['JPY', 'EUR', jpy('77777'), '0.006123'],
      ['EUR', 'JPY', eur('0.01'), '163.36'],
    ]
    for (const [from, to, amount, value] of deals) {
      await fx.convertAndPost({ fromAccountId: accounts[from], toAccountId: accounts[to], amount, toCurrency: to, rate: value })
    }
    const totals = trialBalance(repo.accounts())
    expect(totals.map((t) => t.currency)).toEqual(['CNY', 'EUR', 'JPY', 'KWD', 'USD'])
    expect(totals.filter((t) => !t.balanced)).toEqual([])
  })

  describe('FX position accounts', () => {
    it('uses the ones named, but only if they are FX position accounts in the right currency', async () => {
      const { fx, client, ledger, vault } = await setup()
      const from = await client('EUR', eur('100.00'))
      const to = await client('CNY')
      const other = (await ledger.openAccount(aNewInternalAccount('fx_position', 'CNY', { name: 'FX desk 2 CNY' }))).account.id
      const order = { fromAccountId: from, toAccountId: to, amount: eur('10.00'), toCurrency: 'CNY' as const, rate: '7.7433' }
      expect(await codeOf(fx.convertAndPost(order))).toBe('ledger.invalid_account') // two in CNY now: which one?
      expect((await fx.convertAndPost({ ...order, fxPositionAccounts: { CNY: other } })).positions.to).toBe(other)
      expect(await codeOf(fx.convertAndPost({ ...order, fxPositionAccounts: { CNY: vault.CNY! } }))).toBe('ledger.invalid_account')
      expect(await codeOf(fx.convertAndPost({ ...order, fxPositionAccounts: { CNY: vault.EUR! } }))).toBe('ledger.invalid_account')
    })

    it('refuses a currency without one', async () => {
      const { fx, client } = await setup(['EUR', 'CNY'])
      const from = await client('EUR', eur('100.00'))
      const to = await client('USD')
      expect(await codeOf(fx.convertAndPost({ fromAccountId: from, toAccountId: to, amount: eur('10.00'), toCurrency: 'USD', rate: '1.1252' })))
        .toBe('ledger.account_not_found')
    })
  })

  it.each<[string, object, string]>([
    ['a rate that does not join the two currencies', { rate: { base: 'EUR', quote: 'USD', rate: '1.1' } }, 'ledger.currency_mismatch'],
    ['a conversion into the same currency', { toCurrency: 'EUR' }, 'ledger.currency_mismatch'],
    ['a zero rate', { rate: '0.0' }, 'ledger.invalid_rate'],
    ['no rate at all for latest', { rate: 'latest' }, 'common.not_found'],
    ['an amount worth less than one fen', { amount: eur('0.01'), rate: '0.1' }, 'ledger.invalid_amount'],
  ])('refuses %s', async (_, overrides, code) => {
    const { fx, client } = await setup()
    const from = await client('EUR', eur('100.00'))
    const to = await client('CNY')
    expect(await codeOf(fx.convertAndPost({ fromAccountId: from, toAccountId: to, amount: eur('10.00'), toCurrency: 'CNY', rate: '7.7433', ...overrides })))
      .toBe(code)
  })

  it('refuses to pay another client, or to convert out of or into an internal account', async () => {
    const { fx, client, position } = await setup()
    const from = await client('EUR', eur('100.00'))
    const someoneElse = await client('CNY', undefined, 'client-2')
    const order = { fromAccountId: from, toAccountId: someoneElse, amount: eur('10.00'), toCurrency: 'CNY' as const, rate: '7.7433' }
    expect(await codeOf(fx.convertAndPost(order))).toBe('ledger.invalid_account')
    expect(await codeOf(fx.convertAndPost({ ...order, toAccountId: position.CNY! }))).toBe('ledger.invalid_account')
    expect(await codeOf(fx.convertAndPost({ ...order, toAccountId: '00000000-0000-7000-8000-0000000fffff' }))).toBe('ledger.account_not_found')
  })

  it('replays a conversion posted twice under one key', async () => {
    const { fx, client, posted } = await setup()
    const from = await client('EUR', eur('100.00'))
    const to = await client('CNY')
    const order = { fromAccountId: from, toAccountId: to, amount: eur('10.00'), toCurrency: 'CNY' as const, rate: '7.7433' }
    const first = await fx.convertAndPost(order, { idempotencyKey: 'fx-1' })
    const second = await fx.convertAndPost(order, { idempotencyKey: 'fx-1' })
    expect(second.posted.transfer.id).toBe(first.posted.transfer.id)
    expect(await posted(to)).toBe(7_743n)
    expect(money(await posted(from), 'EUR')).toEqual(eur('90.00'))
  })

  it('recognises a retry of a "latest" conversion after the rate moved, and refuses the key for another order', async () => {
    const { fx, client, posted, clock } = await setup()
    await fx.recordRates([{ base: 'EUR', quote: 'CNY', rate: '7.7433', source: 'ECB', asOf: '2025-05-12T08:00:00.000Z' }])
    const from = await client('EUR', eur('100.00'))
    const to = await client('CNY')
    const order = { fromAccountId: from, toAccountId: to, amount: eur('10.00'), toCurrency: 'CNY' as const, rate: 'latest' as const }
    const first = await fx.convertAndPost(order, { idempotencyKey: 'fx-latest' })
    clock.advance(60_000)
    await fx.recordRates([{ base: 'EUR', quote: 'CNY', rate: '7.9000', source: 'ECB', asOf: '2025-05-12T09:00:30.000Z' }])
    const retry = await fx.convertAndPost(order, { idempotencyKey: 'fx-latest' })
    expect(retry.posted.transfer.id).toBe(first.posted.transfer.id)
    expect(retry.credited).toEqual(first.credited)
    expect(retry.rate.rate).toBe('7.7433')
    expect(await posted(to)).toBe(7_743n)
    expect(await codeOf(fx.convertAndPost({ ...order, amount: eur('11.00') }, { idempotencyKey: 'fx-latest' }))).toBe('ledger.idempotency_conflict')
  })
})
