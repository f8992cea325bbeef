import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasPostgres } from '@strongroom/db-kit'
import { createTestApp, type TestApp } from './testing/test-app.js'

// Transaction monitoring inline on every transfer, over HTTP: the default rule pack decides, alerts gather in
// one case per client, a new rule version runs in shadow and goes live only through maker-checker.
let t: TestApp
let ops: { id: string; token: string }
let analyst: { id: string; token: string }
let checker: { id: string; token: string }
let vault: string
let settlement: string

const call = (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => t.call(token, { method, url, ...(payload ? { payload } : {}) })
const cny = (amount: string) => ({ amount, currency: 'CNY' })
async function aClient(name: string) {
  const client = (await call(ops.token, 'POST', '/v1/clients', { kind: 'individual', legalName: name, country: 'CN', segment: 'high_net_worth' })).json()
  const account = (await call(ops.token, 'POST', '/v1/accounts', { kind: 'client', clientId: client.id, currency: 'CNY', name: 'Current' })).json().id
  return { id: client.id as string, account: account as string }
}
const cashIn = (account: string, amount: string) => call(ops.token, 'POST', '/v1/transfers', { debitAccountId: vault, creditAccountId: account, amount: cny(amount), channel: 'cash' })

beforeAll(async () => {
  t = await createTestApp()
  ops = await t.staffWith(['operations'])
  analyst = await t.staffWith(['risk_officer'])
  checker = await t.staffWith(['compliance_officer'])
  vault = (await call(ops.token, 'POST', '/v1/accounts', { kind: 'internal', internalPurpose: 'cash_vault', currency: 'CNY', unbounded: true, name: 'Vault' })).json().id
  settlement = (await call(ops.token, 'POST', '/v1/accounts', { kind: 'internal', internalPurpose: 'settlement', currency: 'CNY', unbounded: true, name: 'Settlement' })).json().id
})
afterAll(async () => t.close())

describe('inline monitoring with the default rule pack', () => {
  it('raises a structuring alert naming its rule on the third cash deposit of 48,000.00 in one day', async () => {
    const client = await aClient('Structuring Client')
    const ids = []
    for (const n of [1, 2, 3]) {
      const posted = await cashIn(client.account, '48000.00')
      expect(posted.statusCode).toBe(201) // review lets the money post
      ids.push(posted.json().id as string)
      // 48,000.00 is 96% of the 50,000.00 reporting threshold: near it, but not at it.
      const alerts = (await call(analyst.token, 'GET', `/v1/risk/alerts?clientId=${client.id}`)).json().items
      expect(alerts).toHaveLength(n === 3 ? 1 : 0)
    }
    const [alert] = (await call(analyst.token, 'GET', `/v1/risk/alerts?clientId=${client.id}`)).json().items
    expect(alert).toMatchObject({ transferId: ids[2], outcome: 'review', ruleIds: ['structuring'] })
    const [decision] = (await call(analyst.token, 'GET', `/v1/risk/decisions?transferId=${ids[2]}`)).json().items
    const structuring = decision.results.find((r: any) => r.ruleId === 'structuring')
    expect(decision).toMatchObject({ outcome: 'review', score: 60, mode: 'live' })
    expect(structuring).toMatchObject({ hit: true, score: 60 })
    expect(structuring.explanation).toMatch(/3/)
    expect(decision.results.filter((r: any) => r.hit).map((r: any) => r.ruleId)).toEqual(['structuring'])
    // The first two were decided too, and allowed.
    const first = (await call(analyst.token, 'GET', `/v1/risk/decisions?transferId=${ids[0]}`)).json().items[0]
    expect(first.outcome).toBe('allow')

    const riskCase = (await call(analyst.token, 'GET', `/v1/risk/cases/${alert.caseId}`)).json()
    expect(riskCase).toMatchObject({ clientId: client.id, status: 'open', alerts: [expect.objectContaining({ id: alert.id })] })
    const decided = await call(analyst.token, 'POST', `/v1/risk/cases/${alert.caseId}/outcome`, { outcome: 'true_positive', note: 'three deposits just under the threshold, no business reason' })
    expect(decided.json()).toMatchObject({ status: 'closed', outcome: 'true_positive', outcomeBy: analyst.id, suspiciousReportId: expect.any(String) })
    // Handed to compliance: a draft suspicious report with the case's transfer, never visible to the client's RM.
    const [report] = (await call(checker.token, 'GET', `/v1/compliance/reports/suspicious?clientId=${client.id}`)).json().items
    expect(report).toMatchObject({ id: decided.json().suspiciousReportId, caseRef: alert.caseId, transferIds: [ids[2]] })
    const tuning = (await call(analyst.token, 'GET', '/v1/risk/tuning')).json().items
    expect(tuning).toContainEqual({ ruleId: 'structuring', outcome: 'true_positive', count: 1 })
  })

  it('refuses a transfer to a FATF call-for-action jurisdiction with the rule id, posting nothing', async () => {
    const client = await aClient('Outbound Client')
    expect((await cashIn(client.account, '20000.00')).statusCode).toBe(201)
    const refused = await call(ops.token, 'POST', '/v1/transfers', {
      debitAccountId: client.account, creditAccountId: settlement, amount: cny('1000.00'), channel: 'transfer',
      counterparty: { name: 'Korea Trading Co', account: 'KP-0001', country: 'KP' },
    })
    expect(refused.statusCode).toBe(422)
    expect(refused.headers['content-type']).toMatch(/problem\+json/)
    expect(refused.json()).toMatchObject({ code: 'risk.blocked', ruleIds: ['high-risk-jurisdiction'] })
    expect((await call(ops.token, 'GET', `/v1/accounts/${client.account}`)).json().balances.posted).toEqual(cny('20000.00'))
    const alerts = (await call(analyst.token, 'GET', `/v1/risk/alerts?clientId=${client.id}`)).json().items
    expect(alerts).toEqual([expect.objectContaining({ outcome: 'block', transferId: null, ruleIds: ['high-risk-jurisdiction'] })])
    const decisions = (await call(analyst.token, 'GET', `/v1/risk/decisions?clientId=${client.id}`)).json().items
    expect(decisions.find((d: any) => d.outcome === 'block')).toMatchObject({ transferId: null, facts: { transfer: { counterpartyCountry: 'KP' } } })
  })

  it('snoozes a rule for a client: decisions are kept, the alert is not raised', async () => {
    const client = await aClient('Snoozed Client')
    const snoozed = await call(analyst.token, 'POST', '/v1/risk/snoozes', { clientId: client.id, ruleId: 'structuring', until: new Date(Date.now() + 7 * 86_400_000).toISOString(), reason: 'cash business, explained and documented' })
    expect(snoozed.statusCode).toBe(201)
    for (let i = 0; i < 3; i += 1) await cashIn(client.account, '47000.00')
    expect((await call(analyst.token, 'GET', `/v1/risk/alerts?clientId=${client.id}`)).json().items).toEqual([])
    const decisions = (await call(analyst.token, 'GET', `/v1/risk/decisions?clientId=${client.id}`)).json().items
    expect(decisions.filter((d: any) => d.outcome === 'review')).toHaveLength(1)
    const tooLong = await call(analyst.token, 'POST', '/v1/risk/snoozes', { clientId: client.id, ruleId: 'structuring', until: new Date(Date.now() + 200 * 86_400_000).toISOString(), reason: 'x' })
    expect([tooLong.statusCode, tooLong.json().code]).toEqual([422, 'risk.invalid_snooze'])
  })
})

describe('rule versions', () => {
  // A stricter round-amount rule: any cash inflow that is a whole multiple of 10,000 blocks.
  const strict = {
    name: 'Round cash amounts (strict)', description: 'Any round cash deposit', typology: 'round-amounts', score: 100, action: 'block',
    explanation: 'Round cash deposit of {{transfer.amount}}',
    expression: { op: 'and', args: [
      { op: 'eq', left: { op: 'fact', path: 'transfer.channel' }, right: { op: 'literal', value: 'cash' } },
      { op: 'eq', left: { op: 'fact', path: 'transfer.isRoundAmount' }, right: { op: 'literal', value: true } },
    ] },
  }

  it('refuses a rule over a fact that does not exist, saying where', async () => {
    const bad = await call(analyst.token, 'POST', '/v1/risk/rules/round-amounts/versions', { ...strict, expression: { op: 'fact', path: 'transfer.amout' } })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().code).toBe('risk.invalid_rule')
    expect(bad.json().detail).toMatch(/transfer\.amout/)
    expect((await call(analyst.token, 'GET', '/v1/risk/rules/round-amounts')).json().versions).toHaveLength(1)
  })

  it('runs a new version in shadow: its would-be decisions are recorded, transfers are not affected', async () => {
    const version = await call(analyst.token, 'POST', '/v1/risk/rules/round-amounts/versions', strict)
    expect(version.json()).toMatchObject({ version: 2, state: 'draft' })
    const shadow = await call(analyst.token, 'POST', '/v1/risk/rules/round-amounts/activate', { version: 2, mode: 'shadow' })
    expect(shadow.json()).toMatchObject({ state: 'shadow' })

    const client = await aClient('Shadow Client')
    const posted = await cashIn(client.account, '30000.00')
    expect(posted.statusCode).toBe(201)
    const live = (await call(analyst.token, 'GET', `/v1/risk/decisions?transferId=${posted.json().id}&mode=live`)).json().items
    const wouldBe = (await call(analyst.token, 'GET', `/v1/risk/decisions?transferId=${posted.json().id}&mode=shadow`)).json().items
    expect(live).toEqual([expect.objectContaining({ outcome: 'allow' })])
    expect(wouldBe).toEqual([expect.objectContaining({ outcome: 'block', ruleVersions: expect.objectContaining({ 'round-amounts': 2 }) })])
    // The live decision carries the shadow version's result too, uncounted.
    expect(live[0].results.find((r: any) => r.ruleId === 'round-amounts' && r.mode === 'shadow')).toMatchObject({ hit: true, version: 2 })
    expect((await call(analyst.token, 'GET', `/v1/risk/alerts?clientId=${client.id}`)).json().items).toEqual([])

    const backtest = await call(analyst.token, 'POST', '/v1/risk/rules/round-amounts/backtest', { version: 2, from: '2000-01-01T00:00:00Z', to: new Date(Date.now() + 60_000).toISOString() })
    expect(backtest.statusCode).toBe(200)
    expect(backtest.json().flagged.map((f: any) => f.transferId)).toContain(posted.json().id)
    expect(backtest.json().outcomes.wouldBe.block).toBeGreaterThanOrEqual(1)
  })

  it('goes live only when a second person approves, then blocks', async () => {
    const asked = await call(analyst.token, 'POST', '/v1/risk/rules/round-amounts/activate', { version: 2, mode: 'live' })
    expect(asked.statusCode).toBe(202)
    const client = await aClient('Live Client')
    expect((await cashIn(client.account, '30000.00')).statusCode).toBe(201) // not live yet
    const self = await call(analyst.token, 'POST', `/v1/approvals/${asked.json().approvalId}/approve`, {})
    expect([self.statusCode, self.json().code]).toEqual([403, 'compliance.self_approval'])
    const approved = await call(checker.token, 'POST', `/v1/approvals/${asked.json().approvalId}/approve`, {})
    expect(approved.json()).toMatchObject({ status: 'executed', result: { ruleId: 'round-amounts', version: 2, state: 'live' } })
    const versions = (await call(analyst.token, 'GET', '/v1/risk/rules/round-amounts')).json().versions
    expect(versions.map((v: any) => [v.version, v.state])).toEqual([[1, 'retired'], [2, 'live']])
    const refused = await cashIn(client.account, '20000.00')
    expect([refused.statusCode, refused.json().code, refused.json().ruleIds]).toEqual([422, 'risk.blocked', ['round-amounts']])
  })
})

