import { parseMoney, type Actor } from '@strongroom/kernel'
import { formatCalendarDate } from '@strongroom/ledger'
import type { NewClient } from '@strongroom/relationship'
import { seedDemoProducts } from './demo-products.js'
import type { Services } from './services.js'

export interface DemoBook {
  readonly tokens: ReadonlyArray<{ readonly who: string; readonly roles: string; readonly token: string }>
  readonly clients: number
  readonly accounts: number
}

/** Opening deposits of the demo clients, in the order of `demoClients`. */
const demoDeposits: ReadonlyArray<{ currency: 'CNY' | 'USD' | 'HKD' | 'GBP' | 'CHF'; amount: string }> = [
  { currency: 'CNY', amount: '28500000.00' },
  { currency: 'CNY', amount: '6200000.00' },
  { currency: 'HKD', amount: '45000000.00' },
  { currency: 'GBP', amount: '3150000.00' },
  { currency: 'CHF', amount: '12000000.00' },
]

const demoClients: ReadonlyArray<NewClient & { rm: 0 | 1 }> = [
  { rm: 0, kind: 'individual', legalName: 'WANG Xiaoming', nativeName: '王小明', birthOrRegistrationDate: '1968-04-12', country: 'CN', segment: 'ultra_high_net_worth',
    contactPoints: [{ kind: 'mobile', value: '+86 138 0000 0001', preferred: true }] },
  { rm: 0, kind: 'individual', legalName: 'LI Na', nativeName: '李娜', birthOrRegistrationDate: '1975-09-30', country: 'CN', segment: 'high_net_worth',
    contactPoints: [{ kind: 'email', value: 'li.na@example.cn' }] },
  { rm: 0, kind: 'institution', legalName: 'Jade River Holdings Ltd', nativeName: '玉河控股有限公司', birthOrRegistrationDate: '2009-06-01', country: 'HK', segment: 'corporate',
    contactPoints: [{ kind: 'email', value: 'treasury@jaderiver.example' }] },
  { rm: 1, kind: 'individual', legalName: 'Amelia Hartley', birthOrRegistrationDate: '1981-02-17', country: 'GB', segment: 'high_net_worth',
    contactPoints: [{ kind: 'email', value: 'amelia.hartley@example.co.uk' }] },
  { rm: 1, kind: 'institution', legalName: 'Northwind Family Office SA', birthOrRegistrationDate: '2015-11-20', country: 'CH', segment: 'institutional',
    contactPoints: [{ kind: 'phone', value: '+41 44 000 00 00' }] },
]

/** A small book to try Strongroom with: two RMs with their clients and funded deposit accounts, a compliance officer, a risk officer and an auditor. */
export async function seedDemoBook(services: Services, admin: Actor): Promise<DemoBook> {
  const { relationship, tokens, ledger } = services
  const people = [
    { email: 'chen.jing@demo.strongroom', displayName: 'CHEN Jing (RM)', roles: ['relationship_manager'] as const },
    { email: 'oliver.grant@demo.strongroom', displayName: 'Oliver Grant (RM)', roles: ['relationship_manager'] as const },
    { email: 'zhao.min@demo.strongroom', displayName: 'ZHAO Min (compliance)', roles: ['compliance_officer'] as const },
    { email: 'sun.lei@demo.strongroom', displayName: 'SUN Lei (risk)', roles: ['risk_officer'] as const },
    { email: 'audit@demo.strongroom', displayName: 'Internal Audit', roles: ['auditor'] as const },
  ]
  const staff = []
  const issued = []
  for (const person of people) {
    const member = await relationship.createStaffMember(person)
    staff.push(member)
    const token = await tokens.issue({ staffId: member.id, label: 'demo', createdBy: admin.staffId })
    issued.push({ who: person.displayName, roles: person.roles.join(','), token: token.token })
  }
  const products = await seedDemoProducts(services, admin.staffId, formatCalendarDate(services.catalogue.today()))
  const vaults = new Map<string, string>()
  let accounts = 0
  let firstClient: { id: string; account: string } | undefined
  for (const [index, { rm, ...client }] of demoClients.entries()) {
    const created = await relationship.createClient(admin, { ...client, relationshipManagerId: staff[rm]!.id })
    await relationship.updateClient(admin, created.id, { status: 'onboarding', statusReason: 'demo: documents received' })
    await relationship.updateClient(admin, created.id, { status: 'active', statusReason: 'demo: onboarding complete' })
    await verifyDemoKyc(services, created.id, client.kind, client.country, admin.staffId)
    const deposit = demoDeposits[index]!
    if (!vaults.has(deposit.currency)) {
      const vault = await ledger.openAccount({
        kind: 'internal', internalPurpose: 'cash_vault', currency: deposit.currency, unbounded: true, name: `Cash vault ${deposit.currency}`,
      })
      vaults.set(deposit.currency, vault.account.id)
    }
    const account = await ledger.openAccount({ kind: 'client', clientId: created.id, currency: deposit.currency, name: 'Demand deposit' })
    accounts += 1
    await ledger.postTransfer({
      debitAccountId: vaults.get(deposit.currency)!, creditAccountId: account.account.id,
      amount: parseMoney(deposit.amount, deposit.currency), channel: 'transfer', reference: 'Demo opening deposit',
    })
    firstClient ??= { id: created.id, account: account.account.id }
  }
  // The first client keeps part of the money on a one-year time deposit.
  if (firstClient) {
    await services.deposits.openDeposit({
      clientId: firstClient.id, clientType: 'individual', productId: products.get('TD-CNY')!, amount: parseMoney('10000000.00', 'CNY'), tenor: '1Y',
      fundingAccountId: firstClient.account, maturityInstruction: 'rollover-principal-and-interest',
    }, admin.staffId)
  }
  return { tokens: issued, clients: demoClients.length, accounts }
}

/** Demo clients come through KYC like real ones: rated, origins declared, a document on file, verified. */
async function verifyDemoKyc(services: Services, clientId: string, kind: 'individual' | 'institution', country: string, staffId: string): Promise<void> {
  await services.kyc.updateProfile(clientId, {
    riskRating: kind === 'institution' ? 'medium' : 'high',
    ratingReasons: ['demo: large deposits', kind === 'institution' ? 'demo: corporate structure reviewed' : 'demo: politically exposed person screening clear'],
    sourceOfWealth: { declaration: 'demo: business ownership and investments', evidenceRefs: ['demo/sow-1.pdf'] },
    sourceOfFunds: { declaration: 'demo: sale of shares', evidenceRefs: ['demo/sof-1.pdf'] },
  }, staffId)
  await services.kyc.addDocument(clientId, {
    type: kind === 'institution' ? 'business-licence' : 'passport', number: `DEMO${clientId.slice(-8).toUpperCase()}`, issuingCountry: country,
    expiresOn: `${services.catalogue.today().year + 5}-12-31`,
  }, staffId)
  await services.kyc.verify(clientId, 'in-person', staffId)
}
