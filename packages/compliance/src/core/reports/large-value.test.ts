import { parseMoney, type Money } from '@strongroom/kernel'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { currenciesNeedingEquivalent, detectLargeValue, type ClientKind, type Exemption, type ReportableTransaction } from './large-value.js'
import { defaultRulePacks, type RulePack } from './rule-pack.js'

const pack = (id: string) => defaultRulePacks.find((p) => p.id === id)!
const pboc = pack('CN-PBOC-LVT')
const ctr = pack('US-FINCEN-CTR')
const cny = (amount: string) => parseMoney(amount, 'CNY')
const usd = (amount: string) => parseMoney(amount, 'USD')

function aTransaction(transferId: string, amount: Money, changes: Partial<ReportableTransaction> = {}): ReportableTransaction {
  return {
    transferId,
    postedAt: '2025-03-06T10:00:00+08:00',
    direction: 'in',
    amount,
    channel: 'transfer',
    crossBorder: false,
    counterparty: null,
    ...changes,
  }
}
const cashIn = (id: string, amount: Money, changes: Partial<ReportableTransaction> = {}) => aTransaction(id, amount, { channel: 'cash', ...changes })
const cashOut = (id: string, amount: Money) => aTransaction(id, amount, { channel: 'cash', direction: 'out' })

function detect(kind: ClientKind, transactions: ReportableTransaction[], options: { pack?: RulePack; exemptions?: Exemption[] } = {}) {
  return detectLargeValue({
    pack: options.pack ?? pboc,
    businessDate: '2025-03-06',
    client: { id: 'client-1', kind },
    transactions,
    ...(options.exemptions ? { exemptions: options.exemptions } : {}),
  })
}

const summary = (findings: ReturnType<typeof detect>) =>
  findings.map((f) => ({ ruleId: f.ruleId, direction: f.direction, basis: f.basis, total: f.total, reportable: f.reportable, ids: f.transactions.map((t) => t.transferId) }))