describe.runIf(hasPostgres())('alerts under concurrency (PostgreSQL)', () => {
  it('gathers fifty concurrent alerts for one client into one case', async () => {
    const client = await aClient('Busy Client')
    const raised = await Promise.all(Array.from({ length: 50 }, (_, i) => t.app.services.riskCases.raiseAlert({
      clientId: client.id, decisionId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, transferId: null, outcome: 'review', score: 60, ruleIds: ['structuring'],
    })))
    expect(new Set(raised.map((r) => r!.riskCase.id)).size).toBe(1)
    expect(raised.filter((r) => r!.opened)).toHaveLength(1)
    const cases = (await call(analyst.token, 'GET', `/v1/risk/cases?clientId=${client.id}`)).json().items
    expect(cases).toHaveLength(1)
    expect((await call(analyst.token, 'GET', `/v1/risk/alerts?caseId=${cases[0].id}&limit=500`)).json().items).toHaveLength(50)
  })
})

describe('batches', () => {
  it('decides every transfer of a batch, refuses the batch on a block, and records what posted', async () => {
    const client = await aClient('Batch Client')
    const batch = (amounts: string[]) => call(ops.token, 'POST', '/v1/transfers/batch', {
      mode: 'independent', transfers: amounts.map((amount) => ({ debitAccountId: vault, creditAccountId: client.account, amount: cny(amount), channel: 'cash' })),
    })
    const posted = await batch(['46000.00', '46500.00', '47000.00'])
    expect(posted.json()).toMatchObject({ posted: 3 })
    // Decided one by one before posting: the batch's own earlier items are not yet in the buckets, so no structuring here …
    const decisions = (await call(analyst.token, 'GET', `/v1/risk/decisions?clientId=${client.id}`)).json().items
    expect(decisions).toHaveLength(3)
    expect(decisions.every((d: any) => d.transferId !== null)).toBe(true)
    // … but they were recorded: the next near-threshold deposit is the fourth of the day.
    await cashIn(client.account, '45500.00')
    const alerts = (await call(analyst.token, 'GET', `/v1/risk/alerts?clientId=${client.id}`)).json().items
    expect(alerts).toEqual([expect.objectContaining({ ruleIds: ['structuring'] })])
  })
})
