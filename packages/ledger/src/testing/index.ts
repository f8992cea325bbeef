export { createInMemoryLedgerRepository } from './in-memory-repository.js'
export type { InMemoryLedgerRepository } from './in-memory-repository.js'
export {
  cny,
  usd,
  eur,
  jpy,
  anAccount,
  anInternalAccount,
  aVault,
  vaultId,
  aDeposit,
  aWithdrawal,
  aPayment,
  aHoldRequest,
  aNewClientAccount,
  aNewInternalAccount,
} from './builders.js'
export type { AccountStateOverrides } from './builders.js'