describe('large-value detection under PBoC Order 2016 No. 3', () => {
  it('reports an individual’s CNY 600,000.00 domestic outgoing transfer on its own', () => {
    const findings = detect('individual', [aTransaction('t1', cny('600000.00'), { direction: 'out' })])
    expect(findings).toEqual([
      {
        packId: 'CN-PBOC-LVT',
        packVersion: 1,
        ruleId: 'cn-individual-domestic-transfer',
        clientId: 'client-1',
        businessDate: '2025-03-06',
        direction: 'out',
        basis: 'single',
        threshold: cny('500000.00'),
        total: cny('600000.00'),
        reportable: true,
        transactions: [{ transferId: 't1', amount: cny('600000.00'), exempted: false }],
        explanation: expect.stringContaining('t1 of CNY 600000.00 is at least CNY 500000.00'),
      },
    ])
  })

  it('adds up the day’s cash deposits: 20,000.00 + 20,000.00 + 10,000.01 = 50,000.01 is reported as one cumulative inflow', () => {
    const findings = detect('individual', [cashIn('d1', cny('20000.00')), cashIn('d2', cny('20000.00')), cashIn('d3', cny('10000.01'))])
    expect(summary(findings)).toEqual([
      { ruleId: 'cn-cash', direction: 'in', basis: 'daily-cumulative', total: cny('50000.01'), reportable: true, ids: ['d1', 'd2', 'd3'] },
    ])
    expect(findings[0]!.explanation).toContain('no single one is at least CNY 50000.00')
  })

  it('does not report two cash deposits totalling 40,000.00, and does report exactly 50,000.00 (at least)', () => {
    expect(detect('individual', [cashIn('d1', cny('20000.00')), cashIn('d2', cny('20000.00'))])).toEqual([])
    expect(summary(detect('individual', [cashIn('d1', cny('25000.00')), cashIn('d2', cny('25000.00'))]))).toEqual([
      expect.objectContaining({ ruleId: 'cn-cash', total: cny('50000.00') }),
    ])
  })

  it('never nets inflows against outflows: 30,000 cash in and 30,000 cash out report nothing', () => {
    expect(detect('individual', [cashIn('d1', cny('30000.00')), cashOut('w1', cny('30000.00'))])).toEqual([])
  })

  it('counts each direction apart: 50,000 in and 50,000 out are two findings', () => {
    expect(summary(detect('individual', [cashIn('d1', cny('50000.00')), cashOut('w1', cny('50000.00'))]))).toEqual([
      expect.objectContaining({ ruleId: 'cn-cash', direction: 'in', ids: ['d1'] }),
      expect.objectContaining({ ruleId: 'cn-cash', direction: 'out', ids: ['w1'] }),
    ])
  })

  it('reports an institution’s transfer of CNY 2,000,000.00 but not of 1,999,999.99', () => {
    expect(detect('institution', [aTransaction('t1', cny('1999999.99'))])).toEqual([])
    expect(summary(detect('institution', [aTransaction('t1', cny('2000000.00'))]))).toEqual([
      { ruleId: 'cn-institution-transfer', direction: 'in', basis: 'single', total: cny('2000000.00'), reportable: true, ids: ['t1'] },
    ])
    // An institution's CNY 600,000 is not large: the individual rules do not apply to it.
    expect(detect('institution', [aTransaction('t1', cny('600000.00'))])).toEqual([])
  })

  it('reports an individual’s cross-border transfer from CNY 200,000.00, a domestic one only from 500,000.00', () => {
    expect(summary(detect('individual', [aTransaction('x1', cny('200000.00'), { crossBorder: true, direction: 'out' })]))).toEqual([
      { ruleId: 'cn-individual-cross-border-transfer', direction: 'out', basis: 'single', total: cny('200000.00'), reportable: true, ids: ['x1'] },
    ])
    expect(detect('individual', [aTransaction('x1', cny('199999.99'), { crossBorder: true })])).toEqual([])
    expect(detect('individual', [aTransaction('t1', cny('200000.00'), { crossBorder: false })])).toEqual([])
  })

  it('compares USD with the USD thresholds, and keeps each currency’s total apart', () => {
    expect(summary(detect('individual', [cashIn('u1', usd('10000.00'))]))).toEqual([
      expect.objectContaining({ ruleId: 'cn-cash', total: usd('10000.00'), basis: 'single' }),
    ])
    expect(detect('individual', [cashIn('u1', usd('9999.99'))])).toEqual([])
    expect(summary(detect('individual', [aTransaction('x1', usd('6000.00'), { crossBorder: true }), aTransaction('x2', usd('4000.00'), { crossBorder: true })]))).toEqual([
      expect.objectContaining({ ruleId: 'cn-individual-cross-border-transfer', total: usd('10000.00'), basis: 'daily-cumulative', ids: ['x1', 'x2'] }),
    ])
    expect(detect('individual', [aTransaction('t1', usd('100000.00'), { direction: 'out' })])).toEqual([
      expect.objectContaining({ ruleId: 'cn-individual-domestic-transfer', threshold: usd('100000.00'), total: usd('100000.00') }),
    ])
    expect(detect('individual', [aTransaction('t1', usd('99999.99'), { direction: 'out' })])).toEqual([])
    // CNY 40,000 and USD 9,000 are each below their own threshold; they are not added across currencies.
    expect(detect('individual', [cashIn('d1', cny('40000.00')), cashIn('u1', usd('9000.00'))])).toEqual([])
  })

  it('does not look at a currency the rule does not list when the caller gives no equivalents', () => {
    expect(detect('individual', [cashIn('e1', parseMoney('1000000.00', 'EUR'))])).toEqual([])
  })

  it('lists a transaction once, on the day’s finding, when it meets the threshold alone and with others', () => {
    const findings = detect('individual', [
      aTransaction('t2', cny('100000.00'), { direction: 'out', postedAt: '2025-03-06T15:00:00+08:00' }),
      aTransaction('t1', cny('600000.00'), { direction: 'out', postedAt: '2025-03-06T09:00:00+08:00' }),
    ])
    expect(summary(findings)).toEqual([
      { ruleId: 'cn-individual-domestic-transfer', direction: 'out', basis: 'daily-cumulative', total: cny('700000.00'), reportable: true, ids: ['t1', 't2'] },
    ])
    expect(findings[0]!.explanation).toContain('t1 is at least CNY 500000.00 alone')
  })

  it('orders transactions by the instant they were posted, whatever the offset', () => {
    const findings = detect('individual', [
      cashIn('late', cny('30000.00'), { postedAt: '2025-03-06T02:00:00Z' }), // 10:00 in Beijing
      cashIn('early', cny('30000.00'), { postedAt: '2025-03-06T09:00:00+08:00' }), // 01:00Z
    ])
    expect(findings[0]!.transactions.map((t) => t.transferId)).toEqual(['early', 'late'])
  })

  it('leaves the bank’s internal transfers out unless a rule includes them', () => {
    const internal = aTransaction('i1', cny('600000.00'), { channel: 'internal' })
    expect(detect('individual', [internal])).toEqual([])
    const [domestic] = pboc.rules.filter((r) => r.id === 'cn-individual-domestic-transfer')
    const including = { ...pboc, rules: [{ ...domestic!, appliesTo: { ...domestic!.appliesTo, includeInternal: true } }] }
    expect(summary(detect('individual', [internal], { pack: including }))).toEqual([expect.objectContaining({ ids: ['i1'] })])
  })
})

