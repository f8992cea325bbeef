import { parseMoney, toMoneyJson } from '@strongroom/kernel'
import { isMultiLeg, type TransferRequest } from '@strongroom/ledger'

// An approval request keeps the transfer as JSON: amounts as decimal strings, never numbers.
type LegJson = { accountId: string; direction: 'debit' | 'credit'; amount: { amount: string; currency: string } }
export type TransferJson = Record<string, unknown> & { entries?: LegJson[]; amount?: { amount: string; currency: string } }

export function transferToJson(request: TransferRequest): TransferJson {
  if (isMultiLeg(request)) return { ...request, entries: request.entries.map((e) => ({ ...e, amount: toMoneyJson(e.amount) })) }
  return { ...request, amount: toMoneyJson(request.amount) }
}

export function transferFromJson(json: TransferJson): TransferRequest {
  if (json.entries) return { ...json, entries: json.entries.map((e) => ({ ...e, amount: parseMoney(e.amount.amount, e.amount.currency) })) } as unknown as TransferRequest
  return { ...json, amount: parseMoney(json.amount!.amount, json.amount!.currency) } as unknown as TransferRequest
}
