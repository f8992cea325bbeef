/**
 * The two five-step scales suitability compares. A client's risk profile
 * C1 (conservative) … C5 (aggressive) comes from a questionnaire; a product's
 * risk level R1 (lowest) … R5 (highest) is set by the product committee. The
 * scales are the ones Chinese banks use for wealth-management sales (客户风险
 * 承受能力 C1–C5, 产品风险等级 R1–R5), and they line up with MiFID-style
 * five-point scales elsewhere.
 */
export const riskProfileCodes = ['C1', 'C2', 'C3', 'C4', 'C5'] as const
export type RiskProfileCode = (typeof riskProfileCodes)[number]

export const productRiskLevels = ['R1', 'R2', 'R3', 'R4', 'R5'] as const
export type ProductRiskLevel = (typeof productRiskLevels)[number]

export function isRiskProfileCode(value: unknown): value is RiskProfileCode {
  return typeof value === 'string' && (riskProfileCodes as readonly string[]).includes(value)
}

export function isProductRiskLevel(value: unknown): value is ProductRiskLevel {
  return typeof value === 'string' && (productRiskLevels as readonly string[]).includes(value)
}

/** 1 … 5: the step of a profile or a product level on its scale. */
export function riskStep(code: RiskProfileCode | ProductRiskLevel): number {
  return Number(code.slice(1))
}