describe('equivalents: other currencies against a pack’s threshold currency', () => {
  // Rates fixed for the test, as the caller would fetch them for the business day.
  const rates: Record<string, string> = { 'EUR/USD': '1.0800', 'CNY/USD': '0.1380' }
  const equivalent = (amount: Money, currency: string) => {
    const rate = rates[`${amount.currency}/${currency}`]
    if (rate === undefined) return undefined
    // amount × rate, to cents, half-even: computed here by hand, not with the code under test.
    const cents = (amount.amountMinor * BigInt(Math.round(Number(rate) * 10_000))) / 10_000n
    return parseMoney((Number(cents) / 100).toFixed(2), currency)
  }
  const run = (transactions: ReportableTransaction[], on: RulePack = pboc, withRates = true) =>
    detectLargeValue({ pack: on, businessDate: '2025-03-06', client: { id: 'client-1', kind: 'individual' }, transactions, ...(withRates ? { equivalent } : {}) })

  it('counts a EUR cash deposit at its USD equivalent under PBoC: EUR 9,300.00 × 1.08 = USD 10,044.00 is reported', () => {
    const findings = run([cashIn('e1', parseMoney('9300.00', 'EUR'))])
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ ruleId: 'cn-cash', total: usd('10044.00'), threshold: usd('10000.00') })
    expect(findings[0]!.transactions[0]).toMatchObject({ amount: usd('10044.00'), originalAmount: parseMoney('9300.00', 'EUR') })
    expect(findings[0]!.explanation).toContain('Counted at their USD equivalent: e1 EUR 9300.00 = USD 10044.00')
  })

  it('adds equivalents to the day’s USD: USD 5,000.00 + EUR 4,600.00 (= USD 4,968.00) = USD 9,968.00 is not reported; EUR 4,650.00 (= 5,022.00) is', () => {
    expect(run([cashIn('u1', usd('5000.00')), cashIn('e1', parseMoney('4600.00', 'EUR'))])).toEqual([])
    expect(run([cashIn('u1', usd('5000.00')), cashIn('e1', parseMoney('4650.00', 'EUR'))])[0]).toMatchObject({ total: usd('10022.00'), basis: 'daily-cumulative' })
  })

  it('never converts CNY under PBoC (CNY has its own threshold), but does under FinCEN: CNY 80,000.00 × 0.138 = USD 11,040.00', () => {
    expect(run([cashIn('c1', cny('45000.00'))])).toEqual([])
    expect(run([cashIn('c1', cny('80000.00'))], ctr)[0]).toMatchObject({ ruleId: 'us-ctr-cash', total: usd('11040.00') })
  })

  it('asks for a rate rule by rule: a currency one rule names is still converted for a rule that does not', () => {
    // FinCEN names only USD, so CNY counts at its USD value there; a pack also naming CNY in another rule must not hide that.
    const mixed: RulePack = { ...ctr, rules: [...ctr.rules, { ...ctr.rules[0]!, id: 'cny-named', thresholds: [cny('50000.00')] }] }
    expect(currenciesNeedingEquivalent(mixed, [cashIn('c1', cny('80000.00'))])).toEqual([{ from: 'CNY', to: 'USD' }])
  })

  it('leaves a transaction out when no rate is given, and names the rates a run needs', () => {
    expect(run([cashIn('e1', parseMoney('50000.00', 'EUR'))], pboc, false)).toEqual([])
    expect(currenciesNeedingEquivalent(pboc, [cashIn('e1', parseMoney('1.00', 'EUR')), cashIn('c1', cny('1.00')), cashIn('h1', parseMoney('1.00', 'HKD'))]))
      .toEqual([{ from: 'EUR', to: 'USD' }, { from: 'HKD', to: 'USD' }])
  })
})

describe('exemptions', () => {
  const rollover = aTransaction('r1', cny('300000.00'), { metadata: { 'deposit.event': 'rolled-over' } })
  const payment = aTransaction('p1', cny('600000.00'))
  const exemptions: Exemption[] = [{ kind: 'deposit-rollover' }, { kind: 'same-client-transfer' }]

  it('lists a rollover as exempted with the reason, and leaves it out of the total', () => {
    const [finding, ...others] = detect('individual', [payment, rollover], { exemptions })
    expect(others).toEqual([])
    expect(finding).toMatchObject({ ruleId: 'cn-individual-domestic-transfer', basis: 'single', total: cny('600000.00'), reportable: true })
    expect(finding!.transactions).toEqual([
      { transferId: 'p1', amount: cny('600000.00'), exempted: false },
      { transferId: 'r1', amount: cny('300000.00'), exempted: true, reason: expect.stringContaining('deposit rollover') },
    ])
    expect(finding!.explanation).toContain('Not counted, as exempted: r1 CNY 300000.00')
  })

  it('counts the rollover when no exemption is given', () => {
    expect(summary(detect('individual', [payment, rollover]))).toEqual([
      expect.objectContaining({ basis: 'daily-cumulative', total: cny('900000.00') }),
    ])
  })

  it('records a day that is large only because of exempted transactions, as not reportable', () => {
    const maturity = aTransaction('m1', cny('1000000.00'), { metadata: { 'deposit.event': 'maturity' } })
    const [finding, ...others] = detect('individual', [maturity, aTransaction('s1', cny('1000.00'))], { exemptions })
    expect(others).toEqual([])
    expect(finding).toMatchObject({ reportable: false, basis: 'daily-cumulative', total: cny('1000.00') })
    expect(finding!.transactions.map((t) => [t.transferId, t.exempted])).toEqual([['m1', true], ['s1', false]])
    expect(finding!.explanation).toContain('nothing to report')
  })

  it('gives nothing for exempted transactions that are small anyway', () => {
    expect(detect('individual', [aTransaction('r1', cny('100.00'), { metadata: { 'deposit.event': 'rolled-over' } })], { exemptions })).toEqual([])
  })

  it('exempts a transfer between the client’s own accounts, and only with metadata sameClient = true', () => {
    const own = aTransaction('o1', cny('600000.00'), { metadata: { sameClient: 'true' } })
    expect(detect('individual', [own], { exemptions })[0]).toMatchObject({ reportable: false, transactions: [{ exempted: true, reason: expect.stringContaining('same-client') }] })
    const other = aTransaction('o2', cny('600000.00'), { metadata: { sameClient: 'false' } })
    expect(detect('individual', [other], { exemptions })[0]).toMatchObject({ reportable: true })
  })

  it('takes an exemption defined by a compliance officer on a metadata key', () => {
    const officer: Exemption = { kind: 'metadata', key: 'counterparty.kind', values: ['government'], reason: 'Art. 9: a state organ is a party' }
    const tax = aTransaction('g1', cny('600000.00'), { direction: 'out', metadata: { 'counterparty.kind': 'government' } })
    expect(detect('individual', [tax], { exemptions: [officer] })[0]!.transactions).toEqual([
      { transferId: 'g1', amount: cny('600000.00'), exempted: true, reason: 'Art. 9: a state organ is a party' },
    ])
  })
})

describe('the FinCEN CTR', () => {
  it('reports cash of more than USD 10,000.00: 10,000.00 is not, 10,000.01 is', () => {
    expect(detect('individual', [cashIn('c1', usd('10000.00'))], { pack: ctr })).toEqual([])
    expect(summary(detect('individual', [cashIn('c1', usd('10000.01'))], { pack: ctr }))).toEqual([
      { ruleId: 'us-ctr-cash', direction: 'in', basis: 'single', total: usd('10000.01'), reportable: true, ids: ['c1'] },
    ])
  })

  it('aggregates the business day: 6,000.00 + 4,000.01 is reported, 6,000.00 + 4,000.00 is not', () => {
    expect(summary(detect('institution', [cashOut('c1', usd('6000.00')), cashOut('c2', usd('4000.01'))], { pack: ctr }))).toEqual([
      { ruleId: 'us-ctr-cash', direction: 'out', basis: 'daily-cumulative', total: usd('10000.01'), reportable: true, ids: ['c1', 'c2'] },
    ])
    expect(detect('institution', [cashOut('c1', usd('6000.00')), cashOut('c2', usd('4000.00'))], { pack: ctr })).toEqual([])
  })

  it('keeps cash in and cash out apart, and ignores transfers', () => {
    expect(detect('individual', [cashIn('c1', usd('6000.00')), cashOut('c2', usd('6000.00'))], { pack: ctr })).toEqual([])
    expect(detect('individual', [aTransaction('t1', usd('50000.00'))], { pack: ctr })).toEqual([])
  })
})

describe('the EU occasional transaction check', () => {
  it('applies from EUR 15,000.00, cash or transfer', () => {
    const eu = pack('EU-AMLD-OCCASIONAL')
    expect(detect('individual', [aTransaction('e1', parseMoney('14999.99', 'EUR'))], { pack: eu })).toEqual([])
    expect(summary(detect('individual', [cashIn('e1', parseMoney('10000.00', 'EUR')), aTransaction('e2', parseMoney('5000.00', 'EUR'))], { pack: eu }))).toEqual([
      expect.objectContaining({ ruleId: 'eu-occasional', total: parseMoney('15000.00', 'EUR'), ids: ['e1', 'e2'] }),
    ])
  })
})

describe('input no caller should send', () => {
  it('is refused with a RangeError', () => {
    const t = aTransaction('t1', cny('1.00'))
    expect(() => detect('individual', [t, t])).toThrow(/given twice/)
    expect(() => detect('individual', [aTransaction('t1', cny('-1.00'))])).toThrow(/negative/)
    expect(() => detect('individual', [aTransaction('t1', cny('1.00'), { postedAt: '2025-03-06T10:00:00' })])).toThrow(/offset/)
    expect(() => detect('individual', [], { pack: { ...pboc, effectiveFrom: '2026-01-01' } })).toThrow(/takes effect/)
    expect(() => detect('individual', [], { pack: { ...pboc, rules: [] } })).toThrow(/rule pack/)
    expect(() => detect('individual', [], { exemptions: [{ kind: 'metadata', key: 'x', values: ['y'], reason: ' ' }] })).toThrow(/reason/)
    expect(() => detectLargeValue({ pack: pboc, businessDate: '2025-02-30', client: { id: 'c', kind: 'individual' }, transactions: [] })).toThrow(RangeError)
  })
})

describe('for any day of cash deposits', () => {
  const day = fc.array(fc.record({ minor: fc.bigInt({ min: 0n, max: 3_000_000n }), direction: fc.constantFrom('in' as const, 'out' as const) }), { maxLength: 12 })

  it('reports each direction exactly when its own total reaches CNY 50,000.00, whatever the order', () => {
    fc.assert(
      fc.property(day, (rows) => {
        const transactions = rows.map((r, i) => aTransaction(`t${i}`, { amountMinor: r.minor, currency: 'CNY' }, { channel: 'cash', direction: r.direction }))
        const findings = detect('individual', transactions)
        for (const direction of ['in', 'out'] as const) {
          const total = rows.filter((r) => r.direction === direction).reduce((sum, r) => sum + r.minor, 0n)
          const finding = findings.find((f) => f.direction === direction)
          expect(finding !== undefined).toBe(total >= 5_000_000n)
          if (finding) expect(finding.total.amountMinor).toBe(total)
        }
        expect(detect('individual', [...transactions].reverse())).toEqual(findings)
      }),
    )
  })
})
